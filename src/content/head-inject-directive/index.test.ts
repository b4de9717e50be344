import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropHeadInjectDirective, headInjectDirective, isPropagatedAssetsModule } from './index';

const astroDist = join(import.meta.dirname, '../../../node_modules/astro/dist');

/** Every .js file under a folder. */
function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

/** What Astro 7.3.5's content-asset plugin returns for `lessons/x/index.mdx?astroPropagatedAssets`. */
const generated = `
\t\t\t\t\t"use astro:head-inject";
\t\t\t\t\tasync function getMod() {
\t\t\t\t\t\treturn import("/work/lessons/x/index.mdx");
\t\t\t\t\t}
\t\t\t\t\tconst collectedLinks = "@@ASTRO-LINKS@@";
\t\t\t\t\tconst defaultMod = { __astroPropagation: true, getMod, collectedLinks, collectedScripts: [] };
\t\t\t\t\texport default defaultMod;
\t\t\t\t`;

describe('the dead "use astro:head-inject" directive', () => {
  it('is removed from the top of a propagated-assets module, and nothing else changes', () => {
    const cleaned = dropHeadInjectDirective(generated);
    expect(cleaned).not.toContain('use astro:head-inject');
    expect(cleaned.replace(/\s+/g, ' ')).toBe(
      generated.replace('"use astro:head-inject";', '').replace(/\s+/g, ' '),
    );
    expect(dropHeadInjectDirective("'use astro:head-inject'\nexport default 1;")).toBe('\nexport default 1;');
  });

  it('is only removed as a directive: the same words inside code or after it stay', () => {
    const inString = 'const note = "use astro:head-inject";\nexport default note;';
    expect(dropHeadInjectDirective(inString)).toBe(inString);
    const other = '"use strict";\n"use astro:head-inject";';
    expect(dropHeadInjectDirective(other)).toBe(other);
  });

  it('the plugin touches only ?astroPropagatedAssets modules', () => {
    expect(isPropagatedAssetsModule('/p/lessons/01-a/index.mdx?astroPropagatedAssets')).toBe(true);
    expect(isPropagatedAssetsModule('/p/lessons/01-a/index.mdx?foo=1&astroPropagatedAssets')).toBe(true);
    expect(isPropagatedAssetsModule('/p/lessons/01-a/index.mdx')).toBe(false);
    expect(isPropagatedAssetsModule('/p/astroPropagatedAssets.ts')).toBe(false);
    const plugin = headInjectDirective();
    expect(plugin.enforce).toBe('post');
    const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
    expect(transform(generated, '/p/a.mdx?astroPropagatedAssets')?.code).not.toContain('head-inject');
    expect(transform(generated, '/p/a.mdx')).toBeNull();
  });

  // The reason this plugin exists, checked against the installed Astro: when either fails, Astro changed.
  it('Astro still writes the directive in exactly one place and reads it nowhere (else delete this plugin)', () => {
    const mentions = jsFiles(astroDist).filter((file) =>
      readFileSync(file, 'utf8').includes('astro:head-inject'),
    );
    expect(mentions.map((file) => file.slice(astroDist.length + 1))).toEqual([
      'content/vite-plugin-content-assets.js',
    ]);
    const source = readFileSync(join(astroDist, 'content/vite-plugin-content-assets.js'), 'utf8');
    // Written as the first statement of the generated module's template literal, not compared or parsed anywhere.
    expect(source.match(/astro:head-inject/g)).toHaveLength(1);
    expect(source).toMatch(/const code = `\s*"use astro:head-inject";/);
    // Head propagation is keyed on the module id's query instead (withastro/astro#17095).
    expect(readFileSync(join(astroDist, 'vite-plugin-head/index.js'), 'utf8')).toContain(
      'id.includes(PROPAGATED_ASSET_FLAG)',
    );
  });
});
