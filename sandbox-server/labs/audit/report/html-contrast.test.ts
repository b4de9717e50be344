/** The HTML report's status colours stay readable (WCAG AA, 4.5:1) in the light and the dark scheme. */
import { describe, expect, it } from 'vitest';
import { STYLE } from './html';

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};
const colours = (css: string): Record<string, string> =>
  Object.fromEntries([...css.matchAll(/--(\w+): (#[0-9a-f]{6})/g)].map((m) => [m[1] ?? '', m[2] ?? '']));

describe('HTML report colours', () => {
  // Chromium's own canvas colours for a page that says `color-scheme: light dark`.
  const [light = '', dark = ''] = STYLE.split('@media (prefers-color-scheme: dark)');
  for (const [scheme, css, background] of [
    ['light', light, '#ffffff'],
    ['dark', dark, '#121212'],
  ] as const) {
    it(`${scheme}: every status colour is at least 4.5:1 on the page`, () => {
      const found = colours(css);
      expect(Object.keys(found).sort()).toEqual(['advisory', 'fail', 'muted', 'pass']);
      for (const [name, colour] of Object.entries(found))
        expect(contrast(colour, background), `${name} ${colour}`).toBeGreaterThanOrEqual(4.5);
    });
  }
});
