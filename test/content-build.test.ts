/**
 * The friendly frontmatter errors really fail `astro sync` (and so the build) with the file,
 * field and fix: a throw-away project reuses this repo's content config against broken lessons.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function lesson(minutes: string): string {
  return `---\ntitle: A basic logout route\nsummary: Write a POST route that ends the session.\nlevel: Intermediate\nminutes: ${minutes}\nobjectives: ["Explain logout", "Write a route"]\n---\n\nText.\n`;
}

async function sync(lessons: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  const root = mkdtempSync(join(tmpdir(), 'logout-lab-content-'));
  dirs.push(root);
  cpSync(join(repo, 'src/content'), join(root, 'src/content'), { recursive: true });
  cpSync(join(repo, 'src/content.config.ts'), join(root, 'src/content.config.ts'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  // The content config validates lab folders with the lab tooling (sandbox-server/labs).
  symlinkSync(join(repo, 'sandbox-server'), join(root, 'sandbox-server'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  writeFileSync(join(root, 'astro.config.mjs'), "import mdx from '@astrojs/mdx';\nexport default { integrations: [mdx()] };\n");
  mkdirSync(join(root, 'lessons/reference'), { recursive: true });
  for (const [path, text] of Object.entries(lessons)) {
    mkdirSync(join(root, 'lessons', path, '..'), { recursive: true });
    writeFileSync(join(root, 'lessons', path), text);
  }
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(repo, 'node_modules/astro/bin/astro.mjs'), 'sync'], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

describe('content collections fail the build with friendly errors', () => {
  it('names file, field, problem and fix for bad frontmatter', async () => {
    const result = await sync({ '03-basic-logout-route/index.mdx': lesson('five') });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(
      'Invalid frontmatter in lessons/03-basic-logout-route/index.mdx: **minutes**: expected a number, received "five". Fix: write minutes: 5',
    );
    expect(result.output).toContain('lessons/03-basic-logout-route/index.mdx:5');
  });

  it('names both files of a duplicate lesson number', async () => {
    const result = await sync({ '03-basic-logout-route/index.mdx': lesson('5'), '03-login-manager/index.mdx': lesson('4') });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(
      'Duplicate lesson number 03: lessons/03-basic-logout-route/index.mdx and lessons/03-login-manager/index.mdx both use it.',
    );
  });

  it('accepts valid lessons', async () => {
    const result = await sync({ '01-understanding-sessions/index.mdx': lesson('3') });
    expect(result.output).not.toContain('Invalid frontmatter');
    expect(result.ok).toBe(true);
  });
});
