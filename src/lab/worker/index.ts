/**
 * The Worker runtime (page side). The learner's server runs in a dedicated module Worker; every
 * call has a time limit, and when one is exceeded (an endless loop never yields, so the Worker
 * cannot answer at all) the page terminates the Worker, starts a fresh one with the last version
 * that loaded, and says what happened. Nothing the learner typed is lost: files live in the page.
 */
import { stoppedResults } from '../../../sandbox-server/labs/host/stopped';
import { RuntimeProblemError } from '../problem';
import type {
  CheckResult,
  Files,
  LabRequest,
  LabResponse,
  LabRuntime,
  LogLine,
  Preview,
  RuntimeOptions,
  RuntimeProblem,
} from '../runtime';
import { LAB_ORIGIN, randomSecret } from '../tree/protocol';
import type { CheckMeta, FromWorker, ToWorker } from './protocol';

/** The origin the in-Worker server believes it is served from (no network is involved): the WebContainer's. */
export const WORKER_ORIGIN = LAB_ORIGIN;
const DEFAULT_TIMEOUT_MS = 3000;
/** A check's watchdog waits this much longer than the runner's own per-check limit (which then reports first). */
export const CHECK_GRACE_MS = 1000;
/** Loading the Worker script itself (a cold cache on a slow connection) gets more time. */
const LOAD_TIMEOUT_MS = 15_000;

type Pending = {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  describe: string;
  limitMs: number;
};
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface WorkerRuntimeOptions extends RuntimeOptions {
  /** Test seam: how to create the Worker. */
  spawn?: () => Worker;
}

const spawnLabWorker = (): Worker =>
  new Worker(new URL('./lab-worker.ts', import.meta.url), { type: 'module', name: 'logout-lab-server' });

export async function createWorkerRuntime(options: WorkerRuntimeOptions): Promise<LabRuntime> {
  return new WorkerRuntime(options);
}

class WorkerRuntime implements LabRuntime {
  readonly kind = 'worker' as const;
  readonly origin = WORKER_ORIGIN;
  readonly #options: WorkerRuntimeOptions;
  readonly #timeoutMs: number;
  readonly #spawn: () => Worker;
  /** One secret per page: signed cookies stay valid across restarts, as with a real server's config. */
  readonly #secret = randomSecret();

