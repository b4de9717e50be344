/**
 * Runs `astro sync` (the content step of `astro build` and `astro dev`) in a throw-away project
 * that reuses this repo's content config, node_modules and lab tooling, with the given files
 * written under its `lessons/`. Tests use it to prove that authoring errors really fail the build.
 *
 * The project keeps its caches to itself: Astro's data store and Vite's deps default to
 * `node_modules/.astro` and `node_modules/.vite`, which would be this repo's node_modules (shared by
 * every test file running in parallel, and by the real build). So the config moves both into the
 * project, and `node_modules` is a folder of per-package links, so that anything else written there
 * stays in the throw-away project too (`cacheWrites` lists it, for the test that checks this).
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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

/** What the run wrote into the project's `node_modules` (its entries that are not links to this repo's). */
export function cacheWrites(root: string): string[] {
  return readdirSync(join(root, 'node_modules')).filter(
    (entry) => !lstatSync(join(root, 'node_modules', entry)).isSymbolicLink(),
  );
}

export async function astroSync(lessons: Record<string, string>): Promise<SyncResult> {
  const root = mkdtempSync(join(tmpdir(), 'logout-lab-sync-'));
  dirs.push(root);
  cpSync(join(repo, 'src/content'), join(root, 'src/content'), { recursive: true });
  cpSync(join(repo, 'src/content.config.ts'), join(root, 'src/content.config.ts'));
  mkdirSync(join(root, 'node_modules'));
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    // Dot folders are caches (.astro, .vite, .vitest-cache, …); .bin and .package-lock.json are not.
    if (!entry.startsWith('.') || entry === '.bin')
      symlinkSync(join(repo, 'node_modules', entry), join(root, 'node_modules', entry));
  }
  // The content config validates lab folders with the lab tooling (sandbox-server/labs).
  symlinkSync(join(repo, 'sandbox-server'), join(root, 'sandbox-server'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  writeFileSync(
    join(root, 'astro.config.mjs'),
    "import mdx from '@astrojs/mdx';\nexport default { cacheDir: './.astro-cache', vite: { cacheDir: './.vite-cache' }, integrations: [mdx()] };\n",
  );
  mkdirSync(join(root, 'lessons/reference'), { recursive: true });
  for (const [path, text] of Object.entries(lessons)) {
    mkdirSync(join(root, 'lessons', path, '..'), { recursive: true });
    writeFileSync(join(root, 'lessons', path), text);
  }
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(repo, 'node_modules/astro/bin/astro.mjs'), 'sync'],
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
