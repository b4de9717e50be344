/**
 * `npm run postbuild` (npm runs it after `npm run build`): redo the deploy artifacts once tools
 * that write into dist/ after Astro (Pagefind) have run, so their files are compressed and the CSP
 * sees them (Pagefind's WebAssembly needs 'wasm-unsafe-eval'). Idempotent.
 * Usage: node src/server/artifacts/main.ts [dist] [--runtime-script <module.ts>#<export>]
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareDist } from './index.ts';

const args = process.argv.slice(2);
const root = resolve(args.find((arg) => !arg.startsWith('--')) ?? 'dist');
// Same run-time scripts the Astro integration allows (see astro.config.mjs).
const previewBridge = resolve('src/lab/ui/preview-bridge.ts');
const runtimeScripts: string[] = existsSync(previewBridge)
  ? [
      ((await import(pathToFileURL(previewBridge).href)) as { PREVIEW_BRIDGE_SCRIPT: string })
        .PREVIEW_BRIDGE_SCRIPT,
    ]
  : [];

try {
  const cacheDir = resolve('node_modules/.cache/deploy-artifacts');
  await prepareDist(root, (line) => console.log(`deploy-artifacts: ${line}`), { runtimeScripts, cacheDir });
} catch (error) {
  console.error(`deploy-artifacts: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
