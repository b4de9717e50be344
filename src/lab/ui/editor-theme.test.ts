/** The editor palettes: readable (WCAG AA) on every background, and covering every token of the labs' code. */
import { readdirSync, readFileSync } from 'node:fs';
import { highlightTree } from '@lezer/highlight';
import { describe, expect, it } from 'vitest';
import {
  highlightStyle,
  kindTags,
  palettes,
  textBackgrounds,
  type Scheme,
  type TokenKind,
} from './editor-theme';
import { typescriptLanguage } from './language';

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

const schemes: Scheme[] = ['light', 'dark'];

describe('editor palettes', () => {
  it('computes the WCAG ratio', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  for (const scheme of schemes) {
    it(`${scheme}: every token colour is at least 4.5:1 on every background text sits on`, () => {
      const p = palettes[scheme];
      const low: string[] = [];
      for (const [kind, color] of Object.entries({ ...p.tokens, text: p.text }))
        for (const bg of textBackgrounds) {
          const ratio = contrast(color, p[bg]);
          if (ratio < 4.5) low.push(`${kind} ${color} on ${bg} ${p[bg]}: ${ratio.toFixed(2)}`);
        }
      for (const bg of [p.gutterBackground, p.activeGutter])
        for (const color of [p.gutterText, p.activeGutterText])
          if (contrast(color, bg) < 4.5)
            low.push(`gutter ${color} on ${bg}: ${contrast(color, bg).toFixed(2)}`);
      // Completions and diagnostics: the text and the signatures, on the tooltip and the highlighted option.
      for (const bg of [p.tooltipBackground, p.optionSelected, p.background])
        for (const color of [p.text, p.detailText])
          if (contrast(color, bg) < 4.5)
            low.push(`tooltip ${color} on ${bg}: ${contrast(color, bg).toFixed(2)}`);
      // The tooltip's border sets it apart from the code under it (a component: 3:1).
      if (contrast(p.tooltipBorder, p.background) < 3)
        low.push(`tooltip border ${p.tooltipBorder}: ${contrast(p.tooltipBorder, p.background).toFixed(2)}`);
      // A focus outline is a user-interface component: 3:1 (WCAG 1.4.11) against the editor.
      if (contrast(p.focus, p.background) < 3)
        low.push(`focus ${p.focus}: ${contrast(p.focus, p.background).toFixed(2)}`);
      expect(low).toEqual([]);
    });
  }

  it('the two palettes name the same token kinds', () => {
    expect(Object.keys(palettes.dark.tokens).sort()).toEqual(Object.keys(palettes.light.tokens).sort());
  });
});

/** The TypeScript the labs show: every lesson's starter and solution files and the read-only sandbox modules. */
function labSources(): string[] {
  const root = new URL('../../../', import.meta.url);
  const files: string[] = [];
  const walk = (dir: URL): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const url = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
      if (entry.isDirectory()) walk(url);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
        files.push(readFileSync(url, 'utf8'));
    }
  };
  for (const lesson of readdirSync(new URL('lessons/', root), { withFileTypes: true })) {
    if (!lesson.isDirectory()) continue;
    for (const kind of ['starter', 'solution']) {
      const dir = new URL(`lessons/${lesson.name}/lab/${kind}/`, root);
      try {
        walk(dir);
      } catch {
        // A lesson without a lab.
      }
    }
  }
  walk(new URL('sandbox-server/src/', root));
  return files;
}

describe('highlight style', () => {
  for (const scheme of schemes) {
    it(`${scheme}: every token kind colours something in the labs' TypeScript`, () => {
      const style = highlightStyle(scheme);
      const sources = labSources();
      expect(sources.length).toBeGreaterThan(10);
      const used = new Set<string>();
      for (const source of sources)
        highlightTree(typescriptLanguage.parser.parse(source), style, (_from, _to, classes) => {
          for (const name of classes.split(' ')) used.add(name);
        });
      // Characters the grammar leaves untagged (`?.`, type arguments' `<>`) take the text colour,
      // which the palette test checks like the rest.
      const unused = (Object.keys(kindTags) as TokenKind[]).filter((kind) => {
        const tags = kindTags[kind];
        const name = style.style(Array.isArray(tags) ? tags.slice(0, 1) : [tags]);
        return !name || !name.split(' ').some((n) => used.has(n));
      });
      expect(unused).toEqual([]);
    });
  }
});
