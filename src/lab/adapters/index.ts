/**
 * The runtime table, in order of preference: the store tries each entry that can run here, falls
 * back along the table, and takes every sentence it says about a runtime from its entry. The last
 * entry is the last resort. Adapters load lazily (`load()`), each its own chunk, so the page only
 * downloads the one it tries. A new runtime is one more entry here (and its kind in ../runtime).
 */
import type { RuntimeAdapter } from '../runtime';

export const runtimes: readonly RuntimeAdapter[] = [
  {
    kind: 'webcontainer',
    label: 'a WebContainer',
    name: 'WebContainer',
    // SharedArrayBuffer, which WebContainers need, exists only on cross-origin isolated pages.
    available: (env) => {
      if (!env.crossOriginIsolated)
        return 'this page is not cross-origin isolated, so SharedArrayBuffer is off';
      if (!env.sharedArrayBuffer) return 'this browser has no SharedArrayBuffer';
      return true;
    },
    load: async () => (await import('../webcontainer')).createWebContainerRuntime,
    // StackBlitz's runtime comes from their servers: offline or blocked, it never arrives.
    bootLimitMs: 4000,
    remembersFailure: true,
    starting: 'Starting a WebContainer (a Node.js runtime in your browser)…',
    running: () => 'Running in a WebContainer: a real Node.js server on a local port.',
    started: 'Server started (WebContainer).',
    unavailable: (reason) => `WebContainers are unavailable here (${reason})`,
  },
  {
    kind: 'worker',
    label: 'your browser',
    name: 'Worker',
    available: () => true,
    load: async () => (await import('../worker')).createWorkerRuntime,
    bootLimitMs: null,
    remembersFailure: false,
    running: (why) => (why ? `Running in your browser: ${why}.` : 'Running in your browser (a Web Worker).'),
    started: 'Server started (Web Worker).',
    unavailable: (reason) => `the Web Worker did not start (${reason})`,
    chosen: 'you chose the in-browser runtime',
  },
];
