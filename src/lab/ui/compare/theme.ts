/**
 * The comparison's colours, on top of the editor's own palette (../editor-theme): your draft's
 * changed lines in a warm tint, the solution's in a green one, the changed words in a deeper shade
 * of each. @codemirror/merge's defaults are an 8% tint with a thin underline, which sit too close
 * to the background to see and put no number on the text's contrast; these are opaque, so
 * theme.test.ts can prove every token colour keeps 4.5:1 on each of them.
 */
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { Scheme } from '../editor-theme';

export interface MergePalette {
  /** A line of the draft that the solution does not have as is. */
  draftLine: string;
  /** The words of such a line that differ. */
  draftText: string;
  /** The gutter mark beside a changed draft line (a 3 px bar: 3:1 against the gutter). */
  draftMark: string;
  solutionLine: string;
  solutionText: string;
  solutionMark: string;
}

export const mergePalettes: Record<Scheme, MergePalette> = {
  light: {
    draftLine: '#fdf0ec',
    draftText: '#f8d8cf',
    draftMark: '#c2410c',
    solutionLine: '#ecf7ef',
    solutionText: '#cbeed5',
    solutionMark: '#17693a',
  },
  dark: {
    draftLine: '#34252a',
    draftText: '#56303a',
    draftMark: '#ff9e8a',
    solutionLine: '#1f3228',
    solutionText: '#264634',
    solutionMark: '#6fd08c',
  },
};

/** The backgrounds text sits on in a comparison, for the contrast test. */
export const mergeBackgrounds = ['draftLine', 'draftText', 'solutionLine', 'solutionText'] as const;

const built = new Map<Scheme, Extension>();

/**
 * Side by side, the draft is editor A (`.cm-merge-a`) and the solution editor B; in the unified
 * view (phones) the solution is the document and the draft's lines are the deleted chunks.
 */
export function mergeTheme(scheme: Scheme): Extension {
  let extension = built.get(scheme);
  if (!extension) {
    const p = mergePalettes[scheme];
    extension = EditorView.theme(
      {
        '&.cm-merge-a .cm-changedLine, .cm-deletedChunk': { backgroundColor: p.draftLine },
        '&.cm-merge-a .cm-changedText, .cm-deletedChunk .cm-deletedText': { background: p.draftText },
        '&.cm-merge-b .cm-changedLine, .cm-inlineChangedLine': { backgroundColor: p.solutionLine },
        '&.cm-merge-b .cm-changedText': { background: p.solutionText },
        '&.cm-merge-a .cm-changedLineGutter, .cm-deletedLineGutter': { background: p.draftMark },
        '&.cm-merge-b .cm-changedLineGutter': { background: p.solutionMark },
        // A spacer keeps both sides' unchanged lines level: a hatch says "nothing here".
        '.cm-mergeSpacer': {
          backgroundImage: `repeating-linear-gradient(-45deg, transparent 0 6px, ${p.draftLine} 6px 8px)`,
        },
      },
      { dark: scheme === 'dark' },
    );
    built.set(scheme, extension);
  }
  return extension;
}
