/**
 * The code editor: CodeMirror 6 with TypeScript highlighting, line numbers, bracket matching and
 * undo history; one view per file behind a tab list. Tab indents; Escape then Tab leaves the
 * editor (CodeMirror's tab-focus mode), so keyboard users are never trapped.
 *
 * Help while typing (bracket closing, completions from the sandbox's types: ../completions) comes
 * with the learner's first click or key in an editable file, and the syntax error squiggle
 * (./diagnostics) with the first problem: a lab that is only read or run downloads neither.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import {
  Annotation,
  Compartment,
  EditorSelection,
  EditorState,
  Prec,
  RangeSetBuilder,
} from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  ViewPlugin,
  type ViewUpdate,
} from '@codemirror/view';
import type { RuntimeProblem } from '../runtime';
import { problemMarker } from './diagnostics';
import { h, uid } from './dom';
import { editorTheme, siteScheme, watchScheme } from './editor-theme';
import { typescript } from './language';

export interface EditorFile {
  path: string;
  /** The text, or (read-only files) how to load it: it loads when its tab is first shown. */
  source: string | (() => Promise<string>);
  readonly: boolean;
}

/** Marks changes made by the lab (reset, solution) so they are not echoed back as edits. */
const external = Annotation.define<boolean>();
/** Holds the light or dark palette; reconfigured in every view when the site's theme changes. */
const themeSlot = new Compartment();
/** Empty until the typing help has loaded, then bracket closing and completions (editable files only). */
const helpSlot = new Compartment();

/** One line decoration per indentation width, shared by every line that has it. */
const hangs = new Map<number, Decoration>();
function hang(columns: number): Decoration {
  let deco = hangs.get(columns);
  if (!deco) {
    // 6px is CodeMirror's own left padding of a line, kept; text-indent pulls the first row back.
    deco = Decoration.line({
      attributes: { style: `padding-left: calc(${columns}ch + 6px); text-indent: -${columns}ch` },
    });
    hangs.set(columns, deco);
  }
  return deco;
}

/**
 * With lines wrapping, a wrapped line's rest would start at the left edge and read as a new,
 * unindented statement: it continues under its own indentation plus two columns instead.
 */
