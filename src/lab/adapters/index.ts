/**
 * The runtime table, in order of preference: the store tries each entry that can run here, falls
 * back along the table, and takes every sentence it says about a runtime from its entry. The last
 * entry is the last resort. Adapters load lazily (`load()`), each its own chunk, so the page only
 * downloads the one it tries. A new runtime is one more entry here (and its kind in ../runtime).
 */
import type { RuntimeAdapter } from '../runtime';

const webcontainer: RuntimeAdapter = {
  kind: 'webcontainer',
  label: 'a WebContainer',
  name: 'WebContainer',
  // SharedArrayBuffer, which WebContainers need, exists only on cross-origin isolated pages.
  available: (env) => {
    // As in TutorialKit: WebContainers do not run dependably in WebKit on iPhone and iPad.
    if (env.appleMobile) return 'they do not run reliably on iPhone and iPad';
    if (!env.crossOriginIsolated)
      return 'this page is not cross-origin isolated, so SharedArrayBuffer is off';
    if (!env.sharedArrayBuffer) return 'this browser has no SharedArrayBuffer';
    return true;
  },
  load: async () => (await import('../webcontainer')).createWebContainerRuntime,
  // StackBlitz's runtime comes from their servers: offline or blocked, it never arrives.
  bootLimitMs: 4000,
  remembersFailure: true,
  // The API caches its boot iframe and never rejects when StackBlitz is unreachable: only a fresh page retries.
  retryReloads: true,
  // Its boot takes seconds when it works and its whole limit when it does not: never waited for.
  background: true,
  starting: 'A WebContainer (a Node.js runtime from stackblitz.com, in your browser) is starting.',
  plain: 'Running in your browser, on Node.js.',
  running: () =>
    'The server runs in a WebContainer (StackBlitz’s Node.js runtime, loaded from stackblitz.com): a real Node.js server on a local port.',
  started: 'Server started (WebContainer).',
  unavailable: (reason) => `WebContainers are unavailable here (${reason})`,
};

const worker: RuntimeAdapter = {
  kind: 'worker',
  label: 'your browser',
  name: 'Worker',
  available: () => true,
  load: async () => (await import('../worker')).createWorkerRuntime,
  bootLimitMs: null,
  remembersFailure: false,
  plain: 'Running in your browser.',
  running: (why) =>
    why
      ? `The server runs in a Web Worker: ${why}.`
      : 'The server runs in a Web Worker: Hono on the browser’s own fetch API, no Node.js needed.',
  started: 'Server started (Web Worker).',
  unavailable: (reason) => `the Web Worker did not start (${reason})`,
  chosen: 'you chose the in-browser runtime',
};

/**
 * `PUBLIC_LAB_RUNTIME=worker` (validated at build by ../integration, see ../deployment) leaves the
 * Worker alone in the table: nothing offers, loads or retries a WebContainer. Compared right here,
 * on the value Vite inlines, so the bundler drops the WebContainer entry and with it the adapter's
 * chunk and @webcontainer/api from such a build.
 */
export const runtimes: readonly RuntimeAdapter[] =
  import.meta.env.PUBLIC_LAB_RUNTIME === 'worker' ? [worker] : [webcontainer, worker];
