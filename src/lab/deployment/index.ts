/**
 * Deployment switches of the lab, read from public env vars at build time (Astro inlines
 * `import.meta.env.PUBLIC_*` into the page, so they cannot change per visitor):
 *
 * - `PUBLIC_LAB_RUNTIME`: `auto` (default) tries a WebContainer first and falls back to the Worker;
 *   `worker` turns WebContainers off for the whole deployment: the page never loads StackBlitz,
 *   the build emits no WebContainer tree, and the site drops the COEP header (../../server/headers).
 * - `PUBLIC_WEBCONTAINER_API_KEY`: a StackBlitz API key for licensed production use, handed to
 *   `configureAPIKey` before boot (../webcontainer/api-key.ts).
 *
 * Web-standard and extension-ful imports only: the Astro config, the build integrations, the
 * post-build step (plain Node) and the page all use it.
 */

export const LAB_RUNTIME_VAR = 'PUBLIC_LAB_RUNTIME';
export const WEBCONTAINER_API_KEY_VAR = 'PUBLIC_WEBCONTAINER_API_KEY';

/** The values `PUBLIC_LAB_RUNTIME` accepts. */
export const labRuntimeSettings = ['auto', 'worker'] as const;
export type LabRuntimeSetting = (typeof labRuntimeSettings)[number];

/**
 * The setting for `value` (unset or empty: `auto`). Anything else fails the build with a message
 * naming the allowed values: a typo such as `wroker` would otherwise silently keep WebContainers on.
 */
export function parseLabRuntime(value: string | undefined): LabRuntimeSetting {
  const given = value?.trim() ?? '';
  if (given === '') return 'auto';
  const known = labRuntimeSettings.find((setting) => setting === given.toLowerCase());
  if (known) return known;
  throw new Error(
    `${LAB_RUNTIME_VAR}=${JSON.stringify(value)} is not a lab runtime setting. Use one of: ${labRuntimeSettings.join(', ')} ` +
      `(auto: a WebContainer when the browser can boot one, else the Worker; worker: the in-browser Worker only, WebContainers off for this deployment), or leave it unset for auto.`,
  );
}

/** Whether a deployment with `setting` may use WebContainers (and so needs cross-origin isolation). */
export function webContainersOn(setting: LabRuntimeSetting): boolean {
  return setting !== 'worker';
}
