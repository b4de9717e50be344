/**
 * The workbench: how a started lab is laid out. The editor goes on the left and a tab set (Checks,
 * Console, Preview, Server log) on the right, with a divider between them that can be dragged
 * with the pointer or moved with the arrow keys (an ARIA separator). "Back to the lesson" and
 * "Open the workbench" switch between the full page width and the lesson's column.
 *
 * The layout itself is CSS (../styles.css, "the workbench"): this module only sets state. While the
 * workbench is open, `data-workbench="open"` is on the lab section and `data-lab-workbench` on
 * <html>, which asks the lesson layout to put its sidebars aside (src/layouts/LessonLayout.astro).
 * The two panes sit side by side from 1100 px (a media query in styles.css); narrower, they stack
 * and the divider is hidden (which is how this module tells). The state is not kept across reloads: Start lab opens it again.
 */
import { EditorView } from '@codemirror/view';
import { h, uid } from '../dom';
import {
  clamp,
  columnsIn,
  keyStep,
  percent,
  splitBounds,
  tabMove,
  widthFor,
  type CodeMetrics,
  type SplitBounds,
} from './geometry';

/** On <html> while a workbench is open: the lesson layout's cue (LessonLayout.astro). */
export const PAGE_FLAG = 'data-lab-workbench';
/** The editor's default width, in columns: the starters' longest lines (96) do not wrap. */
export const DEFAULT_COLUMNS = 100;
/** Neither pane narrower than this, in rem: about 40 columns of code, a readable check card. */
const MIN_PANE_REM = 20;
/** CodeMirror's line padding (6px before the text, 2px after) is text width the columns cannot use. */
const LINE_PADDING = 8;

export interface WorkbenchPanel {
  /** Short name for show(): "checks", "console", … */
  key: string;
  /** The tab's label. */
  label: string;
  element: HTMLElement;
}

export interface WorkbenchOptions {
  /** The lesson's lab section: it carries the open state, and its [data-lab-head] the toggle. */
  root: HTMLElement;
  /** What goes in the editor pane (the editor, the hint under it). */
  code: (HTMLElement | null)[];
  panels: WorkbenchPanel[];
  /** The lab's toolbar: sticky in the stacked layout, so reveal() scrolls to just below it. */
  toolbar?: HTMLElement;
}

export interface Workbench {
  element: HTMLElement;
  /** The full-width workbench (what "Start lab" opens). */
  open(): void;
  /** Back to the lesson's own layout; the lab keeps running in its column. */
  close(): void;
  readonly isOpen: boolean;
  /** Selects a tab (focus: also moves the keyboard there). */
  show(key: string, focus?: boolean): void;
  readonly selected: string;
  /** Scrolls an element of a panel to the top of what the learner sees: the panel when the panes are side by side, else the page. */
  reveal(element: HTMLElement): void;
  destroy(): void;
}

