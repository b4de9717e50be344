/** The workbench's arithmetic (the DOM parts are covered by test/e2e/lab-workbench.spec.ts). */
import { describe, expect, it } from 'vitest';
import {
  clamp,
  columnsIn,
  keyStep,
  LARGE_STEP,
  percent,
  SMALL_STEP,
  splitBounds,
  tabMove,
  widthFor,
} from './geometry';

const minimums = { code: 320, results: 320 };

describe('splitBounds and clamp', () => {
  it('keeps both panes at their minimum or wider', () => {
    expect(splitBounds(1200, minimums)).toEqual({ min: 320, max: 880 });
    expect(clamp(100, { min: 320, max: 880 })).toBe(320);
    expect(clamp(2000, { min: 320, max: 880 })).toBe(880);
    expect(clamp(500, { min: 320, max: 880 })).toBe(500);
  });

  it('halves the width when both minimums do not fit, and never goes negative', () => {
    expect(splitBounds(600, minimums)).toEqual({ min: 300, max: 300 });
    expect(splitBounds(-10, minimums)).toEqual({ min: 0, max: 0 });
    expect(splitBounds(640, minimums)).toEqual({ min: 320, max: 320 });
  });
});

describe('keyStep: the separator by keyboard', () => {
  const total = 1000;
  const bounds = { min: 320, max: 680 };

  it('Left narrows and Right widens the editor by a small step, Shift by a large one', () => {
    expect(keyStep('ArrowLeft', 500, total, bounds)).toBe(500 - total * SMALL_STEP);
    expect(keyStep('ArrowRight', 500, total, bounds)).toBe(500 + total * SMALL_STEP);
    expect(keyStep('ArrowLeft', 500, total, bounds, true)).toBe(500 - total * LARGE_STEP);
    expect(keyStep('ArrowRight', 500, total, bounds, true)).toBe(500 + total * LARGE_STEP);
    // Up and Down as well (a vertical separator's value still goes up and down).
    expect(keyStep('ArrowDown', 500, total, bounds)).toBe(480);
    expect(keyStep('ArrowUp', 500, total, bounds)).toBe(520);
    expect(keyStep('PageDown', 500, total, bounds)).toBe(400);
    expect(keyStep('PageUp', 500, total, bounds)).toBe(600);
  });

  it('Home and End go to the limits, and no step passes them', () => {
    expect(keyStep('Home', 500, total, bounds)).toBe(320);
    expect(keyStep('End', 500, total, bounds)).toBe(680);
    expect(keyStep('ArrowLeft', 325, total, bounds)).toBe(320);
    expect(keyStep('ArrowRight', 675, total, bounds, true)).toBe(680);
  });

  it('ignores every other key (Tab must still leave it)', () => {
    for (const key of ['Tab', 'Enter', ' ', 'a', 'Escape'])
      expect(keyStep(key, 500, total, bounds)).toBeNull();
  });
});

describe('percent: aria-valuenow and its limits', () => {
  it('is a whole percentage, 0 for no width', () => {
    expect(percent(333, 1000)).toBe(33);
    expect(percent(335, 1000)).toBe(34);
    expect(percent(10, 0)).toBe(0);
  });

  it('moves by the small step for each arrow press', () => {
    const total = 1213;
    const start = 700;
    const next = keyStep('ArrowLeft', start, total, { min: 0, max: total }) ?? 0;
    expect(percent(start, total) - percent(next, total)).toBe(SMALL_STEP * 100);
  });
});

describe('tabMove: the result tabs by keyboard', () => {
  it('wraps around with the arrows, Home and End go to the ends', () => {
    expect(tabMove('ArrowRight', 0, 4)).toBe(1);
    expect(tabMove('ArrowRight', 3, 4)).toBe(0);
    expect(tabMove('ArrowLeft', 0, 4)).toBe(3);
    expect(tabMove('ArrowLeft', 2, 4)).toBe(1);
    expect(tabMove('Home', 2, 4)).toBe(0);
    expect(tabMove('End', 1, 4)).toBe(3);
  });

  it('ignores other keys and an empty tab list', () => {
    expect(tabMove('ArrowDown', 1, 4)).toBeNull();
    expect(tabMove('Enter', 1, 4)).toBeNull();
    expect(tabMove('ArrowRight', 0, 0)).toBeNull();
  });
});

describe('columns of code', () => {
  const metrics = { charWidth: 8.2, overhead: 41 };

  it('widthFor gives the width that shows exactly those columns, columnsIn reads them back', () => {
    const width = widthFor(100, metrics);
    expect(width).toBe(Math.ceil(100 * 8.2 + 41));
    expect(columnsIn(width, metrics)).toBe(100);
    expect(columnsIn(width - 9, metrics)).toBe(98);
  });

  it('is 0 columns when nothing was measured', () => {
    expect(columnsIn(800, { charWidth: 0, overhead: 0 })).toBe(0);
  });
});