  /** The lab's learner routes for the worker's check config, when the manifest names them. */
  #routes(): { learnerRoutes?: readonly string[] } {
    const routes = this.#options.lab.learnerRoutes;
    return routes === undefined ? {} : { learnerRoutes: routes };
  }
  readonly #listeners = new Set<(line: LogLine) => void>();
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | null = null;
  #loaded: Promise<void> | null = null;
  #nextId = 1;
  #files: Files = {};
  #lastGood: Files | null = null;
  #meta = new Map<string, CheckMeta>();
  #disposed = false;

  constructor(options: WorkerRuntimeOptions) {
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#spawn = options.spawn ?? spawnLabWorker;
  }

  logs(listener: (line: LogLine) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  preview(): Preview {
    return { kind: 'bridge' };
  }

  async start(files: Files): Promise<void> {
    this.#files = { ...files };
    await this.#load(this.#files);
  }

  async updateFiles(files: Files): Promise<void> {
    this.#files = { ...this.#files, ...files };
    await this.#load(this.#files);
  }

  async request(request: LabRequest): Promise<LabResponse> {
    const what = `${request.method} ${request.path}`;
    return (await this.#call({ type: 'request', request }, this.#timeoutMs, `answer ${what}`)) as LabResponse;
  }

  async runChecks(ids: readonly string[] = []): Promise<CheckResult[]> {
    const unique = [...new Set(ids)];
    const unknown = unique.filter((id) => !this.#meta.has(id));
    if (unknown.length) {
      const meta = (await this.#call(
        { type: 'describe', ids: unknown },
        this.#timeoutMs,
        'describe the checks',
      )) as CheckMeta[];
      for (const m of meta) this.#meta.set(m.id, m);
    }
    // Results in catalog order, as the worker's catalog has it (the page bundle carries no catalog).
    const order = (id: string): number => this.#meta.get(id)?.order ?? Number.MAX_SAFE_INTEGER;
    const ordered = unique.sort((a, b) => order(a) - order(b));
    const results: CheckResult[] = [];
    for (const [index, id] of ordered.entries()) {
      try {
        // The runner's own limit catches awaits that never settle; the watchdog catches loops that never yield.
        const message: WithoutId<ToWorker> = {
          type: 'check',
          checkId: id,
          fresh: index === 0,
          timeoutMs: this.#timeoutMs,
        };
        results.push(
          (await this.#call(message, this.#timeoutMs + CHECK_GRACE_MS, `finish check ${id}`)) as CheckResult,
        );
      } catch (error) {
        if (!(error instanceof RuntimeProblemError) || error.problem.kind !== 'timeout') throw error;
        // The Worker was frozen and is replaced: the same stopped results every runtime gives.
        const meta = ordered.slice(index).map(
          (rest) =>
            this.#meta.get(rest) ?? {
              id: rest,
              title: rest,
              hint: { concept: 'endless loops', lesson: '03-basic-logout-route' as const },
            },
        );
        results.push(...stoppedResults(meta, this.#timeoutMs + CHECK_GRACE_MS));
        break;
      }
    }
    return results;
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#kill(new Error('The lab was closed.'));
    this.#listeners.clear();
  }

  #emit(line: LogLine): void {
    for (const listener of this.#listeners) listener(line);
  }

  #system(text: string): void {
    this.#emit({ at: Date.now(), level: 'system', text });
  }

  /** Compiles and serves `files`; on a loader problem the previous version keeps serving. */
  async #load(files: Files): Promise<void> {
    const message: WithoutId<ToWorker> = {
      type: 'start',
      store: this.#options.lab.store,
      origin: this.origin,
      secret: this.#secret,
      files,
      ...this.#routes(),
    };
    try {
      await this.#call(message, this.#timeoutMs, 'finish loading your code');
      this.#lastGood = { ...files };
    } catch (error) {
      if (error instanceof RuntimeProblemError && error.problem.kind === 'timeout') {
        const kept = this.#lastGood ? ' It keeps serving your last version that loaded.' : '';
        throw new RuntimeProblemError({
          kind: 'timeout',
          message: `Your code did not finish loading within ${this.#timeoutMs / 1000} seconds (an endless loop at the top level of a file?). The lab stopped it and started a fresh server.${kept}`,
        });
      }
      throw error;
    }
  }

  #ensureWorker(): Promise<void> {
    if (this.#worker && this.#loaded) return this.#loaded;
    const worker = this.#spawn();
    this.#worker = worker;
    this.#loaded = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`the lab's Worker script did not load within ${LOAD_TIMEOUT_MS / 1000} seconds`)),
        LOAD_TIMEOUT_MS,
      );
      worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
        const data = event.data;
        if (data.type === 'loaded') {
          clearTimeout(timer);
          resolve();
        } else if (data.type === 'logs') for (const line of data.lines) this.#emit(line);
        else this.#settle(data);
      });
      worker.addEventListener('error', (event) => {
        clearTimeout(timer);
        const message = `The lab's Worker failed: ${event.message || 'it could not be loaded'}`;
        reject(new Error(message));
        this.#kill(new Error(message));
      });
    });
    return this.#loaded;
  }

  #settle(data: Exclude<FromWorker, { type: 'loaded' } | { type: 'logs' }>): void {
    const pending = this.#pending.get(data.id);
    if (!pending) return;
    this.#pending.delete(data.id);
    clearTimeout(pending.timer);
    if (data.type === 'ok') pending.resolve(data.value);
    else if (data.type === 'problem') pending.reject(new RuntimeProblemError(data.problem));
    else pending.reject(new Error(data.message));
  }

  async #call(message: WithoutId<ToWorker>, limitMs: number, describe: string): Promise<unknown> {
    if (this.#disposed) throw new Error('The lab was closed.');
    await this.#ensureWorker();
    const worker = this.#worker;
    if (!worker) throw new Error('The lab server is not running.');
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => void this.#timedOut(id), limitMs);
      this.#pending.set(id, { resolve, reject, timer, describe, limitMs });
      worker.postMessage({ ...message, id } as ToWorker);
    });
  }

  /** The Worker is stuck (it cannot even answer): replace it and restore the last good code. */
  async #timedOut(id: number): Promise<void> {
    const pending = this.#pending.get(id);
    if (!pending) return;
    // The limit this very call had (a check gets more than a request), not the default.
    const seconds = pending.limitMs / 1000;
    const problem: RuntimeProblem = {
      kind: 'timeout',
      message: `Stopped: your code did not ${pending.describe} within ${seconds} seconds, so it is probably stuck in an endless loop. The lab terminated the server and started a fresh one (sessions kept on the server were lost); your code is unchanged.`,
    };
    this.#kill(new RuntimeProblemError(problem));
    this.#system(problem.message);
    this.#options.onProblem?.(problem);
    if (this.#disposed || !this.#lastGood) return;
    try {
      await this.#call(
        {
          type: 'start',
          store: this.#options.lab.store,
          origin: this.origin,
          secret: this.#secret,
          files: this.#lastGood,
          ...this.#routes(),
        },
        this.#timeoutMs,
        'restart',
      );
      this.#system('A fresh server is running your last version that loaded.');
    } catch (error) {
      this.#system(`The fresh server could not start: ${(error as Error).message}`);
    }
  }

  #kill(reason: Error): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#loaded = null;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(reason);
    }
    this.#pending.clear();
  }
}
