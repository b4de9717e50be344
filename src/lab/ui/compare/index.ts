/**
 * "Compare with solution": the learner's current draft beside the reference solution, per
 * editable file, read-only, in a panel that closes again (its button, "Close comparison", or Esc).
 * Unlike "Show solution" it replaces nothing: it only reads the editor. The merge view is loaded
 * on the first click (./merge.ts, its own chunk), so a lab that never compares never downloads it.
 */
import type { Files } from '../../drafts';
import { h, replaceChildren, uid } from '../dom';
import type { CompareLayout, Comparison } from './merge';
import './compare.css';

/** Below this width a side-by-side view leaves each side too few columns: one unified view instead. */
export const SPLIT_MIN_WIDTH = 560;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function createCompareView({
  files,
  draft,
  solution,
}: {
  /** The editable files, in the editor's order. */
  files: readonly string[];
  /** The editor's text of a file now. */
  draft: (path: string) => string;
  solution: Files;
}) {
  const panelId = uid('lab-compare');
  const headingId = uid('lab-compare-title');
  const button = h(
    'button',
    { type: 'button', className: 'lab-button', 'aria-expanded': 'false', 'aria-controls': panelId },
    'Compare with solution',
  );
  const heading = h('h4', { id: headingId, tabindex: '-1' }, 'Your draft and the solution');
  const legend = h('p', { className: 'lab-muted' });
  const body = h('div', { className: 'lab-compare-body' });
  const close = h('button', { type: 'button', className: 'lab-button' }, 'Close comparison');
  const panel = h(
    'section',
    { className: 'lab-compare', id: panelId, 'aria-labelledby': headingId, hidden: true },
    h('div', { className: 'lab-compare-head' }, heading, close),
    legend,
    body,
  );
  const shown: Comparison[] = [];
  let loading: Promise<typeof import('./merge')> | undefined;

  const clear = (): void => {
    for (const comparison of shown.splice(0)) comparison.destroy();
    replaceChildren(body);
  };
  const hide = (focusButton: boolean): void => {
    clear();
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (focusButton) button.focus();
  };

  const open = async (): Promise<void> => {
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    button.setAttribute('aria-busy', 'true');
    legend.textContent = 'Loading the comparison…';
    heading.focus();
    try {
      loading ??= import('./merge');
      const { compareFile } = await loading;
      if (panel.hidden) return; // closed while it loaded
      clear();
      // Measured now that the panel is shown: the lab's column, not the window, decides.
      const layout: CompareLayout = body.clientWidth >= SPLIT_MIN_WIDTH ? 'split' : 'unified';
      legend.textContent =
        layout === 'split'
          ? 'Left: your draft as it is now. Right: the reference solution. Tinted lines differ, and their changed words are shaded deeper. Your own code is not touched: edit it in the editor above, then compare again.'
          : 'The reference solution; where your draft differs, its lines are shown first (warm tint) and the solution’s lines follow (green tint). Your own code is not touched: edit it in the editor, then compare again.';
      for (const path of files) {
        const mine = draft(path);
        const theirs = solution[path] ?? '';
        const fileHeading = h('h5', {}, path);
        const note = h('p', { className: 'lab-compare-note' });
        const host = h('div', { className: 'lab-compare-view' });
        body.append(h('div', { className: 'lab-compare-file', 'data-file': path }, fileHeading, note, host));
        if (mine === theirs) {
          note.textContent = 'No differences: this file is the same as the solution.';
          continue;
        }
        const comparison = compareFile(host, { path, draft: mine, solution: theirs, layout });
        shown.push(comparison);
        note.textContent = `${plural(comparison.changes, 'place differs', 'places differ')} from the solution.`;
      }
    } catch (error) {
      loading = undefined; // a failed download is tried again on the next click
      legend.textContent = `The comparison could not load (${error instanceof Error ? error.message : String(error)}). Check your connection and press “Compare with solution” again.`;
    } finally {
      button.removeAttribute('aria-busy');
    }
  };

  button.addEventListener('click', () => {
    if (panel.hidden) void open();
    else hide(false);
  });
  close.addEventListener('click', () => hide(true));
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    hide(true);
  });

  return {
    button,
    panel,
    destroy: (): void => clear(),
  };
}
