/**
 * `npm run lint` runs `prettier --check .`: prove that it fails on unformatted code and passes on
 * the same code once formatted, with the project's own configuration (.prettierrc.json). The
 * fixture lives in test/fixtures/format/, which .prettierignore keeps out of the real check.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const prettier = join(root, 'node_modules/.bin/prettier');

describe('prettier --check (npm run lint)', () => {
  it('fails on an unformatted file and passes once it is formatted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'format-check-'));
    try {
      // The project's settings; its Astro plugin does not resolve outside the repository and does
      // not concern a .ts file.
      const settings = JSON.parse(readFileSync(join(root, '.prettierrc.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      writeFileSync(join(dir, '.prettierrc.json'), JSON.stringify({ ...settings, plugins: [] }));
      const file = join(dir, 'unformatted.ts');
      writeFileSync(file, readFileSync(new URL('./fixtures/format/unformatted.ts', import.meta.url), 'utf8'));
      const failed = await run(prettier, ['--check', 'unformatted.ts'], { cwd: dir }).then(
        () => null,
        (error: { code?: number; stderr?: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain('unformatted.ts');
      await run(prettier, ['--write', 'unformatted.ts'], { cwd: dir });
      expect(readFileSync(file, 'utf8')).toBe(
        "export const greeting = (name: string) => {\n  return 'hello ' + name;\n};\n",
      );
      await expect(run(prettier, ['--check', 'unformatted.ts'], { cwd: dir })).resolves.toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is part of npm run lint', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['lint']).toMatch(/prettier --check \./);
  });
});