const hangingIndent = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = this.build(view);
    }
    update(update: ViewUpdate): void {
      if (update.docChanged || update.viewportChanged) this.decorations = this.build(update.view);
    }
    build(view: EditorView): DecorationSet {
      const builder = new RangeSetBuilder<Decoration>();
      const tabSize = view.state.tabSize;
      for (const { from, to } of view.visibleRanges) {
        for (let pos = from; pos <= to;) {
          const line = view.state.doc.lineAt(pos);
          let columns = 0;
          for (const char of line.text) {
            if (char === ' ') columns++;
            else if (char === '\t') columns += tabSize - (columns % tabSize);
            else break;
          }
          builder.add(line.from, line.from, hang(columns + 2));
          pos = line.to + 1;
        }
      }
      return builder.finish();
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

export function createEditors(
  files: EditorFile[],
  onChange: (path: string, source: string) => void,
  options: { onRun?: () => void } = {},
) {
  const views = new Map<string, EditorView>();
  const tabs = new Map<string, HTMLButtonElement>();
  const panels = new Map<string, HTMLElement>();
  const tablist = h('div', { role: 'tablist', 'aria-label': 'Files', className: 'lab-tabs' });
  const element = h('div', { className: 'lab-editor' });
  let helping = false;
  const loadHelp = (): false => {
    if (helping) return false;
    helping = true;
    void import('../completions').then(({ typingHelp }) => {
      const effects = helpSlot.reconfigure(typingHelp());
      for (const [path, view] of views)
        if (!files.find((f) => f.path === path)?.readonly) view.dispatch({ effects });
      // For tests: from here on `(` closes and completions pop up.
      element.dataset['help'] = 'ready';
    });
    return false;
  };
  const body = h('div', { className: 'lab-editor-body' });
  const scheme = siteScheme();
  const stopWatching = watchScheme((next) => {
    const effects = themeSlot.reconfigure(editorTheme(next));
    for (const view of views.values()) view.dispatch({ effects });
  });

  /** Read-only files whose text is still to load: on their first showing. */
  const pending = new Map<string, () => Promise<string>>();
  const load = (path: string): void => {
    const source = pending.get(path);
    const view = views.get(path);
    if (!source || !view) return;
    pending.delete(path);
    void source().then(
      (text) =>
        view.dispatch({
          changes: { from: 0, to: view.state.doc.length, insert: text },
          annotations: external.of(true),
        }),
      (error: unknown) =>
        view.dispatch({
          changes: {
            from: 0,
            to: view.state.doc.length,
            insert: `// Could not load ${path}: ${(error as Error).message}`,
          },
          annotations: external.of(true),
        }),
    );
  };
  const select = (path: string, focus = false): void => {
    load(path);
    for (const [p, tab] of tabs) {
      const on = p === path;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      panels.get(p)?.toggleAttribute('hidden', !on);
    }
    if (focus) tabs.get(path)?.focus();
  };

  for (const file of files) {
    const tabId = uid('lab-tab');
    const panelId = uid('lab-panel');
    const label = file.readonly ? `sandbox-server/src/${file.path} (read-only)` : file.path;
    const tab = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: tabId,
        'aria-controls': panelId,
        className: file.readonly ? 'lab-tab lab-tab-ro' : 'lab-tab',
      },
      file.readonly ? `${file.path} (read-only)` : file.path,
    );
    tab.addEventListener('click', () => select(file.path));
    tab.addEventListener('keydown', (event) => {
      const order = [...tabs.keys()];
      const at = order.indexOf(file.path);
      const next =
        event.key === 'ArrowRight'
          ? order[(at + 1) % order.length]
          : event.key === 'ArrowLeft'
            ? order[(at - 1 + order.length) % order.length]
            : undefined;
      if (next) {
        event.preventDefault();
        select(next, true);
      }
    });
    const panel = h('div', {
      role: 'tabpanel',
      id: panelId,
      'aria-labelledby': tabId,
      className: 'lab-editor-panel',
    });
    const view = new EditorView({
      parent: panel,
      state: EditorState.create({
        doc: typeof file.source === 'string' ? file.source : `// Loading sandbox-server/src/${file.path}…`,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          themeSlot.of(editorTheme(scheme)),
          // Long lines wrap: at phone width a line's end would otherwise sit off-screen to the right.
          EditorView.lineWrapping,
          hangingIndent,
          // The TypeScript grammar alone: javascript()'s keyword and local-name completions are not the lab's.
          typescript,
          helpSlot.of([]),
          file.readonly ? [] : EditorView.domEventHandlers({ keydown: loadHelp, mousedown: loadHelp }),
          // Mod-Enter runs the checks; above defaultKeymap, where it would insert a blank line.
          Prec.highest(
            keymap.of([{ key: 'Mod-Enter', run: () => (options.onRun?.(), options.onRun !== undefined) }]),
          ),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          // tabindex: keyboard users reach (and can scroll) every file, read-only ones included.
          EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
          EditorState.readOnly.of(file.readonly),
          EditorView.editable.of(!file.readonly),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged || file.readonly) return;
            if (update.transactions.some((tr) => tr.annotation(external))) return;
            onChange(file.path, update.state.doc.toString());
          }),
        ],
      }),
    });
    views.set(file.path, view);
    if (typeof file.source !== 'string') pending.set(file.path, file.source);
    tabs.set(file.path, tab);
    panels.set(file.path, panel);
    tablist.append(tab);
    body.append(panel);
  }
  const first = files[0];
  if (first) select(first.path);
  element.append(tablist, body);
  const markProblem = problemMarker(views);

  return {
    element,
    select,
    get(path: string): string | undefined {
      return views.get(path)?.state.doc.toString();
    },
    /** Replaces a file's text as one undoable step (Ctrl+Z in the editor brings the old text back). */
    set(path: string, source: string): void {
      const view = views.get(path);
      if (!view || view.state.doc.toString() === source) return;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: source },
        annotations: external.of(true),
      });
    },
    /** Shows a file and puts the keyboard in it (where its cursor was). */
    focus(path: string): void {
      select(path);
      views.get(path)?.focus();
    },
    /** Shows a position (a syntax error) with the cursor on it. */
    reveal(path: string, line: number, column: number): void {
      const view = views.get(path);
      if (!view) return;
      select(path);
      const target = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
      const pos = Math.min(target.from + Math.max(column - 1, 0), target.to);
      view.dispatch({ selection: EditorSelection.cursor(pos), scrollIntoView: true });
      view.focus();
    },
    /** Squiggles a syntax or load error where it was reported; null clears it. Cheap to call on every render. */
    showProblem(problem: RuntimeProblem | null): void {
      markProblem(problem);
    },
    destroy(): void {
      stopWatching();
      for (const view of views.values()) view.destroy();
    },
  };
}

export type Editors = ReturnType<typeof createEditors>;
