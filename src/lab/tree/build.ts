/**
 * Builds the WebContainer file tree: one bundled, minified `lab.mjs` (hono + the sandbox server +
 * the checks + this folder's index.ts) plus package.json and notices, so the container runs
 * `node lab.mjs` with no npm install. The learner's code is NOT in the tree: the page transpiles it
 * and writes it under leaves/ at run time.
 *
 * Build-time Node code, used by the Astro integration (../integration: build and dev), the tree's
 * Node test, and `node scripts/build-webcontainer-tree.mjs` (a thin CLI over this module: src never
 * imports scripts/). Imports nothing local, so Node runs it directly (type stripping).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Where the tree is served and written, relative to the site root (dist/ or the dev server). */
export const TREE_PATH = 'lab/webcontainer-tree.json';

/** A WebContainer `FileSystemTree`: files with their text, and folders. */
export type Tree = { [name: string]: { file: { contents: string } } | { directory: Tree } };

/** The loader imports sucrase to transpile; inside the container the code arrives transpiled. */
const transpiledInThePage: Plugin = {
  name: 'sucrase-is-done-in-the-page',
  setup(b) {
    b.onResolve({ filter: /^sucrase$/ }, () => ({ path: 'sucrase', namespace: 'lab-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'lab-stub' }, () => ({
      contents: 'export function transform(code) { return { code }; }',
      loader: 'js',
    }));
  },
};

export async function buildWebContainerTree(): Promise<{
  files: Record<string, string>;
  tree: Tree;
  bytes: number;
}> {
  const result = await build({
    entryPoints: [resolve(root, 'src/lab/tree/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    alias: { '@sandbox': resolve(root, 'sandbox-server/src') },
    plugins: [transpiledInThePage],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild wrote no lab.mjs');
  const honoLicense = readFileSync(resolve(root, 'node_modules/hono/LICENSE'), 'utf8');
  const files: Record<string, string> = {
    'lab.mjs': output.text,
    // Node 20 at least: StackBlitz serves it by default, and Node 18 has no global `crypto` (lab.mjs dies there).
    'package.json': `${JSON.stringify({ name: 'logout-lab-server', private: true, type: 'module', engines: { node: '>=20' }, scripts: { start: 'node lab.mjs serve' } }, null, 2)}\n`,
    'THIRD-PARTY-NOTICES.txt': `lab.mjs bundles hono (https://github.com/honojs/hono):\n\n${honoLicense}`,
  };
  const tree: Tree = Object.fromEntries(
    Object.entries(files).map(([name, contents]) => [name, { file: { contents } }]),
  );
  tree['leaves'] = { directory: {} };
  const bytes = Object.values(files).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  return { files, tree, bytes };
}

/** Builds the tree and writes it to `outFile` as JSON; returns its size in bytes. */
export async function writeWebContainerTree(outFile: string): Promise<number> {
  const { tree, bytes } = await buildWebContainerTree();
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(tree));
  return bytes;
}
