/**
 * The lab's runtime store: picks a runtime, keeps it serving the learner's current files, runs the
 * checks and explains what happened. It knows nothing about the DOM; the UI renders `getState()`
 * and calls the methods. Every sentence the learner reads about the runtime is composed here.
 */
import {
  adapters as defaultAdapters,
  RuntimeProblemError,
  type CheckResult,
  type Files,
  type LabDefinition,
  type LabRequest,
  type LabResponse,
  type LabRuntime,
  type LogLine,
  type Preview,
  type RuntimeFactory,
  type RuntimeKind,
  type RuntimeProblem,
} from '../runtime';

export interface Summary {
  passed: number;
  total: number;
  failed: number;
  advisory: number;
  /** Every check passed or is advisory. */
  complete: boolean;
  text: string;
}

export interface LabState {
  phase: 'idle' | 'starting' | 'ready' | 'failed';
  runtime: RuntimeKind | null;
  /** The status line: which runtime serves the lab, and why. */
  status: string;
  /** Null while unknown; a sentence when WebContainers cannot be used here. */
  webcontainerReason: string | null;
  /** True when the UI offers `switchAction`. */
  canSwitch: boolean;
  /** The switch the UI may offer: to the other runtime when it is known to work, or a retry of a failed WebContainer. */
  switchAction: SwitchAction | null;
  busy: null | 'restarting' | 'checking';
  /** True from an edit until the server runs it (or fails to): the debounce plus the restart. */
  applying: boolean;
  problem: RuntimeProblem | null;
  results: CheckResult[] | null;
  summary: Summary | null;
  /** Why the last "Run checks" produced no results, in plain words. */
  checksMessage: string | null;
  files: Files;
}

export interface SwitchAction {
  target: RuntimeKind;
  /** The button's text. */
  label: string;
  /** Why a retry might not help (the earlier failure), for the button's description. */
  reason: string | null;
}

export interface Environment {
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
}

export interface LabStoreOptions {
  lab: LabDefinition;
  files: Files;
  prefer?: 'auto' | RuntimeKind;
  adapters?: Partial<Record<RuntimeKind, RuntimeFactory>>;
  /** How long WebContainer boot may take before the lab falls back to the Worker (the adapter enforces it). */
  bootTimeoutMs?: number;
  /** How long a WebContainer may take from boot to a serving app (mount, first `node` start). */
  startTimeoutMs?: number;
  /** Quiet time after the last keystroke before the server restarts with the new code. */
  restartDelayMs?: number;
  /** Per request / per check time limit handed to the runtime. */
  timeoutMs?: number;
  env?: Environment;
  onComplete?: (summary: Summary) => void;
  /** Remembers a failed WebContainer boot (per tab), so a reload does not wait for it again. */
  memory?: { get(): string | null; set(reason: string): void; clear?(): void };
}

const LOG_CAP = 400;

export function webcontainerUnavailableReason(env: Environment): string | null {
  if (!env.crossOriginIsolated) return 'this page is not cross-origin isolated, so SharedArrayBuffer is off';
  if (!env.sharedArrayBuffer) return 'this browser has no SharedArrayBuffer';
  return null;
}

export function summarize(results: readonly CheckResult[]): Summary {
  const passed = results.filter((r) => r.status === 'pass').length;
  const advisory = results.filter((r) => r.status === 'advisory').length;
  const failed = results.length - passed - advisory;
  const extra = advisory ? ` (${advisory} advisory)` : '';
  return {
    passed,
    total: results.length,
    failed,
    advisory,
    complete: results.length > 0 && failed === 0,
    text: `${passed} of ${results.length} checks pass${extra}`,
  };
}

const withTimeout = <T>(promise: Promise<T>, ms: number, message: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });

export function createLabStore(options: LabStoreOptions) {
  if (!options.lab.checks.length) throw new Error(`createLabStore: lab "${options.lab.lessonId}" lists no checks`);
  if (!Object.keys(options.files).length) throw new Error(`createLabStore: lab "${options.lab.lessonId}" has no files`);
  const factories = { ...defaultAdapters, ...options.adapters };
  const bootTimeoutMs = options.bootTimeoutMs ?? 4000;
  const startTimeoutMs = options.startTimeoutMs ?? bootTimeoutMs + 20_000;
  const restartDelayMs = options.restartDelayMs ?? 350;
  const env = options.env ?? {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
  };

  let state: LabState = {
    phase: 'idle',
    runtime: null,
    status: 'The lab is not running yet.',
    webcontainerReason: null,
    canSwitch: false,
    switchAction: null,
    busy: null,
    applying: false,
    problem: null,
    results: null,
    summary: null,
    checksMessage: null,
    files: { ...options.files },
  };
  let runtime: LabRuntime | null = null;
  let unsubscribeLogs: (() => void) | null = null;
  let pendingEdit: ReturnType<typeof setTimeout> | null = null;
  let editChain: Promise<void> = Promise.resolve();
  /** Restarts queued on `editChain` and not yet finished. */
  let queued = 0;
  const dirty = new Set<string>();
  const listeners = new Set<(state: LabState) => void>();
  const logListeners = new Set<(line: LogLine) => void>();
  const logs: LogLine[] = [];

  /**
   * What this page knows about the WebContainer: it served here (`works`), it failed to start
   * (`failed`, now or earlier in this tab) or it was never tried.
   */
  let webcontainer: { known: 'unknown' } | { known: 'works' } | { known: 'failed'; reason: string } = { known: 'unknown' };
  const isolationReason = webcontainerUnavailableReason(env);
  const switchFor = (s: LabState): SwitchAction | null => {
    if (s.phase !== 'ready') return null;
    if (s.runtime === 'webcontainer') return { target: 'worker', label: 'Switch to your browser', reason: null };
    // Without cross-origin isolation a WebContainer cannot start, so there is nothing to offer.
    if (s.runtime !== 'worker' || isolationReason !== null) return null;
    if (webcontainer.known === 'works') return { target: 'webcontainer', label: 'Switch to a WebContainer', reason: null };
    // Not "Switch": it failed here already and a retry costs up to the boot time limit again.
    if (webcontainer.known === 'failed') return { target: 'webcontainer', label: 'Retry WebContainer', reason: `It did not start earlier in this tab: ${webcontainer.reason}.` };
    return null;
  };
  const set = (patch: Partial<LabState>): void => {
    state = { ...state, ...patch };
    const switchAction = switchFor(state);
    state = { ...state, switchAction, canSwitch: switchAction !== null };
    for (const listener of listeners) listener(state);
  };
  const failed = (reason: string): void => {
    webcontainer = { known: 'failed', reason };
    options.memory?.set(reason);
  };
  const log = (line: LogLine): void => {
    logs.push(line);
    if (logs.length > LOG_CAP) logs.splice(0, logs.length - LOG_CAP);
    for (const listener of logListeners) listener(line);
  };
  const system = (text: string): void => log({ at: Date.now(), level: 'system', text });
  const onProblem = (problem: RuntimeProblem): void => {
    set({ problem });
    system(problem.message);
  };

  const statusFor = (kind: RuntimeKind, why: string | null): string => {
    if (kind === 'webcontainer') return 'Running in a WebContainer: a real Node.js server on a local port.';
    return why ? `Running in your browser: ${why}.` : 'Running in your browser (a Web Worker).';
  };

  /** Starts `kind`, treating learner mistakes (compile errors) as a running runtime with a problem. */
  const launch = async (kind: RuntimeKind, limitMs: number | null): Promise<LabRuntime> => {
    const factory = factories[kind];
    const created = await factory({ lab: options.lab, onProblem, bootTimeoutMs, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
    const unsubscribe = created.logs(log);
    const started = created.start({ ...state.files });
    try {
      await (limitMs === null ? started : withTimeout(started, limitMs, `it did not start within ${+(limitMs / 1000).toFixed(1)} seconds`));
      set({ problem: null });
    } catch (error) {
      if (error instanceof RuntimeProblemError) {
        set({ problem: error.problem });
      } else {
        unsubscribe();
        // A slow boot may still finish: then the learner may switch to it later.
        void started.then(
          () => {
            if (kind === 'webcontainer') {
              webcontainer = { known: 'works' };
              options.memory?.clear?.();
              set({});
            }
            return created.dispose();
          },
          () => created.dispose(),
        ).catch(() => undefined);
        throw error;
      }
    }
    unsubscribe();
    return created;
  };

  const adopt = (next: LabRuntime, why: string | null): void => {
    runtime = next;
    unsubscribeLogs = next.logs(log);
    if (next.kind === 'webcontainer') webcontainer = { known: 'works' };
    set({ phase: 'ready', runtime: next.kind, status: statusFor(next.kind, why), busy: null });
    system(`Server started (${next.kind === 'worker' ? 'Web Worker' : 'WebContainer'}).`);
  };

  const flushEdits = async (): Promise<void> => {
    if (pendingEdit !== null) {
      clearTimeout(pendingEdit);
      pendingEdit = null;
      queueRestart();
    }
    await editChain;
  };

  const queueRestart = (): void => {
    const paths = [...dirty];
    dirty.clear();
    queued++;
    editChain = editChain.then(async () => {
      const current = runtime;
      if (!current || !paths.length) {
        queued--;
        set({ applying: pendingEdit !== null || queued > 0 });
        return;
      }
      set({ busy: 'restarting' });
      try {
        // One restart for all of them (Reset changes every file at once).
        await current.updateFiles(Object.fromEntries(paths.map((path) => [path, state.files[path] ?? ''])));
        set({ problem: null });
        const lost = options.lab.store === 'server' ? ' Sessions kept in the old server’s memory are gone: log in again.' : '';
        system(`Restarted the server with your changes to ${paths.join(', ')}.${lost}`);
      } catch (error) {
        if (error instanceof RuntimeProblemError) set({ problem: error.problem });
        else set({ problem: { kind: 'crash', message: `The server could not restart: ${(error as Error).message}` } });
      } finally {
        queued--;
        set({ busy: null, applying: pendingEdit !== null || queued > 0 });
      }
    });
  };

  return {
    getState: (): LabState => state,
    getLogs: (): readonly LogLine[] => logs,
    subscribe(listener: (state: LabState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLog(listener: (line: LogLine) => void): () => void {
      logListeners.add(listener);
      return () => logListeners.delete(listener);
    },

    async start(): Promise<void> {
      if (state.phase !== 'idle' && state.phase !== 'failed') return;
      set({ phase: 'starting', status: 'Starting the lab server…' });
      let why: string | null = null;
      if (options.prefer === 'worker') why = 'you chose the in-browser runtime';
      else {
        why = webcontainerUnavailableReason(env);
        const remembered = why === null ? (options.memory?.get() ?? null) : null;
        if (remembered !== null) {
          webcontainer = { known: 'failed', reason: remembered };
          why = `${remembered}; not retried in this tab`;
        } else if (why === null) {
          set({ status: 'Starting a WebContainer (a Node.js runtime in your browser)…' });
          try {
            adopt(await launch('webcontainer', startTimeoutMs), null);
            return;
          } catch (error) {
            why = (error as Error).message || 'it failed to boot';
            failed(why);
            system(`WebContainer unavailable: ${why}. Falling back to the Worker runtime.`);
          }
        }
        why = `WebContainers are unavailable here (${why})`;
      }
      set({ webcontainerReason: why });
      try {
        adopt(await launch('worker', null), why);
      } catch (error) {
        set({ phase: 'failed', status: `The lab could not start: ${(error as Error).message}. Reload the page to try again; your draft is saved.` });
      }
    },

    /** Records an edit; the server restarts with it after a short quiet period. */
    edit(path: string, source: string): void {
      set({ files: { ...state.files, [path]: source }, applying: true });
      dirty.add(path);
      if (pendingEdit !== null) clearTimeout(pendingEdit);
      pendingEdit = setTimeout(() => {
        pendingEdit = null;
        queueRestart();
      }, restartDelayMs);
    },

    /** Replaces every file at once (reset, solution, restore) and restarts right away. */
    async replaceFiles(files: Files): Promise<void> {
      set({ files: { ...state.files, ...files } });
      for (const path of Object.keys(files)) dirty.add(path);
      await flushEdits();
      queueRestart();
      await editChain;
    },

    async runChecks(): Promise<CheckResult[] | null> {
      await flushEdits();
      const current = runtime;
      if (!current) {
        set({ checksMessage: 'Start the lab first.' });
        return null;
      }
      if (state.problem?.kind === 'compile') {
        const p = state.problem;
        set({ results: null, summary: null, checksMessage: `Fix the syntax error in ${p.file} (line ${p.line}, column ${p.column}) before running the checks: ${p.message}` });
        return null;
      }
      // Grading the last version that loaded would pass or fail code the learner no longer sees.
      if (state.problem?.kind === 'load') {
        const p = state.problem;
        const at = p.line === undefined ? '' : ` (line ${p.line}, column ${p.column ?? 1})`;
        set({ results: null, summary: null, checksMessage: `Fix ${p.file}${at} before running the checks: it did not load. ${p.message}` });
        return null;
      }
      set({ busy: 'checking', checksMessage: null });
      try {
        const results = await current.runChecks(options.lab.checks);
        const summary = summarize(results);
        set({ results, summary, busy: null });
        system(`Checks ran against a fresh server with your code: ${summary.text}. Your own sessions were not touched.`);
        if (summary.complete) options.onComplete?.(summary);
        return results;
      } catch (error) {
        const message = error instanceof RuntimeProblemError ? error.problem.message : `The checks could not run: ${(error as Error).message}`;
        set({ busy: null, results: null, summary: null, checksMessage: message });
        return null;
      }
    },

    async request(request: LabRequest): Promise<LabResponse> {
      await flushEdits();
      if (!runtime) throw new Error('Start the lab first.');
      return runtime.request(request);
    },

    preview(): Preview | null {
      return runtime?.preview() ?? null;
    },

    origin(): string | null {
      return runtime?.origin ?? null;
    },

    /** Moves the lab to the other runtime; server-side state (sessions) starts empty there. */
    async switchTo(kind: RuntimeKind): Promise<void> {
      if (state.runtime === kind || state.phase !== 'ready') return;
      await flushEdits();
      const previous = runtime;
      unsubscribeLogs?.();
      runtime = null;
      set({ phase: 'starting', status: `Switching to ${kind === 'worker' ? 'your browser' : 'a WebContainer'}…` });
      await previous?.dispose();
      try {
        adopt(await launch(kind, kind === 'webcontainer' ? startTimeoutMs : null), kind === 'worker' ? 'you switched from the WebContainer' : null);
        if (kind === 'webcontainer') options.memory?.clear?.();
      } catch (error) {
        const reason = (error as Error).message || 'it failed to boot';
        if (kind === 'webcontainer') {
          failed(reason);
          system(`WebContainer unavailable: ${reason}. Back to the Worker runtime.`);
        }
        const why = `WebContainers are unavailable here (${reason})`;
        set({ webcontainerReason: why });
        adopt(await launch('worker', null), why);
      }
    },

    async dispose(): Promise<void> {
      if (pendingEdit !== null) clearTimeout(pendingEdit);
      unsubscribeLogs?.();
      const current = runtime;
      runtime = null;
      listeners.clear();
      logListeners.clear();
      await current?.dispose();
    },
  };
}

export type LabStore = ReturnType<typeof createLabStore>;
