/**
 * The comparison itself, loaded with import() on the first "Compare with solution" (its own chunk:
 * @codemirror/merge costs nothing until then). One read-only comparison per file, in the editor's
 * colours: side by side where there is room (your draft left, the solution right), or unified on a
 * phone (the solution, with your draft's differing lines shown above the lines that replace them).
 * Nothing here can change the learner's draft: these are separate, read-only editor views.
 */
import { getChunks, MergeView, unifiedMergeView } from '@codemirror/merge';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { editorTheme, siteScheme, watchScheme, type Scheme } from '../editor-theme';
import { typescript } from '../language';
import { mergeTheme } from './theme';

export type CompareLayout = 'split' | 'unified';

export interface Comparison {
  /** How many places differ (CodeMirror's changed chunks). */
  changes: number;
  destroy(): void;
}

const themes = (scheme: Scheme): Extension => [editorTheme(scheme), mergeTheme(scheme)];

function readOnly(label: string, slot: Compartment, scheme: Scheme): Extension {
  return [
    lineNumbers(),
    typescript,
    EditorView.lineWrapping,
    EditorState.readOnly.of(true),
    EditorView.editable.of(false),
    // Focusable, like the read-only files of the editor: keyboard users can reach and scroll each side.
    EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
    slot.of(themes(scheme)),
  ];
}

export function compareFile(
  parent: HTMLElement,
  { path, draft, solution, layout }: { path: string; draft: string; solution: string; layout: CompareLayout },
): Comparison {
  const slot = new Compartment();
  const scheme = siteScheme();
  let views: EditorView[];
  let changes: number;
  if (layout === 'split') {
    const merge = new MergeView({
      a: { doc: draft, extensions: readOnly(`${path}, your draft (a read-only copy)`, slot, scheme) },
      b: { doc: solution, extensions: readOnly(`${path}, the solution`, slot, scheme) },
      parent,
      gutter: true,
      highlightChanges: true,
    });
    views = [merge.a, merge.b];
    changes = merge.chunks.length;
    parent.dataset['layout'] = 'split';
  } else {
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: solution,
        extensions: [
          readOnly(
            `${path}, the solution with your draft's differing lines above the lines that replace them`,
            slot,
            scheme,
          ),
          unifiedMergeView({
            original: draft,
            mergeControls: false,
            gutter: true,
            highlightChanges: true,
            // A deleted chunk is parsed on its own, out of context: the middle of a comment would be
            // coloured as code. Plain text reads truer.
            syntaxHighlightDeletions: false,
          }),
        ],
      }),
    });
    views = [view];
    changes = getChunks(view.state)?.chunks.length ?? 0;
    parent.dataset['layout'] = 'unified';
  }
  const stop = watchScheme((next) => {
    for (const view of views) view.dispatch({ effects: slot.reconfigure(themes(next)) });
  });
  return {
    changes,
    destroy(): void {
      stop();
      for (const view of views) view.destroy();
    },
  };
}
