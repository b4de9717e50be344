/**
 * The arithmetic of the workbench, without the DOM: where the divider between the editor and the
 * results may go, where a key moves it, which tab an arrow key selects, and how many columns of
 * code a width shows. Widths are CSS pixels of the editor pane; `total` is what the two panes
 * share (the workbench minus the divider).
 */

export interface SplitBounds {
  /** The narrowest editor pane. */
  min: number;
  /** The widest editor pane: the results keep their own minimum. */
  max: number;
}

export interface SplitMinimums {
  code: number;
  results: number;
}

/**
 * The editor may shrink to `minimums.code` and grow until the results are `minimums.results`
 * wide. When both minimums do not fit, the split is halved: neither side wins everything.
 */
export function splitBounds(total: number, minimums: SplitMinimums): SplitBounds {
  const room = Math.max(0, total);
  if (minimums.code + minimums.results > room) {
    const half = room / 2;
    return { min: half, max: half };
  }
  return { min: minimums.code, max: room - minimums.results };
}

export function clamp(value: number, bounds: SplitBounds): number {
  return Math.min(bounds.max, Math.max(bounds.min, value));
}

/** One arrow press moves the divider by this share of the width; Shift or Page keys by the larger one. */
export const SMALL_STEP = 0.02;
export const LARGE_STEP = 0.1;

/**
 * The editor width after a key on the divider (a vertical ARIA separator: Left narrows the
 * editor, Right widens it, Home and End go to the limits), or null for a key it does not use.
 */
export function keyStep(
  key: string,
  value: number,
  total: number,
  bounds: SplitBounds,
  large = false,
): number | null {
  const step = total * (large ? LARGE_STEP : SMALL_STEP);
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return clamp(value - step, bounds);
    case 'ArrowRight':
    case 'ArrowUp':
      return clamp(value + step, bounds);
    case 'PageDown':
      return clamp(value - total * LARGE_STEP, bounds);
    case 'PageUp':
      return clamp(value + total * LARGE_STEP, bounds);
    case 'Home':
      return bounds.min;
    case 'End':
      return bounds.max;
    default:
      return null;
  }
}

/** A width as a whole percentage of the total (aria-valuenow and its limits). */
export function percent(value: number, total: number): number {
  return total > 0 ? Math.round((value / total) * 100) : 0;
}

/** The tab an arrow key (or Home/End) selects in a row of `count` tabs, wrapping around; null for other keys. */
export function tabMove(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * The editor's geometry: `overhead` is what a pane's width spends outside the text (line numbers,
 * padding, borders, a scrollbar), `charWidth` one column of the monospace font.
 */
export interface CodeMetrics {
  overhead: number;
  charWidth: number;
}

export function columnsIn(width: number, metrics: CodeMetrics): number {
  return metrics.charWidth > 0 ? Math.floor((width - metrics.overhead) / metrics.charWidth) : 0;
}

/** The pane width that shows `columns` columns of code (rounded up to a whole pixel). */
export function widthFor(columns: number, metrics: CodeMetrics): number {
  return Math.ceil(columns * metrics.charWidth + metrics.overhead);
}
