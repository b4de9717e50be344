/**
 * Runs a learner's lab app in a worker thread, for the Node side of the lab tooling (the
 * `npm run lab` CLI). Node only.
 *
 * Why: in-process, `app.post('/logout', () => { while (true) {} })` blocks the one thread that
 * also runs the checks' time limit (a setTimeout), so `check` would hang forever. Here the app has
 * its own thread. While a request is out, the main thread pings the worker; when it stops
 * answering pings for `stuckMs`, the request fails with a TransportError that says so, the
 * worker is terminated and a fresh one (same files) serves the next request. A file that never
 * finishes loading is reported as a build problem naming the file.
 *
 * The browser's lab does the same with a Web Worker (src/lab/worker); this is the Node twin.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { TransportError } from '../../checks/transport';
import type { OutgoingRequest, Transport } from '../../checks/types';
import {
  buildProblem,
  gradeLab,
  problemError,
  type Grade,
  type GradeOptions,
  type Lab,
  type LabFiles,
  type ServeOptions,
} from '../verify';
import type { FromWorker, LogKind, ToWorker, WireRequest } from './protocol';
import { cleanLines } from '../host/clean';

export interface IsolateOptions extends Pick<ServeOptions, 'secure' | 'passwordIterations'> {
  /** How long the learner's files may take to load (top-level code and route registration). Default 5000 ms. */
  loadTimeoutMs?: number;
  /** A worker that answers no ping for this long is stuck and gets replaced. Default 1500 ms. */
  stuckMs?: number;
  /** Every log line as it arrives (serve prints them), already cleaned of control characters. */
  onLog?: (kind: LogKind, line: string) => void;
  /** Where the app runs. Default: a worker thread in this process; labs/sandbox passes a child process. */
  host?: HostFactory;
}

/** What IsolatedApp needs of the place the learner's app runs: a worker thread, or labs/sandbox's child process. */
export interface AppHost {
  postMessage(message: ToWorker): void;
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  terminate(): Promise<unknown>;
}

export interface HostFactory {
  /** How messages name the host: "thread" or "process". */
  noun: string;
  /** Starts a host; it posts `booted` once it is ready for a `load`. `log` takes anything else it prints. */
  start(
    lab: Lab,
    options: Pick<IsolateOptions, 'secure' | 'passwordIterations'>,
    log: (line: string) => void,
  ): Promise<AppHost>;
}

export const DEFAULT_LOAD_TIMEOUT_MS = 5_000;
export const DEFAULT_STUCK_MS = 1_500;
/** Evaluating the bundle itself; only a broken machine takes this long. */
const BOOT_TIMEOUT_MS = 30_000;
/** Keep the worker's heap small: a loop that allocates must not take the machine down. */
const WORKER_HEAP_MB = 256;

/** The learner's files did not finish loading in time: an endless loop at load time, most likely. */
export class LeafLoadTimeoutError extends Error {
  override name = 'LeafLoadTimeoutError';
  readonly file: string;
  readonly fix: string;
  constructor(file: string, stage: 'load' | 'register' | undefined, ms: number) {
    const doing =
      stage === 'register'
        ? 'its exported function started registering routes and never returned'
        : stage === 'load'
          ? 'its top-level code never finished'
          : 'it never finished loading';
    super(
      `${file}: the file did not finish loading within ${ms} ms: ${doing}. A loop that never ends (while (true) { … }) outside a route handler does that.`,
    );
    this.file = file;
    this.fix =
      'Look for a loop that cannot finish at the top level of the file or in its exported function (code there runs once, at start-up), then run the check again.';
  }
}

/** A host stopped by one of its own limits; the message reads after "it", e.g. "was stopped: it used more than 512 MB of memory". */
export class HostStopped extends Error {
  override name = 'HostStopped';
}

let bundled: Promise<string> | undefined;

/** The worker's code: worker.ts and everything it imports, bundled once per process. */
function workerSource(): Promise<string> {
  bundled ??= build({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    alias: { '@sandbox': fileURLToPath(new URL('../../src', import.meta.url)) },
  }).then((result) => {
    const [output] = result.outputFiles;
    if (output === undefined) throw new Error('labs/isolate: esbuild produced no worker bundle');
    return output.text;
  });
  return bundled;
}

