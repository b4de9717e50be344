/** scripts/size.mjs against a tiny fake dist/: what it follows, what it ignores, when it fails. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, 'size.mjs');

function fakeDist(files: Record<string, string>): string {
  const dist = mkdtempSync(join(tmpdir(), 'size-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dist, path, '..'), { recursive: true });
    writeFileSync(join(dist, path), text);
  }
  return dist;
}

async function run(dist: string, budgetKb = '25') {
  return await runArgs('--dist', dist, '--budget-kb', budgetKb);
}

async function runArgs(...args: string[]) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [script, ...args]);
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Text of n bytes that gzip cannot shrink much (a linear congruential sequence). */
function noise(n: number): string {
  let seed = 42;
  return Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return String.fromCharCode(35 + (seed % 56));
  }).join('');
}

describe('size script', () => {
  const page =
    '<html><head><link rel="stylesheet" href="/_astro/a.css"></head><body><script type="module" src="/_astro/entry.js"></script></body></html>';

  it('follows static imports but not dynamic ones', async () => {
    const dist = fakeDist({
      'lessons/01-a/index.html': page,
      '_astro/a.css': 'body{color:red}',
      '_astro/entry.js': `import{x}from"./shared.js";import("./lab.js");console.log(x)`,
      '_astro/shared.js': `export const x=${JSON.stringify(noise(2000))}`,
      '_astro/lab.js': `export const big=${JSON.stringify(noise(60_000))}`,
    });
    const { code, out } = await run(dist);
    expect(code).toBe(0);
    expect(out).toMatch(/\/lessons\/01-a\/\s+\d+\.\d KB\s+0\.\d KB\s+3/);
  });

  it('fails a lesson page over the budget', async () => {
    const dist = fakeDist({
      'lessons/01-a/index.html': page,
      '_astro/a.css': 'body{}',
      '_astro/entry.js': `import"./big.js"`,
      '_astro/big.js': `export const big=${JSON.stringify(noise(8000))}`,
    });
    const { code, out } = await run(dist, '2');
    expect(code).toBe(1);
    expect(out).toContain('OVER BUDGET');
    expect(out).toMatch(
      /\/lessons\/01-a\/ ships \d+\.\d KB of JavaScript before the lab starts; the budget is 2 KB gzip\./,
    );
  });

  it('fails cross-origin subresources', async () => {
    const dist = fakeDist({
      'index.html':
        '<link rel="stylesheet" href="https://fonts.example/x.css"><script src="//cdn.example/a.js"></script>',
    });
    const { code, out } = await run(dist);
    expect(code).toBe(1);
    expect(out).toContain('/: cross-origin stylesheet https://fonts.example/x.css');
    expect(out).toContain('/: cross-origin script //cdn.example/a.js');
  });

  it('refuses unknown options and missing values with the usage', async () => {
    expect(await runArgs('--budget', '2')).toEqual({
      code: 2,
      out: 'size: unknown option --budget.\nUsage: node scripts/size.mjs [--dist dist] [--budget-kb 25]\n',
    });
    expect(await runArgs('--dist')).toEqual({
      code: 2,
      out: 'size: --dist needs a value.\nUsage: node scripts/size.mjs [--dist dist] [--budget-kb 25]\n',
    });
  });
});
