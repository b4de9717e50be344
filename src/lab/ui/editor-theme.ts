/**
 * The editor's colours: a light and a dark palette, each as a CodeMirror theme (background,
 * gutter, active line, selection) plus a highlight style for the TypeScript tokens. The site
 * switches themes with CSS light-dark(), which CodeMirror's highlight classes cannot follow, so
 * the editor watches the site's theme (<html data-theme>, else the system) and swaps palettes.
 *
 * Every token colour keeps at least 4.5:1 (WCAG AA, normal text) against every background text
 * can sit on: the editor, the active line, the selection and a matched bracket
 * (editor-theme.test.ts checks the numbers; test/e2e/lab-theme.spec.ts checks the rendered page).
 */
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags as t, type Tag } from '@lezer/highlight';

export type Scheme = 'light' | 'dark';

export type TokenKind =
  | 'keyword'
  | 'string'
  | 'comment'
  | 'number'
  | 'atom'
  | 'propertyName'
  | 'typeName'
  | 'definition'
  | 'variableName'
  | 'operator'
  | 'punctuation';

export interface EditorPalette {
  background: string;
  text: string;
  cursor: string;
  /** The focused editor's outline (CodeMirror's own is a dotted near-black line, lost on dark). */
  focus: string;
  gutterBackground: string;
  gutterText: string;
  gutterBorder: string;
  activeLine: string;
  activeGutter: string;
  activeGutterText: string;
  selection: string;
  matchingBracket: string;
  nonmatchingBracket: string;
  /** Completion list, its info panel and the diagnostic's hover: text in `text` on these. */
  tooltipBackground: string;
  tooltipBorder: string;
  /** The highlighted completion (the one Enter accepts). */
  optionSelected: string;
  /** A completion's signature beside its name, and a diagnostic's secondary text. */
  detailText: string;
  tokens: Record<TokenKind, string>;
}

/** The backgrounds text can sit on, for the contrast test: the gutter and the tooltips have their own. */
export const textBackgrounds = [
  'background',
  'activeLine',
  'selection',
  'matchingBracket',
  'nonmatchingBracket',
] as const;

export const palettes: Record<Scheme, EditorPalette> = {
  // The site's --surface and --text, so the editor reads as part of the page.
  light: {
    background: '#ffffff',
    text: '#1d2126',
    cursor: '#1d2126',
    focus: '#0a58a8',
    gutterBackground: '#f6f5f1',
    gutterText: '#59616b',
    gutterBorder: '#dedad0',
    activeLine: '#f1f5fa',
    activeGutter: '#e6ebf1',
    activeGutterText: '#1d2126',
    selection: '#cde0f7',
    matchingBracket: '#d4ebe6',
    nonmatchingBracket: '#f8dcdc',
    tooltipBackground: '#f6f5f1',
    tooltipBorder: '#8a8578',
    optionSelected: '#cde0f7',
    detailText: '#4f5761',
    tokens: {
      keyword: '#b3175d',
      string: '#0a3d7a',
      comment: '#555e69',
      number: '#0550ae',
      atom: '#0550ae',
      propertyName: '#1d5f64',
      typeName: '#8a4100',
      definition: '#8a4100',
      variableName: '#1d2126',
      operator: '#9a1d33',
      punctuation: '#4f5761',
    },
  },
  dark: {
    background: '#1b1e23',
    text: '#e4e4e0',
    cursor: '#e4e4e0',
    focus: '#9ccaff',
    gutterBackground: '#202328',
    gutterText: '#a0a8b2',
    gutterBorder: '#343941',
    activeLine: '#262a31',
    activeGutter: '#2c3139',
    activeGutterText: '#e4e4e0',
    selection: '#2a3d56',
    matchingBracket: '#24433f',
    nonmatchingBracket: '#4a2626',
    tooltipBackground: '#202328',
    tooltipBorder: '#6b7380',
    optionSelected: '#2a3d56',
    detailText: '#b6bdc6',
    tokens: {
      keyword: '#ff8fb8',
      string: '#a8d4ff',
      comment: '#aab2bc',
      number: '#80c8ff',
      atom: '#80c8ff',
      propertyName: '#8fdccf',
      typeName: '#ffb86b',
      definition: '#ffb86b',
      variableName: '#e4e4e0',
      operator: '#ff9e8a',
      punctuation: '#b6bdc6',
    },
  },
};

/**
 * Which tags each token kind colours: the ones the stream mode (./language) gives TypeScript code.
 * It tells no function names from other names, and says string.special for template strings and
 * regular expressions alike.
 */
export const kindTags: Record<TokenKind, Tag | Tag[]> = {
  // modifier: readonly, private, async, get, static: keywords to a reader.
  keyword: [t.keyword, t.modifier],
  // special(string): a template string or a regular expression.
  string: [t.string, t.special(t.string), t.regexp, t.escape],
  comment: t.comment,
  number: t.number,
  atom: [t.bool, t.null, t.atom, t.self],
  propertyName: [t.propertyName, t.definition(t.propertyName)],
  typeName: [t.typeName, t.className, t.namespace, t.definition(t.className)],
  definition: t.definition(t.variableName),
  // special: `this`-like names; standard: built-ins such as `undefined` or `Date`.
  variableName: [t.variableName, t.labelName, t.special(t.variableName), t.standard(t.variableName)],
  operator: t.operator,
  // derefOperator is the dot of a.b: punctuation to a reader, not an operator.
  punctuation: [t.punctuation, t.derefOperator, t.meta],
};

