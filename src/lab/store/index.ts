/**
 * The lab's runtime store: picks a runtime, keeps it serving the learner's current files, runs the
 * checks and explains what happened. It knows nothing about the DOM; the UI renders `getState()`
 * and calls the methods. It names no runtime either: which runtimes exist, their order, their
 * limits and every sentence about them come from the runtime table (../adapters); ./choice keeps
 * what this tab learned about them and ./edits turns keystrokes into restarts.
 */
import { runtimes as defaultRuntimes } from '../adapters';
import { runsOnAppleMobile } from '../platform';
import { RuntimeProblemError } from '../problem';
import type {
  CheckResult,
  Environment,
  Files,
  LabDefinition,
  LabRequest,
  LabResponse,
  LabRuntime,
  LogLine,
  Preview,
  RuntimeAdapter,
  RuntimeFactory,
  RuntimeKind,
  RuntimeProblem,
} from '../runtime';
import { createRuntimeChoice, type BootMemory, type SwitchAction } from './choice';
import { createEditQueue } from './edits';

export type { BootMemory, SwitchAction };

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
  /** The status line, in plain words: `Running in your browser.` */
  status: string;
  /** The technical side, for a details toggle: which runtime serves, why not another, what boots in the background. */
  statusDetail: string | null;
  /** The runtime booting in the background while another serves (the lab moves to it when it is ready). */
  upgrading: RuntimeKind | null;
  /** Null while unknown or unneeded; a sentence when the lab serves from a runtime other than its first choice. */
  fallbackReason: string | null;
  /** True when the UI offers `switchAction`. */
  canSwitch: boolean;
  /** The switch the UI may offer: to another runtime known to work, or a retry of one that failed. */
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

export interface LabStoreOptions {
  lab: LabDefinition;
  files: Files;
  prefer?: 'auto' | RuntimeKind;
  /** The runtime table, in order of preference (default ../adapters). */
  runtimes?: readonly RuntimeAdapter[];
  /** Test seam: factories used instead of loading the table's adapters. */
  adapters?: Partial<Record<RuntimeKind, RuntimeFactory>>;
  /** How long a boot may take before the lab falls back (the adapter enforces it); default: each entry's `bootLimitMs`. */
  bootTimeoutMs?: number;
  /** How long a runtime that boots may take from boot to a serving app (mount, first server start). */
  startTimeoutMs?: number;
  /** Quiet time after the last keystroke before the server restarts with the new code. */
  restartDelayMs?: number;
  /** Per request / per check time limit handed to the runtime. */
  timeoutMs?: number;
  env?: Environment;
  onComplete?: (summary: Summary) => void;
  /** Remembers a failed boot (per tab) of the entries that ask for it, so a reload does not wait for it again. */
  memory?: BootMemory;
}

const LOG_CAP = 400;
/** A runtime that boots gets this much beyond its boot limit to serve the first version (mount, first start). */
const SERVE_AFTER_BOOT_MS = 20_000;

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
      (error: unknown) => (
        clearTimeout(timer),
        reject(error instanceof Error ? error : new Error(String(error)))
      ),
    );
  });

const reasonOf = (error: unknown): string => (error as Error).message || 'it failed to boot';