/** The default host: a worker thread in this process (fast, but not a security boundary). */
export const threadHost: HostFactory = {
  noun: 'thread',
  async start(lab, options, log) {
    const source = await workerSource();
    const worker = new Worker(source, {
      eval: true,
      workerData: {
        lab,
        options: { secure: options.secure, passwordIterations: options.passwordIterations },
      },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      // The learner's console goes through the loader's; anything else the thread prints joins
      // the server log rather than our stdout (where it would break `check --json`).
      stdout: true,
      stderr: true,
    });
    for (const stream of [worker.stdout, worker.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (text: string) => {
        for (const line of text.split('\n')) if (line.trim() !== '') log(line);
      });
    }
    return worker as AppHost;
  },
};

interface Pending {
  resolve: (response: Response) => void;
  reject: (error: Error) => void;
  /** `POST /logout`, for messages. */
  describe: string;
  /** The caller gave up (its time limit); the answer is still awaited to know the thread is alive. */
  abandoned: boolean;
}

interface Loading {
  /** Sent with the files and echoed on their step/ready/problem, so an older load's answer is never taken for this one's. */
  id: number;
  worker: AppHost;
  resolve: () => void;
  reject: (error: Error) => void;
  step: { file: string; stage: 'load' | 'register' } | undefined;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A lab's app in its own thread. `load(files)` builds a fresh app there (the thread is kept
 * between loads, so grading a lab's variants one after another stays fast); a thread that gets
 * stuck or dies is replaced by a new one with the same files.
 */
export class IsolatedApp {
  /** The learner's console output since the last load, in order, across restarts. */
  readonly consoleLines: string[] = [];
  /** The server's own log since the last load, in order, across restarts (including the restarts). */
  readonly serverLines: string[] = [];
  /** How many times a stuck or dead thread was replaced. */
  restarts = 0;

  readonly #lab: Lab;
  readonly #options: IsolateOptions;
  readonly #stuckMs: number;
  readonly #pending = new Map<number, Pending>();
  #files: LabFiles = {};
  #worker: Promise<AppHost> | undefined;
  /** What #worker resolved to, once it has: the thread to compare with when one misbehaves. */
  #current: AppHost | undefined;
  readonly #host: HostFactory;
  /** Why the app was halted for good (a limit of labs/sandbox), or undefined while it runs. */
  #halted: string | undefined;
  #ready: Promise<void> = Promise.resolve();
  #loading: Loading | undefined;
  /** The id of the newest #load; an older one still under way gives up. */
  #loadId = 0;
  #nextId = 1;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  /** When the unanswered ping went out, or undefined when none is out. */
  #pingSince: number | undefined;
  #closed = false;

  constructor(lab: Lab, options: IsolateOptions = {}) {
    this.#lab = lab;
    this.#options = options;
    this.#stuckMs = options.stuckMs ?? DEFAULT_STUCK_MS;
    this.#host = options.host ?? threadHost;
  }

  /**
   * Stops the app with a reason every pending and later request fails with, until the next
   * load() (the sandbox's time limit uses it): unlike close(), what the checks see says why.
   */
  async halt(reason: string): Promise<void> {
    if (this.#closed) return;
    this.#halted = reason;
    this.#log('server', `checker: ${reason}`);
    this.#failPending(reason);
    if (this.#loading !== undefined) this.#endLoading(this.#loading, new Error(reason));
    const worker = this.#worker;
    this.#worker = undefined;
    this.#current = undefined;
    const thread = await worker?.catch(() => undefined);
    await thread?.terminate();
  }

  /** A new app serving `files`; rejects like `load`. */
  static async start(lab: Lab, files: LabFiles, options: IsolateOptions = {}): Promise<IsolatedApp> {
    const app = new IsolatedApp(lab, options);
    try {
      await app.load(files);
    } catch (error) {
      await app.close();
      throw error;
    }
    return app;
  }

  /**
   * Serves `files` from now on, in a fresh app (empty session stores, empty logs). Rejects with
   * the loader's problem (an Error with `file`, and `line`/`column` for a syntax error) or a
   * LeafLoadTimeoutError; the thread then waits for the next load.
   */
  load(files: LabFiles): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('labs/isolate: load() after close()'));
    this.#files = files;
    this.#halted = undefined;
    this.#failPending('The lab server was reloaded with other files.');
    this.consoleLines.length = 0;
    this.serverLines.length = 0;
    this.#ready = this.#load(files);
    return this.#ready;
  }

