/**
 * Runs `astro sync` (the content step of `astro build` and `astro dev`) in a throw-away project
 * that reuses this repo's content config, node_modules and lab tooling, with the given files
 * written under its `lessons/`. Tests use it to prove that authoring errors really fail the build.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

export interface SyncResult {
  ok: boolean;
  /** The throw-away project (removed after the test file). */
  root: string;
  /** stdout and stderr together, without colour codes. */
  output: string;
}

export async function astroSync(lessons: Record<string, string>): Promise<SyncResult> {
  const root = mkdtempSync(join(tmpdir(), 'logout-lab-sync-'));
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
    return { ok: true, root, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, root, output: stdout + stderr };
  }
}
