#!/usr/bin/env node
/**
 * Writes the WebContainer file tree (src/lab/tree/build.ts: one bundled `lab.mjs` plus
 * package.json and notices) to a JSON file, outside a site build:
 *
 *   node scripts/build-webcontainer-tree.mjs [out.json]   (default dist/lab/webcontainer-tree.json)
 *
 * The build itself lives in src/ because the Astro integration needs it and src never imports
 * scripts/ (eslint.config.js); this file is only the command line.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TREE_PATH, writeWebContainerTree } from '../src/lab/tree/build.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: {} });
const out = resolve(positionals[0] ?? resolve(root, 'dist', TREE_PATH));
const bytes = await writeWebContainerTree(out);
console.log(`WebContainer tree: ${out} (${(bytes / 1024).toFixed(1)} KB)`);