  /** For `@hono/node-server`: answers a real request through the thread. */
  async fetch(request: Request): Promise<Response> {
    const body =
      request.method === 'GET' || request.method === 'HEAD'
        ? undefined
        : new Uint8Array(await request.arrayBuffer());
    const wire: WireRequest = { method: request.method, url: request.url, headers: [...request.headers] };
    if (body !== undefined && body.byteLength > 0) wire.body = body;
    return await this.#send(wire, request.signal);
  }

  /** The checks' transport: like `inProcess`, but the app lives in the thread. */
  transport(baseUrl = 'http://localhost'): Transport {
    const base = baseUrl.replace(/\/+$/, '');
    return {
      name: 'worker',
      baseUrl: base,
      send: (outgoing: OutgoingRequest, signal: AbortSignal) => {
        const wire: WireRequest = { method: outgoing.method, url: outgoing.url, headers: outgoing.headers };
        if (outgoing.body !== undefined) wire.body = outgoing.body;
        return this.#send(wire, signal);
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#failPending('The lab server was stopped.');
    // A load under way ends now: its timer must not outlive the app (nor keep the process up).
    if (this.#loading !== undefined)
      this.#endLoading(this.#loading, new Error('The lab server was stopped.'));
    const worker = this.#worker;
    this.#worker = undefined;
    this.#current = undefined;
    const thread = await worker?.catch(() => undefined);
    await thread?.terminate();
  }

  async #send(wire: WireRequest, signal?: AbortSignal): Promise<Response> {
    if (this.#closed) throw new TransportError('The lab server was stopped.');
    if (this.#halted !== undefined) throw new TransportError(this.#halted);
    try {
      await this.#ready;
    } catch (error) {
      throw new TransportError(
        `The lab server is not running: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const worker = await this.#worker;
    if (worker === undefined) throw new TransportError('The lab server is not running.');
    const id = this.#nextId++;
    const describe = `${wire.method} ${new URL(wire.url).pathname}`;
    return await new Promise<Response>((resolve, reject) => {
      const pending: Pending = { resolve, reject, describe, abandoned: false };
      this.#pending.set(id, pending);
      signal?.addEventListener(
        'abort',
        () => {
          pending.abandoned = true;
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        },
        { once: true },
      );
      this.#startHeartbeat();
      const message: ToWorker = { type: 'fetch', id, request: wire };
      worker.postMessage(message);
    });
  }

  /** Sends the files to the thread (starting one if needed) and waits for `ready`. */
  async #load(files: LabFiles): Promise<void> {
    const id = ++this.#loadId;
    const worker = await this.#thread();
    if (this.#closed) throw new Error('The lab server was stopped.');
    if (id !== this.#loadId) throw new Error(SUPERSEDED);
    // Only the newest load is waited for: the one before it (a restart's, or a load() not yet
    // awaited) is settled now rather than left to its timer, which would stop the thread.
    if (this.#loading !== undefined) this.#endLoading(this.#loading, new Error(SUPERSEDED));
    const loadMs = this.#options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      const loading: Loading = {
        id,
        worker,
        resolve,
        reject,
        step: undefined,
        timer: setTimeout(() => {
          // Still loading: the thread is stuck in the learner's start-up code. Only a new thread helps.
          if (this.#loading !== loading) return;
          const { step } = loading;
          this.#endLoading(
            loading,
            new LeafLoadTimeoutError(
              step?.file ?? this.#lab.manifest.editable[0] ?? '(server)',
              step?.stage,
              loadMs,
            ),
          );
          this.#discard(worker);
        }, loadMs),
      };
      this.#loading = loading;
      const message: ToWorker = { type: 'load', id, files };
      worker.postMessage(message);
    });
  }

  #endLoading(loading: Loading, error?: Error): void {
    if (this.#loading !== loading) return;
    this.#loading = undefined;
    clearTimeout(loading.timer);
    if (error === undefined) loading.resolve();
    else loading.reject(error);
  }

  /** The current thread, or a new one once it has evaluated its bundle. */
  #thread(): Promise<AppHost> {
    if (this.#worker === undefined) {
      const spawning = this.#spawn();
      this.#worker = spawning;
      // A thread that failed to start is not kept: the next load tries a new one rather than
      // repeating this failure for as long as the app lives.
      spawning.catch(() => {
        if (this.#worker === spawning) this.#worker = undefined;
      });
    }
    return this.#worker;
  }

  async #spawn(): Promise<AppHost> {
    const { noun } = this.#host;
    const { secure, passwordIterations } = this.#options;
    const hostOptions = {
      ...(secure === undefined ? {} : { secure }),
      ...(passwordIterations === undefined ? {} : { passwordIterations }),
    };
    const worker = await this.#host.start(this.#lab, hostOptions, (line) => this.#log('server', line));
    return await new Promise<AppHost>((resolve, reject) => {
      let booted = false;
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(
          new Error(`labs/isolate: the worker ${noun} did not start within ${BOOT_TIMEOUT_MS / 1000} s`),
        );
      }, BOOT_TIMEOUT_MS);
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'booted') {
          booted = true;
          clearTimeout(timer);
          this.#current = worker;
          resolve(worker);
        } else this.#onMessage(worker, message);
      });
      const died = (how: string) => {
        if (!booted) {
          clearTimeout(timer);
          reject(new Error(`labs/isolate: the worker ${noun} ${how} before it started`));
        } else this.#died(worker, how);
      };
      worker.on('error', (error) =>
        died(error instanceof HostStopped ? error.message : `threw: ${error.message}`),
      );
      worker.on('exit', (code) => died(`exited (code ${code})`));
    });
  }

  #onMessage(worker: AppHost, message: FromWorker): void {
    // Any message proves the thread is alive.
    this.#pingSince = undefined;
    const current = this.#loading;
    const loading =
      current?.worker === worker && 'load' in message && current.id === message.load ? current : undefined;
    switch (message.type) {
      case 'logs':
        for (const { kind, line } of message.lines) this.#log(kind, line);
        return;
      case 'step':
        if (loading !== undefined) loading.step = { file: message.file, stage: message.stage };
        return;
      case 'ready':
        if (loading !== undefined) this.#endLoading(loading);
        return;
      case 'problem':
        if (loading !== undefined) this.#endLoading(loading, problemError(message.problem));
        return;
      case 'response':
      case 'error':
        this.#settle(message);
        return;
      default:
    }
  }

  #settle(message: Extract<FromWorker, { type: 'response' | 'error' }>): void {
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    if (this.#pending.size === 0) this.#stopHeartbeat();
    if (pending.abandoned) return;
    if (message.type === 'error') {
      // The same outcome as app.fetch rejecting in-process: the runner reports "the server threw".
      pending.reject(new Error(message.message));
      return;
    }
    try {
      pending.resolve(toResponse(message));
    } catch (error) {
      pending.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #log(kind: LogKind, line: string): void {
    const lines = kind === 'console' ? this.consoleLines : this.serverLines;
    // Learner text is data: no ANSI escape or control character reaches a report or a terminal.
    // One entry may span lines (a stack trace, as the lab host sends it): each line is cleaned, and
    // every printer frames each line (the CLI's "│ "), so a newline cannot forge a report line.
    line = cleanLines(line).join('\n');
    lines.push(line);
    if (lines.length > 5000) lines.splice(0, 2500);
    try {
      this.#options.onLog?.(kind, line);
    } catch {
      // A broken printer must not take the server down.
    }
  }

  #startHeartbeat(): void {
    if (this.#heartbeat !== undefined) return;
    const every = Math.max(20, Math.min(250, Math.floor(this.#stuckMs / 3)));
    this.#heartbeat = setInterval(() => void this.#beat(), every);
    // Never keep the process alive just to watch: close() or the last answer stops it anyway.
    this.#heartbeat.unref();
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    this.#pingSince = undefined;
  }

  async #beat(): Promise<void> {
    const worker = await this.#worker?.catch(() => undefined);
    if (worker === undefined || this.#pending.size === 0) return this.#stopHeartbeat();
    const now = Date.now();
    if (this.#pingSince === undefined) {
      this.#pingSince = now;
      const ping: ToWorker = { type: 'ping' };
      worker.postMessage(ping);
    } else if (now - this.#pingSince >= this.#stuckMs) {
      const requests = this.#describePending();
      this.#replace(
        worker,
        `The server got stuck answering ${requests}: for ${this.#stuckMs} ms its ${this.#host.noun} did not respond at all, which is what a loop that never ends does (while (true) { … }, or a loop whose condition never turns false). It was stopped, and the next request gets a fresh server (sessions kept on the server are lost). Look in the handler for ${requests} for a loop that cannot finish.`,
        `checker: ${requests} got stuck (the ${this.#host.noun} stopped responding); the server was stopped and a fresh one started.`,
      );
    }
  }

  /** The thread exited or threw on its own (out of memory, a crash). */
  #died(worker: AppHost, how: string): void {
    // A thread we terminated ourselves also "exits"; only the current one dying is news.
    if (this.#closed || this.#current !== worker) return;
    const loading = this.#loading?.worker === worker ? this.#loading : undefined;
    if (loading !== undefined) {
      // A build problem naming the file being loaded: the caller reports it and goes on.
      const file = loading.step?.file ?? this.#lab.manifest.editable[0] ?? '(server)';
      this.#endLoading(
        loading,
        Object.assign(new Error(`${file}: the server's ${this.#host.noun} ${how} while loading the files`), {
          file,
          fix: 'Look at the top level of the file and its exported function (code there runs once, at start-up): something there ends or overloads the server, e.g. process.exit() or an allocation that never stops.',
        }),
      );
      this.#discard(worker);
      return;
    }
    const requests = this.#describePending();
    this.#replace(
      worker,
      `The server's ${this.#host.noun} stopped${requests === '' ? '' : ` while answering ${requests}`}: it ${how}. A fresh server was started for the next request.`,
      `checker: the server's ${this.#host.noun} ${how}; a fresh one was started.`,
    );
  }

  #describePending(): string {
    return [...new Set([...this.#pending.values()].map((p) => p.describe))].join(', ');
  }

  /** Forgets `worker` (if it is the current thread) and terminates it. */
  #discard(worker: AppHost): void {
    if (this.#current === worker) {
      this.#current = undefined;
      this.#worker = undefined;
    }
    void worker.terminate();
  }

  /** Fails what the thread holds, terminates it, and loads the same files in a new one. */
  #replace(worker: AppHost, message: string, logLine: string): void {
    if (this.#current !== worker) return;
    this.#stopHeartbeat();
    this.#log('server', logLine);
    this.#failPending(message);
    this.#discard(worker);
    this.restarts++;
    if (this.#closed) return;
    const ready = this.#load(this.#files);
    this.#ready = ready;
    // A file that loaded once loads again; should it not, every later request says why. (Unless a
    // newer load() replaced this one: then its logs are the ones that count.)
    ready.catch((error: unknown) => {
      if (this.#ready === ready && !this.#closed)
        this.#log(
          'server',
          `checker: the fresh server did not start: ${error instanceof Error ? error.message : String(error)}`,
        );
    });
  }

  #failPending(message: string): void {
    const failed = [...this.#pending.values()];
    this.#pending.clear();
    this.#stopHeartbeat();
    for (const pending of failed) if (!pending.abandoned) pending.reject(new TransportError(message));
  }
}

const SUPERSEDED = 'labs/isolate: the load was replaced by a newer one before it finished.';

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function toResponse(message: Extract<FromWorker, { type: 'response' }>): Response {
  const headers = new Headers();
  for (const [name, value] of message.headers) headers.append(name, value);
  const body = NULL_BODY.has(message.status) ? null : message.body;
  return new Response(body, { status: message.status, statusText: message.statusText, headers });
}

/**
 * `gradeLab`, with the app in a worker thread: a loop in a handler becomes an `error` result for
 * each check that reaches it, and a file that never finishes loading a build problem. Pass `app`
 * to reuse one thread for several gradings of the same lab (verify does); otherwise one is
 * started and stopped here.
 */
export async function gradeLabIsolated(
  lab: Lab,
  files: LabFiles,
  options: GradeOptions & IsolateOptions & { app?: IsolatedApp } = {},
): Promise<Grade> {
  const app = options.app ?? new IsolatedApp(lab, options);
  try {
    try {
      await app.load(files);
    } catch (error) {
      if (error instanceof Error && typeof (error as { file?: unknown }).file === 'string')
        return { ok: false, problem: buildProblem(error) };
      throw error;
    }
    return await gradeLab(lab, files, {
      ...options,
      transport: app.transport(),
      logs: { console: () => app.consoleLines, server: () => app.serverLines },
    });
  } finally {
    if (options.app === undefined) await app.close();
  }
}
