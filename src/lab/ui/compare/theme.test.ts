/** The comparison's tints keep the editor's token colours readable (WCAG AA) in both themes. */
import { describe, expect, it } from 'vitest';
import { palettes, type Scheme } from '../editor-theme';
import { mergeBackgrounds, mergePalettes } from './theme';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('merge palettes', () => {
  for (const scheme of ['light', 'dark'] as Scheme[]) {
    it(`${scheme}: every token colour is at least 4.5:1 on every changed-line background`, () => {
      const editor = palettes[scheme];
      const merge = mergePalettes[scheme];
      const low: string[] = [];
      for (const [kind, color] of Object.entries({ ...editor.tokens, text: editor.text }))
        for (const bg of mergeBackgrounds) {
          const ratio = contrast(color, merge[bg]);
          if (ratio < 4.5) low.push(`${kind} ${color} on ${bg} ${merge[bg]}: ${ratio.toFixed(2)}`);
        }
      // The gutter marks are the non-colour-of-text signal: 3:1 (WCAG 1.4.11) against the gutter.
      for (const mark of [merge.draftMark, merge.solutionMark])
        if (contrast(mark, editor.gutterBackground) < 3)
          low.push(`mark ${mark} on the gutter: ${contrast(mark, editor.gutterBackground).toFixed(2)}`);
      expect(low).toEqual([]);
    });

    it(`${scheme}: a changed line is visibly tinted, and its changed words more so`, () => {
      const editor = palettes[scheme];
      const merge = mergePalettes[scheme];
      for (const [line, text] of [
        [merge.draftLine, merge.draftText],
        [merge.solutionLine, merge.solutionText],
      ] as const) {
        expect(line).not.toBe(editor.background);
        expect(contrast(text, editor.background)).toBeGreaterThan(contrast(line, editor.background));
      }
    });
  }
});