export function highlightStyle(scheme: Scheme): HighlightStyle {
  const { tokens } = palettes[scheme];
  return HighlightStyle.define(
    [
      ...(Object.keys(kindTags) as TokenKind[]).map((kind) => ({ tag: kindTags[kind], color: tokens[kind] })),
      { tag: t.comment, color: tokens.comment, fontStyle: 'italic' },
      { tag: t.invalid, color: palettes[scheme].text, textDecoration: 'underline wavy' },
    ],
    { themeType: scheme },
  );
}

function baseTheme(scheme: Scheme): Extension {
  const p = palettes[scheme];
  return EditorView.theme(
    {
      '&': { backgroundColor: p.background, color: p.text },
      // The site's --focus colour, around the whole box: drawn inside, the sticky gutter would cover its left side.
      '&.cm-focused': { outline: `2px solid ${p.focus}` },
      '.cm-content': { caretColor: p.cursor },
      '.cm-cursor, .cm-dropCursor': { borderLeftColor: p.cursor },
      '.cm-gutters': {
        backgroundColor: p.gutterBackground,
        color: p.gutterText,
        borderRight: `1px solid ${p.gutterBorder}`,
      },
      '.cm-activeLineGutter': { backgroundColor: p.activeGutter, color: p.activeGutterText },
      '.cm-activeLine': { backgroundColor: p.activeLine },
      // Both selection rules, focused and not: CodeMirror's own are more specific than a plain class.
      '.cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground': {
        background: p.selection,
      },
      '&.cm-focused .cm-matchingBracket, .cm-matchingBracket': { backgroundColor: p.matchingBracket },
      '&.cm-focused .cm-nonmatchingBracket, .cm-nonmatchingBracket': {
        backgroundColor: p.nonmatchingBracket,
      },
      // Completions (../completions) and the syntax error's hover (@codemirror/lint): CodeMirror's
      // own tooltip colours are a light grey and #17c / #347 with white; these are the palette's.
      '.cm-tooltip': {
        backgroundColor: p.tooltipBackground,
        color: p.text,
        border: `1px solid ${p.tooltipBorder}`,
      },
      '.cm-tooltip-autocomplete ul li[aria-selected]': { background: p.optionSelected, color: p.text },
      // Narrower than CodeMirror's 700px: a long signature is cut (the info panel has it whole), and
      // the info panel fits beside the list instead of covering the other options.
      '.cm-tooltip.cm-tooltip-autocomplete > ul': { maxWidth: 'min(30em, 95vw)' },
      '.cm-tooltip-autocomplete-disabled ul li[aria-selected]': { background: p.activeLine },
      // CodeMirror dims these (opacity 0.6 / 0.7), which takes them under 4.5:1.
      '.cm-completionDetail': { color: p.detailText },
      '.cm-completionIcon': { opacity: 1, color: p.detailText },
      '.cm-diagnosticSource': { opacity: 1, color: p.detailText },
      '.cm-diagnostic-error': { borderLeftColor: p.tokens.operator },
      // The info panel: the doc comment flows, an example keeps its lines.
      '.cm-completionInfo': { whiteSpace: 'normal', fontSize: '0.875rem', lineHeight: 1.45 },
      '.lab-completion-info p': { margin: '0.25rem 0' },
      '.lab-completion-info pre': {
        margin: '0.25rem 0',
        padding: '0.25rem 0.4rem',
        whiteSpace: 'pre-wrap',
        backgroundColor: p.background,
        border: `1px solid ${p.gutterBorder}`,
      },
      '.lab-completion-signature, .lab-completion-import': { fontWeight: 600 },
    },
    { dark: scheme === 'dark' },
  );
}

const built = new Map<Scheme, Extension>();

/** The theme and highlight style of one scheme, for a Compartment to swap (built once, shared by every view). */
export function editorTheme(scheme: Scheme): Extension {
  let extension = built.get(scheme);
  if (!extension) {
    extension = [baseTheme(scheme), syntaxHighlighting(highlightStyle(scheme))];
    built.set(scheme, extension);
  }
  return extension;
}

/** The site's theme now: pinned by the toggle on <html data-theme>, else the system's. */
export function siteScheme(): Scheme {
  const pinned = document.documentElement.dataset['theme'];
  if (pinned === 'light' || pinned === 'dark') return pinned;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls `onChange` whenever the site's theme changes (the toggle or the system); returns a stop function. */
export function watchScheme(onChange: (scheme: Scheme) => void): () => void {
  let last = siteScheme();
  const check = (): void => {
    const next = siteScheme();
    if (next === last) return;
    last = next;
    onChange(next);
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', check);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', check);
  };
}