function remPx(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

export function createWorkbench({ root, code, panels, toolbar }: WorkbenchOptions): Workbench {
  const cleanup: (() => void)[] = [];

  /* ---------- the tab set ---------- */
  const tablist = h('div', { role: 'tablist', 'aria-label': 'Lab panels', className: 'lab-panel-tabs' });
  const entries = panels.map((panel) => {
    const tabId = uid('lab-panel-tab');
    const panelId = uid('lab-panel');
    const tab = h(
      'button',
      { type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, className: 'lab-panel-tab' },
      panel.label,
    );
    // tabindex 0: a panel scrolls inside itself, so the keyboard must be able to reach it (and scroll it).
    const box = h(
      'div',
      {
        role: 'tabpanel',
        id: panelId,
        'aria-labelledby': tabId,
        tabindex: 0,
        className: `lab-panel lab-panel-${panel.key}`,
      },
      panel.element,
    );
    tab.addEventListener('click', () => show(panel.key));
    tablist.append(tab);
    return { key: panel.key, tab, box };
  });
  let selected = entries[0]?.key ?? '';
  function show(key: string, focus = false): void {
    const entry = entries.find((e) => e.key === key);
    if (!entry) return;
    selected = key;
    for (const e of entries) {
      const on = e === entry;
      e.tab.setAttribute('aria-selected', String(on));
      e.tab.tabIndex = on ? 0 : -1;
      e.box.hidden = !on;
    }
    if (focus) entry.tab.focus();
  }
  // Automatic activation: every panel is already built, so showing one costs nothing.
  tablist.addEventListener('keydown', (event) => {
    const at = entries.findIndex((e) => e.tab === event.target);
    const next = at === -1 ? null : tabMove(event.key, at, entries.length);
    const entry = next === null ? undefined : entries[next];
    if (!entry) return;
    event.preventDefault();
    show(entry.key, true);
  });
  show(selected);

  /* ---------- the two panes and the divider ---------- */
  const codePane = h('div', { className: 'lab-bench-code', id: uid('lab-bench-code') }, ...code);
  const resultsPane = h('div', { className: 'lab-bench-results' }, tablist, ...entries.map((e) => e.box));
  const separator = h('div', {
    role: 'separator',
    tabindex: 0,
    'aria-orientation': 'vertical',
    'aria-controls': codePane.id,
    'aria-label': 'Editor width',
    title: 'Drag, or use the arrow keys, to share the width between the editor and the results',
    className: 'lab-bench-sep',
  });
  const bench = h('div', { className: 'lab-bench' }, codePane, separator, resultsPane);

  let share: number | null = null; // the learner's choice, as a share of the width; null: DEFAULT_COLUMNS
  let width = 0;
  let measured: CodeMetrics | null = null;
  const split = (): boolean => getComputedStyle(separator).display !== 'none';
  const total = (): number => bench.clientWidth - separator.offsetWidth;
  const bounds = (): SplitBounds =>
    splitBounds(total(), { code: MIN_PANE_REM * remPx(), results: MIN_PANE_REM * remPx() });

  /** The shown editor's columns and what the pane spends around them, measured when it is on screen. */
  function metrics(): CodeMetrics {
    const editor = codePane.querySelector<HTMLElement>('.lab-editor-panel:not([hidden]) .cm-editor');
    const content = editor?.querySelector<HTMLElement>('.cm-content');
    const view = editor ? EditorView.findFromDOM(editor) : null;
    if (view && content && content.offsetWidth > 0 && view.defaultCharacterWidth > 0)
      measured = {
        charWidth: view.defaultCharacterWidth,
        overhead:
          codePane.getBoundingClientRect().width - content.getBoundingClientRect().width + LINE_PADDING,
      };
    // Before the editor is laid out: its font is 0.85rem, a monospace column about 0.6 of that.
    return measured ?? { charWidth: 0.51 * remPx(), overhead: 4 * remPx() };
  }

  function apply(px: number): void {
    width = px;
    const all = total();
    const limits = bounds();
    bench.style.setProperty('--lab-code-width', `${Math.round(px)}px`);
    separator.setAttribute('aria-valuenow', String(percent(px, all)));
    separator.setAttribute('aria-valuemin', String(percent(limits.min, all)));
    separator.setAttribute('aria-valuemax', String(percent(limits.max, all)));
    separator.setAttribute(
      'aria-valuetext',
      `editor ${percent(px, all)}% of the width, ${columnsIn(px, metrics())} columns of code`,
    );
  }

  /** Sizes the panes for the current width: the learner's share, or the default columns. */
  function layout(): void {
    if (!split()) return;
    const all = total();
    if (all <= 0) return;
    const wanted = share === null ? widthFor(DEFAULT_COLUMNS, metrics()) : share * all;
    apply(clamp(wanted, bounds()));
    // The first measure may have used the estimate: once the editor is laid out at its new width, measure again.
    if (share === null) {
      const exact = clamp(widthFor(DEFAULT_COLUMNS, metrics()), bounds());
      if (Math.abs(exact - width) >= 1) apply(exact);
    }
  }

  const resize = new ResizeObserver(() => layout());
  resize.observe(bench);
  cleanup.push(() => resize.disconnect());

  separator.addEventListener('keydown', (event) => {
    if (!split()) return;
    const next = keyStep(event.key, width, total(), bounds(), event.shiftKey);
    if (next === null) return;
    event.preventDefault();
    share = next / total();
    apply(next);
  });
  separator.addEventListener('dblclick', () => {
    share = null;
    layout();
  });
  separator.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !split()) return;
    event.preventDefault();
    separator.setPointerCapture(event.pointerId);
    separator.focus({ preventScroll: true });
    // The preview's frame would swallow the pointer; the class also keeps text from being selected.
    bench.classList.add('lab-bench-dragging');
    const move = (e: PointerEvent): void => {
      const left = bench.getBoundingClientRect().left;
      const next = clamp(e.clientX - left - separator.offsetWidth / 2, bounds());
      share = next / total();
      apply(next);
    };
    const end = (): void => {
      bench.classList.remove('lab-bench-dragging');
      separator.removeEventListener('pointermove', move);
      separator.removeEventListener('pointerup', end);
      separator.removeEventListener('pointercancel', end);
      if (separator.hasPointerCapture(event.pointerId)) separator.releasePointerCapture(event.pointerId);
    };
    separator.addEventListener('pointermove', move);
    separator.addEventListener('pointerup', end);
    separator.addEventListener('pointercancel', end);
  });

  /* ---------- full width, or back to the lesson ---------- */
  const toggle = h('button', { type: 'button', className: 'lab-button lab-bench-toggle' });
  let isOpen = false;
  // Beside the lab's title (Lab.astro's [data-lab-head]); a host without one gets it in the toolbar.
  const head = root.querySelector<HTMLElement>('[data-lab-head]');
  if (head) head.append(toggle);
  else if (toolbar) toolbar.append(toggle);
  else root.prepend(toggle);

  /** The lab's top at the top of the window: the layout around it just changed height. */
  const scrollToLab = (): void => {
    if (!root.isConnected) return;
    window.scrollTo({ top: root.getBoundingClientRect().top + window.scrollY, behavior: 'instant' });
  };
  function setOpen(next: boolean): void {
    isOpen = next;
    if (next) {
      root.dataset['workbench'] = 'open';
      document.documentElement.setAttribute(PAGE_FLAG, '');
    } else {
      delete root.dataset['workbench'];
      document.documentElement.removeAttribute(PAGE_FLAG);
    }
    toggle.textContent = next ? 'Back to the lesson' : 'Open the workbench';
    toggle.title = next
      ? 'The lesson’s layout, with the lab in its column; the lab keeps running'
      : 'The lab across the page’s full width, editor beside the results';
    layout();
    scrollToLab();
  }
  // Focus stays on the toggle (it is the same button, relabelled), now in view with the lab's top.
  toggle.addEventListener('click', () => setOpen(!isOpen));
  cleanup.push(() => {
    toggle.remove();
    if (isOpen) document.documentElement.removeAttribute(PAGE_FLAG);
  });

  return {
    element: bench,
    open: () => setOpen(true),
    close: () => setOpen(false),
    get isOpen() {
      return isOpen;
    },
    show,
    get selected() {
      return selected;
    },
    reveal(element: HTMLElement): void {
      const panel = element.closest<HTMLElement>('[role="tabpanel"]');
      if (split() && panel) {
        panel.scrollTop += element.getBoundingClientRect().top - panel.getBoundingClientRect().top - 8;
        return;
      }
      // Stacked, the page scrolls: to just below the sticky toolbar, which would cover the top.
      const covered = toolbar && getComputedStyle(toolbar).position === 'sticky' ? toolbar.offsetHeight : 0;
      window.scrollTo({ top: window.scrollY + element.getBoundingClientRect().top - covered - 8 });
    },
    destroy(): void {
      for (const fn of cleanup.splice(0)) fn();
    },
  };
}
