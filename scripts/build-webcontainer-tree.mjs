#!/usr/bin/env node
/**
 * Builds the WebContainer file tree: one bundled, minified `lab.mjs` (hono + the sandbox server +
 * the checks + src/lab/tree) plus package.json and notices, so the container runs `node lab.mjs`
 * with no npm install. The learner's code is NOT in the tree: the page transpiles it and writes it
 * under leaves/ at run time.
 *
 *   node scripts/build-webcontainer-tree.mjs [out.json]   (default dist/lab/webcontainer-tree.json)
 *
 * Also imported by the Astro integration (build + dev) and by the tree's Node test.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TREE_PATH = 'lab/webcontainer-tree.json';

/** The loader imports sucrase to transpile; inside the container the code arrives transpiled. */
const transpiledInThePage = {
  name: 'sucrase-is-done-in-the-page',
  setup(b) {
    b.onResolve({ filter: /^sucrase$/ }, () => ({ path: 'sucrase', namespace: 'lab-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'lab-stub' }, () => ({
      contents: 'export function transform(code) { return { code }; }',
      loader: 'js',
    }));
  },
};

/** @returns {Promise<{ files: Record<string, string>, tree: object, bytes: number }>} */
export async function buildWebContainerTree() {
  const result = await build({
    entryPoints: [resolve(root, 'src/lab/tree/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    alias: { '@sandbox': resolve(root, 'sandbox-server/src') },
    plugins: [transpiledInThePage],
  });
  const [output] = result.outputFiles;
  const honoLicense = readFileSync(resolve(root, 'node_modules/hono/LICENSE'), 'utf8');
  const files = {
    'lab.mjs': output.text,
    'package.json': `${JSON.stringify({ name: 'logout-lab-server', private: true, type: 'module', scripts: { start: 'node lab.mjs serve' } }, null, 2)}\n`,
    'THIRD-PARTY-NOTICES.txt': `lab.mjs bundles hono (https://github.com/honojs/hono):\n\n${honoLicense}`,
  };
  const tree = Object.fromEntries(Object.entries(files).map(([name, contents]) => [name, { file: { contents } }]));
  tree.leaves = { directory: {} };
  const bytes = Object.values(files).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  return { files, tree, bytes };
}

export async function writeWebContainerTree(outFile) {
  const { tree, bytes } = await buildWebContainerTree();
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(tree));
  return bytes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: {} });
  const out = resolve(positionals[0] ?? resolve(root, 'dist', TREE_PATH));
  const bytes = await writeWebContainerTree(out);
  console.log(`WebContainer tree: ${out} (${(bytes / 1024).toFixed(1)} KB)`);
}
