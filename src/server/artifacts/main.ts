/**
 * `npm run postbuild` (npm runs it after `npm run build`): redo the deploy artifacts once tools
 * that write into dist/ after Astro (Pagefind) have run, so their files are compressed and the CSP
 * sees them (Pagefind's WebAssembly needs 'wasm-unsafe-eval'). Idempotent.
 * Usage: node src/server/artifacts/main.ts [dist]
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArgsError, parseCommandLine } from '../../../sandbox-server/labs/args/index.ts';
import { labRuntimeFromEnv } from '../../lab/deployment/env.ts';
import { webContainersOn } from '../../lab/deployment/index.ts';
import { prepareDist } from './index.ts';

const USAGE = 'Usage: node src/server/artifacts/main.ts [dist]';

function rootFolder(args: readonly string[]): string {
  try {
    const { positionals } = parseCommandLine(args, {});
    if (positionals.length > 1) throw new Error(`one dist folder, got ${positionals.length}`);
    return resolve(positionals[0] ?? 'dist');
  } catch (error) {
    const problem =
      error instanceof ArgsError
        ? `unknown option ${error.problem.option}`
        : error instanceof Error
          ? error.message
          : String(error);
    console.error(`deploy-artifacts: ${problem}.\n${USAGE}`);
    process.exit(2);
  }
}

const root = rootFolder(process.argv.slice(2));
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
  // PUBLIC_LAB_RUNTIME as the build read it (same env files, same process environment).
  const webContainers = webContainersOn(labRuntimeFromEnv(process.cwd()));
  await prepareDist(root, (line) => console.log(`deploy-artifacts: ${line}`), {
    runtimeScripts,
    cacheDir,
    webContainers,
  });
} catch (error) {
  console.error(`deploy-artifacts: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
