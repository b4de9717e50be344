/**
 * Runs `astro build` in a throw-away project with this repo's content config, lab tooling and the
 * build gates (src/content/author-todos, src/content/lab-proof), one page, and the given files
 * under its `lessons/`. Caches stay in the project, as in ./astro-sync (which explains why).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

export interface BuildResult {
  ok: boolean;
  root: string;
  /** stdout and stderr together, without colour codes. */
  output: string;
}

export async function astroBuild(lessons: Record<string, string>): Promise<BuildResult> {
  const root = mkdtempSync(join(tmpdir(), 'logout-lab-build-'));
  dirs.push(root);
  cpSync(join(repo, 'src/content'), join(root, 'src/content'), { recursive: true });
  cpSync(join(repo, 'src/content.config.ts'), join(root, 'src/content.config.ts'));
  mkdirSync(join(root, 'src/pages'), { recursive: true });
  writeFileSync(join(root, 'src/pages/index.astro'), '<p>fixture</p>\n');
  mkdirSync(join(root, 'node_modules'));
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    if (!entry.startsWith('.') || entry === '.bin')
      symlinkSync(join(repo, 'node_modules', entry), join(root, 'node_modules', entry));
  }
  symlinkSync(join(repo, 'sandbox-server'), join(root, 'sandbox-server'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  writeFileSync(
    join(root, 'astro.config.mjs'),
    [
      "import mdx from '@astrojs/mdx';",
      "import { authorTodos } from './src/content/author-todos/index.ts';",
      "import { labProof } from './src/content/lab-proof/index.ts';",
      "export default { cacheDir: './.astro-cache', vite: { cacheDir: './.vite-cache' }, integrations: [mdx(), authorTodos(), labProof()] };",
      '',
    ].join('\n'),
  );
  mkdirSync(join(root, 'lessons/reference'), { recursive: true });
  for (const [path, text] of Object.entries(lessons)) {
    mkdirSync(join(root, 'lessons', path, '..'), { recursive: true });
    writeFileSync(join(root, 'lessons', path), text);
  }
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(repo, 'node_modules/astro/bin/astro.mjs'), 'build'],
      {
        cwd: root,
        env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
      },
    );
    return { ok: true, root, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, root, output: stdout + stderr };
  }
}
