/**
 * Build-side reading of the deployment switches (./index.ts): the same `.env` files and process
 * environment Vite reads for `import.meta.env` (Vite's `loadEnv`), so the Astro integrations, the
 * post-build step and the page agree. Node only.
 */
import { loadEnv } from 'vite';
import { LAB_RUNTIME_VAR, parseLabRuntime, type LabRuntimeSetting } from './index.ts';

/** `PUBLIC_LAB_RUNTIME` for a Vite `mode` (`production` for builds) in project `root`; throws on an unknown value. */
export function labRuntimeFromEnv(root: string, mode = 'production'): LabRuntimeSetting {
  return parseLabRuntime(loadEnv(mode, root, 'PUBLIC_')[LAB_RUNTIME_VAR]);
}
