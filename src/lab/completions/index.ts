/**
 * Help while typing in the lab editor: bracket closing, and completions for what a leaf can reach,
 * from the table build.ts reads out of the sandbox's type declarations (`virtual:lab-completions`).
 *
 * Context-aware where it is cheap: after `c.` the context's methods, after `c.req.` the request's,
 * after `session.` or `c.get('session').` the session's, after a dep (`tokens.`, `tokens.refresh.`)
 * its members; a bare identifier offers the deps and the hono/cookie and @sandbox/http helpers.
 * Nothing is offered in strings and comments. The editor loads this module (and the table) on the
 * learner's first click or key in an editor, so a lab that is only read or run never downloads it.
 */
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  type Completion,
  type CompletionContext,
  type CompletionResult,
  type CompletionSource,
} from '@codemirror/autocomplete';
import { syntaxTree } from '@codemirror/language';
import { Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import generated from 'virtual:lab-completions';
import type { CompletionEntry, CompletionTable } from './table';

export type { CompletionEntry, CompletionTable } from './table';

/**
 * Syntax nodes whose text is not code: no completions there. The editor's stream parser names its
 * tokens `string`, `string.special` (templates, regexps) and `comment`; a lezer grammar would say
 * String, TemplateString, LineComment, BlockComment, RegExp.
 */
const NOT_CODE = /^(?:string|comment|templatestring|linecomment|blockcomment|regexp)\b/i;

/**
 * A chain before a dot: identifiers, dots and string-argument calls (`c.get('session')`), ending
 * in a dot and the word being typed. Anchored at the cursor; the leftmost start wins, so the whole
 * chain is taken (`tokens.refresh.re` is `tokens.refresh` + `re`, not `refresh` + `re`).
 */
const MEMBER =
  /([A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*|\s*\(\s*(?:'[^'\n]*'|"[^"\n]*")\s*\))*)\s*\??\.\s*([\w$]*)$/;
const SEGMENT = /[A-Za-z_$][\w$]*|\(\s*(?:'([^'\n]*)'|"([^"\n]*)")\s*\)/g;

export type Target =
  { kind: 'member'; object: string; from: number } | { kind: 'global'; from: number } | null;

/** What the cursor is completing: a member of `object` (normalised: no spaces, single quotes), a bare name, or nothing. */
export function completionTarget(context: CompletionContext): Target {
  const { state, pos } = context;
  const node = syntaxTree(state).resolveInner(pos, -1);
  if (NOT_CODE.test(node.name)) return null;
  const before = state.sliceDoc(Math.max(0, pos - 300), pos);
  const member = MEMBER.exec(before);
  if (member) {
    const [, chain = '', word = ''] = member;
    return { kind: 'member', object: normalise(chain), from: pos - word.length };
  }
  const word = /[A-Za-z_$][\w$]*$/.exec(before);
  // A word that follows a digit or a dot is no identifier (`1e5`, `a.` handled above).
  if (word && !/[\w$.]$/.test(before.slice(0, -word[0].length)))
    return { kind: 'global', from: pos - word[0].length };
  // Ctrl+Space on nothing: the top-level names, to browse.
  if (context.explicit && !/[\w$.]$/.test(before)) return { kind: 'global', from: pos };
  return null;
}

/** `c .get( "session" ) ?. x` → `c.get('session').x`: the form the table's roots are keyed by. */
function normalise(chain: string): string {
  const parts: string[] = [];
  for (const match of chain.matchAll(SEGMENT)) {
    const [text, single, double] = match;
    if (text.startsWith('(')) parts[parts.length - 1] += `('${single ?? double ?? ''}')`;
    else parts.push(text);
  }
  return parts.join('.');
}

/** The table type of an object expression: the longest prefix that is a root, then through `of`. */
export function typeOf(table: CompletionTable, object: string): string | undefined {
  const segments = object.split('.');
  for (let length = segments.length; length > 0; length--) {
    let type = table.roots[segments.slice(0, length).join('.')];
    for (const segment of segments.slice(length)) {
      type = type && table.types[type]?.find((entry) => entry.label === segment)?.of;
    }
    if (type) return type;
  }
  return undefined;
}

/** The completion result for a context, or null when there is nothing worth offering. */
export function completionsFor(table: CompletionTable, context: CompletionContext): CompletionResult | null {
  const target = completionTarget(context);
  if (!target) return null;
  let entries: CompletionEntry[] | undefined;
  if (target.kind === 'member') {
    const type = typeOf(table, target.object);
    entries = type ? table.types[type] : undefined;
  } else {
    // A bare word: only once something is typed (or asked for), not on every space.
    if (target.from === context.pos && !context.explicit) return null;
    entries = table.globals;
  }
  if (!entries || entries.length === 0) return null;
  return { from: target.from, options: entries.map(completion), validFor: /^[\w$]*$/ };
}

export function completion(entry: CompletionEntry): Completion {
  return { label: entry.label, type: entry.type, detail: entry.detail, info: () => infoElement(entry) };
}

/** The blocks the info panel shows, top to bottom (plain data, so it is testable without a DOM). */
export function infoBlocks(
  entry: CompletionEntry,
): { kind: 'signature' | 'doc' | 'import' | 'example'; text: string }[] {
  const signatures = entry.overloads ?? [entry.detail];
  const callable = entry.type === 'method' || entry.type === 'function';
  return [
    ...signatures.map((text) => ({
      kind: 'signature' as const,
      text: callable ? `${entry.label}${text}` : `${entry.label}: ${text}`,
    })),
    ...entry.doc
      .split(/\n\s*\n/)
      .filter((text) => text.trim())
      .map((text) => ({ kind: 'doc' as const, text: text.trim() })),
    ...(entry.module
      ? [{ kind: 'import' as const, text: `import { ${entry.label} } from '${entry.module}';` }]
      : []),
    ...(entry.examples ?? []).map((text) => ({ kind: 'example' as const, text })),
  ];
}

function infoElement(entry: CompletionEntry): HTMLElement {
  const root = document.createElement('div');
  root.className = 'lab-completion-info';
  for (const block of infoBlocks(entry)) {
    if (block.kind === 'example') {
      const pre = document.createElement('pre');
      pre.append(code(block.text));
      root.append(pre);
    } else if (block.kind === 'doc') {
      // `code` spans of the doc comment as <code>; the rest as text.
      const p = document.createElement('p');
      block.text.split(/(`[^`]+`)/).forEach((part, i) => p.append(i % 2 ? code(part.slice(1, -1)) : part));
      root.append(p);
    } else {
      const p = document.createElement('p');
      p.className = `lab-completion-${block.kind}`;
      p.append(code(block.text));
      root.append(p);
    }
  }
  return root;
}

function code(text: string): HTMLElement {
  const element = document.createElement('code');
  element.textContent = text;
  return element;
}

export function labCompletionSource(table: CompletionTable): CompletionSource {
  return (context) => completionsFor(table, context);
}

/**
 * The completion list scrolls (it shows about nine options), so it must be reachable by keyboard
 * too (WCAG 2.1.1; axe's scrollable-region-focusable): a tab stop. Focus inside the tooltip does
 * not close it, and the arrow keys in the editor still move the selection as before. CodeMirror
 * builds a new list when the options change, so this runs after every update.
 */
const focusableList = EditorView.updateListener.of((update) => {
  const list = update.view.dom.querySelector<HTMLElement>('.cm-tooltip-autocomplete > ul');
  if (list && list.tabIndex !== 0) list.tabIndex = 0;
});

/** Bracket closing and the lab's completions, for an editable editor. */
export function typingHelp(table: CompletionTable = generated): Extension {
  return [
    closeBrackets(),
    // Above the default keymap: Backspace between `()` deletes both.
    Prec.high(keymap.of(closeBracketsKeymap)),
    autocompletion({ override: [labCompletionSource(table)], icons: true }),
    focusableList,
  ];
}