export function createLabStore(options: LabStoreOptions) {
  if (!options.lab.checks.length)
    throw new Error(`createLabStore: lab "${options.lab.lessonId}" lists no checks`);
  if (!Object.keys(options.files).length)
    throw new Error(`createLabStore: lab "${options.lab.lessonId}" has no files`);
  const env = options.env ?? {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
    appleMobile: runsOnAppleMobile(),
  };
  const choice = createRuntimeChoice(options.runtimes ?? defaultRuntimes, env, options.memory);

  /* ---------- state, listeners, the log ---------- */
  let state: LabState = {
    phase: 'idle',
    runtime: null,
    status: 'The lab is not running yet.',
    statusDetail: null,
    upgrading: null,
    fallbackReason: null,
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
  const listeners = new Set<(state: LabState) => void>();
  /** Waiting for a quiet moment to move to a runtime that booted in the background (see upgrade). */
  const quietWaiters = new Set<() => void>();
  const logListeners = new Set<(line: LogLine) => void>();
  const logs: LogLine[] = [];

  const set = (patch: Partial<LabState>): void => {
    state = { ...state, ...patch };
    // No switch while checks run: the old runtime's processes would still hold the port (and the results would be lost).
    const switchAction =
      state.phase === 'ready' && state.runtime !== null && state.busy !== 'checking'
        ? choice.switchFrom(choice.entry(state.runtime))
        : null;
    state = { ...state, switchAction, canSwitch: switchAction !== null };
    for (const listener of listeners) listener(state);
    wakeQuietWaiters();
  };
  const wakeQuietWaiters = (): void => {
    for (const waiter of [...quietWaiters]) waiter();
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

  /* ---------- starting a runtime ---------- */
  const bootLimit = (entry: RuntimeAdapter): number | null => options.bootTimeoutMs ?? entry.bootLimitMs;
  /** How long starting `entry` may take in all, or null when it is not limited (it does not boot). */
  const startLimit = (entry: RuntimeAdapter): number | null =>
    entry.bootLimitMs === null
      ? null
      : (options.startTimeoutMs ?? (options.bootTimeoutMs ?? entry.bootLimitMs) + SERVE_AFTER_BOOT_MS);

  /** The files each runtime was started with, to catch up on edits made while it started. */
  const launchedWith = new WeakMap<LabRuntime, Files>();

  /**
   * Starts `entry`, treating learner mistakes (compile errors) as a running runtime with a problem.
   * In the `background`, the serving runtime's problem stays on screen: this one serves nothing yet.
   */
  const launch = async (entry: RuntimeAdapter, background = false): Promise<LabRuntime> => {
    const factory = options.adapters?.[entry.kind] ?? (await entry.load());
    const boot = bootLimit(entry);
    let self: LabRuntime | null = null;
    const created = await factory({
      lab: options.lab,
      onProblem,
      // Only a runtime that serves fails over; one that fails while starting rejects its start().
      onFailure: (message) => {
        if (self) void failOver(self, message);
      },
      ...(boot === null ? {} : { bootTimeoutMs: boot }),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    const unsubscribe = created.logs(log);
    launchedWith.set(created, { ...state.files });
    const started = created.start({ ...state.files });
    const limitMs = startLimit(entry);
    try {
      await (limitMs === null
        ? started
        : withTimeout(started, limitMs, `it did not start within ${+(limitMs / 1000).toFixed(1)} seconds`));
      if (!background) set({ problem: null });
    } catch (error) {
      if (error instanceof RuntimeProblemError) {
        if (!background) set({ problem: error.problem });
      } else {
        unsubscribe();
        // A slow boot may still finish: then the learner may switch to it later.
        void started
          .then(
            () => {
              choice.works(entry);
              set({});
              return created.dispose();
            },
            () => created.dispose(),
          )
          .catch(() => undefined);
        throw error;
      }
    }
    unsubscribe();
    self = created;
    return created;
  };

  /** The serving runtime said it can no longer serve: dispose it and move the lab to the last resort. */
  const failOver = async (failed: LabRuntime, message: string): Promise<void> => {
    if (runtime !== failed) return;
    const entry = choice.entry(failed.kind);
    const fallback = choice.fallback;
    if (entry === fallback) {
      set({ problem: { kind: 'crash', message } });
      return;
    }
    unsubscribeLogs?.();
    runtime = null;
    choice.failed(entry, message);
    system(
      `${message.charAt(0).toUpperCase()}${message.slice(1)}. The lab moves to the ${fallback.name} runtime; your code is unchanged.`,
    );
    const why = entry.unavailable(message);
    set({ phase: 'starting', status: `Switching to ${fallback.label}…`, busy: null, fallbackReason: why });
    await failed.dispose().catch(() => undefined);
    try {
      adopt(await launch(fallback), why);
    } catch (error) {
      set({
        phase: 'failed',
        status: `The lab could not start: ${(error as Error).message}. Reload the page to try again; your draft is saved.`,
      });
    }
  };

  const adopt = (next: LabRuntime, why: string | null): void => {
    const entry = choice.entry(next.kind);
    runtime = next;
    unsubscribeLogs = next.logs(log);
    choice.works(entry);
    set({
      phase: 'ready',
      runtime: next.kind,
      status: entry.plain,
      statusDetail: entry.running(why),
      busy: null,
    });
    system(entry.started);
    // Edits typed while it started found no runtime to restart: bring them now.
    const launched = launchedWith.get(next) ?? {};
    const changed = Object.keys(state.files).filter((path) => state.files[path] !== launched[path]);
    if (changed.length) void edits.replace(changed);
  };

  /* ---------- moving to a runtime that booted in the background ---------- */
  let disposed = false;
  /** Console and preview requests on their way: the lab does not move while one is answered. */
  let inFlight = 0;
  const quiet = (): boolean =>
    state.phase === 'ready' && state.busy === null && !state.applying && inFlight === 0;
  /** Resolves at the first moment nothing runs: no checks, no restart, no pending edit, no request. */
  const whenQuiet = (): Promise<void> =>
    new Promise((resolve) => {
      if (quiet()) return resolve();
      const check = (): void => {
        if (!quiet()) return;
        quietWaiters.delete(check);
        resolve();
      };
      quietWaiters.add(check);
    });

  /**
   * Boots `entry` while the current runtime serves; once it serves the same files, the lab moves
   * to it at the next quiet moment. The files, the console history, the log and the results stay
   * (they live here and in the UI, not in a runtime); the server's own memory does not.
   */
  const upgrade = async (entry: RuntimeAdapter): Promise<void> => {
    const serving = runtime;
    const meanwhile = serving ? choice.entry(serving.kind) : choice.fallback;
    set({
      upgrading: entry.kind,
      statusDetail: `${meanwhile.running(null)} ${entry.starting ?? `A ${entry.name} is starting.`} The lab moves to it when it is ready, with your code, console and results.`,
    });
    let next: LabRuntime;
    try {
      next = await launch(entry, true);
    } catch (error) {
      const reason = reasonOf(error);
      choice.failed(entry, reason);
      if (disposed) return;
      system(`${entry.name} unavailable: ${reason}. The lab stays in ${meanwhile.label}.`);
      const why = entry.unavailable(reason);
      const current = runtime ? choice.entry(runtime.kind) : meanwhile;
      set({ upgrading: null, fallbackReason: why, statusDetail: current.running(why) });
      return;
    }
    await whenQuiet();
    // Disposed meanwhile, or the learner moved the lab themselves: this one is not needed.
    if (disposed || runtime !== serving || !serving) {
      set({ upgrading: null });
      await next.dispose().catch(() => undefined);
      return;
    }
    // One synchronous step: no check or request can start between the two runtimes.
    unsubscribeLogs?.();
    runtime = null;
    state = { ...state, upgrading: null };
    adopt(next, null);
    const lost =
      options.lab.store === 'server'
        ? ' Sessions kept in the old server’s memory are gone: log in again.'
        : ' Its sessions are signed with a new secret: log in again.';
    system(`The lab moved to ${entry.label}; your code, console and results are unchanged.${lost}`);
    await serving.dispose().catch(() => undefined);
  };

  /* ---------- edits ---------- */
  /** One restart of the serving runtime with the current text of `paths`. */
  const restartWith = async (paths: string[]): Promise<void> => {
    const current = runtime;
    if (!current || !paths.length) return;
    set({ busy: 'restarting' });
    try {
      // One restart for all of them (Reset changes every file at once).
      await current.updateFiles(Object.fromEntries(paths.map((path) => [path, state.files[path] ?? ''])));
      set({ problem: null });
      const lost =
        options.lab.store === 'server'
          ? ' Sessions kept in the old server’s memory are gone: log in again.'
          : '';
      system(`Restarted the server with your changes to ${paths.join(', ')}.${lost}`);
    } catch (error) {
      if (error instanceof RuntimeProblemError) set({ problem: error.problem });
      else
        set({
          problem: { kind: 'crash', message: `The server could not restart: ${(error as Error).message}` },
        });
    }
  };
  const edits = createEditQueue({
    delayMs: options.restartDelayMs ?? 350,
    restart: restartWith,
    // Only a restart that ran set `busy`; the one that found nothing to do leaves it alone.
    settled: () =>
      set({ ...(state.busy === 'restarting' ? { busy: null } : {}), applying: edits.applying() }),
  });

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

    /**
     * Tries the table's runtimes in order (from `prefer`) and serves from the first that starts;
     * the last is the last resort. An entry that boots in the background (`background`) does not
     * hold the learner up: the last resort serves at once, and the lab moves over when it is ready.
     */
    async start(): Promise<void> {
      if (state.phase !== 'idle' && state.phase !== 'failed') return;
      set({ phase: 'starting', status: 'Starting the lab server…', statusDetail: null });
      const { candidates, why: chosen } = choice.plan(options.prefer);
      const last = candidates.at(-1) ?? choice.fallback;
      let why = chosen;
      let later: RuntimeAdapter | null = null;
      for (const [index, entry] of candidates.slice(0, -1).entries()) {
        const passedOver = choice.passOver(entry);
        if (passedOver !== null) {
          why = entry.unavailable(passedOver);
          continue;
        }
        // Asked for by name (`?lab-runtime=`), it is waited for: the learner chose it.
        if (entry.background && options.prefer !== entry.kind) {
          later = entry;
          break;
        }
        if (entry.starting) set({ status: entry.starting });
        try {
          adopt(await launch(entry), null);
          return;
        } catch (error) {
          const reason = reasonOf(error);
          choice.failed(entry, reason);
          system(
            `${entry.name} unavailable: ${reason}. Falling back to the ${(candidates[index + 1] ?? last).name} runtime.`,
          );
          why = entry.unavailable(reason);
        }
      }
      set({ fallbackReason: later ? null : why });
      try {
        adopt(await launch(last), later ? null : why);
      } catch (error) {
        set({
          phase: 'failed',
          status: `The lab could not start: ${(error as Error).message}. Reload the page to try again; your draft is saved.`,
        });
        return;
      }
      if (later) void upgrade(later);
    },

    /** Records an edit; the server restarts with it after a short quiet period. */
    edit(path: string, source: string): void {
      set({ files: { ...state.files, [path]: source }, applying: true });
      edits.edit(path);
    },

    /** Replaces every file at once (reset, solution, restore) and restarts right away. */
    async replaceFiles(files: Files): Promise<void> {
      set({ files: { ...state.files, ...files } });
      await edits.replace(Object.keys(files));
    },

    async runChecks(): Promise<CheckResult[] | null> {
      await edits.flush();
      const current = runtime;
      if (!current) {
        set({ checksMessage: 'Start the lab first.' });
        return null;
      }
      if (state.problem?.kind === 'compile') {
        const p = state.problem;
        set({
          results: null,
          summary: null,
          checksMessage: `Fix the syntax error in ${p.file} (line ${p.line}, column ${p.column}) before running the checks: ${p.message}`,
        });
        return null;
      }
      // Grading the last version that loaded would pass or fail code the learner no longer sees.
      if (state.problem?.kind === 'load') {
        const p = state.problem;
        const at = p.line === undefined ? '' : ` (line ${p.line}, column ${p.column ?? 1})`;
        set({
          results: null,
          summary: null,
          checksMessage: `Fix ${p.file}${at} before running the checks: it did not load. ${p.message}`,
        });
        return null;
      }
      set({ busy: 'checking', checksMessage: null });
      try {
        const results = await current.runChecks(options.lab.checks);
        const summary = summarize(results);
        set({ results, summary, busy: null });
        system(
          `Checks ran against a fresh server with your code: ${summary.text}. Your own sessions were not touched.`,
        );
        if (summary.complete) options.onComplete?.(summary);
        return results;
      } catch (error) {
        const message =
          error instanceof RuntimeProblemError
            ? error.problem.message
            : `The checks could not run: ${(error as Error).message}`;
        set({ busy: null, results: null, summary: null, checksMessage: message });
        return null;
      }
    },

    async request(request: LabRequest): Promise<LabResponse> {
      await edits.flush();
      if (!runtime) throw new Error('Start the lab first.');
      inFlight++;
      try {
        return await runtime.request(request);
      } finally {
        inFlight--;
        // No state changed: only a move waiting for a quiet moment needs to hear it (a full set()
        // would re-render the whole lab after every console request).
        wakeQuietWaiters();
      }
    },

    preview(): Preview | null {
      return runtime?.preview() ?? null;
    },

    origin(): string | null {
      return runtime?.origin ?? null;
    },

    /** Moves the lab to another runtime; server-side state (sessions) starts empty there. A failure falls back to the last resort. */
    async switchTo(kind: RuntimeKind): Promise<void> {
      if (state.runtime === kind || state.phase !== 'ready' || state.runtime === null) return;
      if (state.busy === 'checking') {
        system('Wait for the checks to finish before switching runtimes.');
        return;
      }
      await edits.flush();
      const from = choice.entry(state.runtime);
      const target = choice.entry(kind);
      const previous = runtime;
      unsubscribeLogs?.();
      runtime = null;
      set({ phase: 'starting', status: `Switching to ${target.label}…` });
      await previous?.dispose();
      try {
        adopt(
          await launch(target),
          choice.fellBack(from, target) ? `you switched from the ${from.name}` : null,
        );
      } catch (error) {
        const reason = reasonOf(error);
        const fallback = choice.fallback;
        if (target !== fallback) {
          choice.failed(target, reason);
          system(`${target.name} unavailable: ${reason}. Back to the ${fallback.name} runtime.`);
        }
        const why = target.unavailable(reason);
        set({ fallbackReason: why });
        adopt(await launch(fallback), why);
      }
    },

    async dispose(): Promise<void> {
      disposed = true;
      quietWaiters.clear();
      edits.dispose();
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
