/**
 * The WebContainer runtime: a real Node.js process (StackBlitz WebContainers) serves the app on a
 * local port. Booted once per page, lazily; mounts the prebuilt tree (../tree/build.ts, no npm
 * install), writes the learner's files transpiled in the page, and runs `node lab.mjs serve`.
 * Console requests and check runs go to that process as control messages on its stdin
 * (../tree/protocol.ts CONTROL_MARK), so none of them waits for a Node start; the checks still run
 * against a fresh server in a child process, over real HTTP.
 *
 * The preview is the message bridge, as in the Worker: the container's own preview URL is another
 * site, where the app's CSRF check and SameSite=Lax cookies cannot work, and ad blockers block it.
 *
 * What a WebContainer does that Node does not, and what this adapter does about it:
 * - kill() may not stop a busy process (webcontainer-core #1121): a process that does not exit in
 *   time after kill() makes the adapter tear the container down and hand the lab to the Worker
 *   (RuntimeOptions.onFailure), saying so. Results resolve on their reply line, never on exit.
 * - any call may never settle: mount, fs.* and spawn each have a deadline (its timer starts before
 *   the call), and `error` events are watched; either hands the lab to the Worker with a sentence.
 * - output is a pseudo-terminal's: stdout and stderr merged, \r\n, escape codes, chunks decoded
 *   one by one (a split UTF-8 character is garbled): marked lines are ASCII (../tree/protocol.ts
 *   markLine) and escape codes are stripped before parsing; echoed control lines are dropped.
 *
 * Needs cross-origin isolation and StackBlitz's servers at boot; the store falls back to the
 * Worker when boot fails or is slow. Commercial production use needs a StackBlitz licence.
 */
import type { WebContainer, WebContainerProcess } from '@webcontainer/api';
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
import {
  CHECK_SERVER_START_MS,
  CONTROL_MARK,
  controlLines,
  LAB_CONFIG_FILE,
  LAB_MARK,
  LAB_ORIGIN,
  LAB_PORT,
  randomSecret,
  SERVE_START_MS,
  stripAnsi,
  type ControlMessage,
  type ControlReply,
  type LabConfig,
  type ServeMessage,
} from '../tree/protocol';
import { applyApiKey } from './api-key';

const DEFAULT_TIMEOUT_MS = 3000;
/** Deadline of one container call (mount, a file write, spawn, a write to stdin): they are quick or broken. */
export const CALL_LIMIT_MS = 5000;
/** How long a killed process may take to exit before the container is torn down (kill() may do nothing). */
export const EXIT_LIMIT_MS = 2000;
/** A console request gets this much beyond the request limit for the trip through stdin and back. */
const CHANNEL_GRACE_MS = 1000;
/** Lines of output kept to explain a server that stopped. */
const TAIL_LINES = 8;
/** Unexpected exits of `serve` in a row (without a request answered between) before the lab gives up on the container. */
const MAX_CRASHES = 3;
/** ../tree/build's TREE_PATH, restated: that module is Node build code, and this literal is how bench:lab finds this chunk. */
const treeUrl = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}lab/webcontainer-tree.json`;

/** One WebContainer per page: boot is expensive and the API allows only one instance. */
let booting: Promise<WebContainer> | null = null;

export interface WebContainerRuntimeOptions extends RuntimeOptions {
  /** Test seam: shorter limits than CALL_LIMIT_MS, EXIT_LIMIT_MS and SERVE_START_MS. */
  limits?: { callMs?: number; exitMs?: number; serveStartMs?: number };
}

export async function createWebContainerRuntime(options: WebContainerRuntimeOptions): Promise<LabRuntime> {
  return new WebContainerRuntime(options);
}

type Transpile = typeof import('../syntax').transpileOrProblem;

const leafFile = (path: string): string => `leaves/${path.replace(/\.ts$/, '.js')}`;
const NOT_RUNNING = 'The lab server is not running: fix the problem shown above the editor, then try again.';
const seconds = (ms: number): string => `${+(ms / 1000).toFixed(1)} seconds`;

/** Rejects with `the WebContainer did not <what> within N seconds` unless `promise` settles first. */
function deadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(
        () => reject(new Error(`the WebContainer did not ${what} within ${seconds(ms)}`)),
        ms,
      )),
  );
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Resolves true when `process` exits within `ms`, false when it does not (kill() did nothing). */
const exitsWithin = (process: WebContainerProcess, ms: number): Promise<boolean> =>
  deadline(
    process.exit.then(() => true),
    ms,
    'exit',
  ).catch(() => false);

/** One `node lab.mjs serve` and what the page knows about it. */
interface Serve {
  process: WebContainerProcess;
  writer: WritableStreamDefaultWriter<string>;
  /** Set before the page kills it: its exit is then expected. */
  stopping: boolean;
  listening: boolean;
  /** Its last lines of output, to explain an exit. */
  tail: string[];
  /** Settles once its output has been read to the end (awaited only with a deadline: it may never end). */
  drained: Promise<void>;
}

type Pending = {
  resolve: (reply: ControlReply) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
};

class WebContainerRuntime implements LabRuntime {
  readonly kind = 'webcontainer' as const;
  readonly origin = LAB_ORIGIN;
  readonly #options: RuntimeOptions;
  readonly #timeoutMs: number;
  readonly #callMs: number;
  readonly #exitMs: number;
  readonly #serveStartMs: number;
  readonly #listeners = new Set<(line: LogLine) => void>();
  readonly #secret = randomSecret();
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #wc: WebContainer | null = null;
  #offError: () => void = () => undefined;
  #server: Serve | null = null;
  /** The restart in progress, which requests wait for (the first start, an edit, a crash). */
  #restarting: Promise<RuntimeProblem | null> | null = null;
  #crashes = 0;
  /** Why this runtime can no longer serve, once it cannot: every later call says it. */
  #failed: string | null = null;
  #started = false;
  #transpile: Transpile | null = null;
  /** The learner's current sources, all files (an update brings only the changed ones). */
  #files: Files = {};
  /** Transpiled code on disk, by learner path: unchanged files are not written again. */
  readonly #written = new Map<string, string>();
  /** Transpiled code of the last version that loaded, put back when a new one throws while loading. */
  #lastGood: Files | null = null;

  constructor(options: WebContainerRuntimeOptions) {
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#callMs = options.limits?.callMs ?? CALL_LIMIT_MS;
    this.#exitMs = options.limits?.exitMs ?? EXIT_LIMIT_MS;
    this.#serveStartMs = options.limits?.serveStartMs ?? SERVE_START_MS;
  }

  logs(listener: (line: LogLine) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Always the bridge: the container's preview URL is cross-site, where logins cannot work (see the top). */
  preview(): Preview {
    return { kind: 'bridge' };
  }

  async start(files: Files): Promise<void> {
    const api = await import('@webcontainer/api');
    // A licensed deployment's key (PUBLIC_WEBCONTAINER_API_KEY) must be set before the first boot.
    if (!booting) applyApiKey(api);
    // A pending boot is shared (only one instance may exist); a failed one may be retried later.
    booting ??= api.WebContainer.boot({ coep: 'require-corp', workdirName: 'logout-lab' }).catch(
      (error: unknown) => {
        booting = null;
        throw error;
      },
    );
    const limit = this.#options.bootTimeoutMs ?? 4000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `StackBlitz's WebContainer runtime did not load within ${+(limit / 1000).toFixed(1)} seconds: offline, blocked by the network, or an unsupported browser`,
            ),
          ),
        limit,
      );
    });
    const wc = await Promise.race([booting, slow]).finally(() => clearTimeout(timer));
    this.#wc = wc;
    this.#offError = wc.on('error', (error) =>
      this.#fail(`the WebContainer reported an error: ${error.message}`),
    );
    const response = await fetch(treeUrl);
    if (!response.ok)
      throw new Error(`the prebuilt server tree is missing (${treeUrl} answered ${response.status})`);
    const tree: unknown = await response.json();
    await this.#container(wc.mount(tree as Parameters<WebContainer['mount']>[0]), 'mount the server files');
    const { store, learnerRoutes } = this.#options.lab;
    const config: LabConfig = { store, secret: this.#secret, ...(learnerRoutes ? { learnerRoutes } : {}) };
    await this.#container(
      wc.fs.writeFile(LAB_CONFIG_FILE, JSON.stringify(config)),
      `write ${LAB_CONFIG_FILE}`,
    );
    this.#transpile = (await import('../syntax')).transpileOrProblem;
    this.#files = { ...files };
    await this.#deploy();
    // An `error` event during the start: the store falls back now rather than adopting a broken container.
    if (this.#failed !== null) throw new Error(this.#failed);
    this.#started = true;
  }

  async updateFiles(files: Files): Promise<void> {
    this.#files = { ...this.#files, ...files };
    await this.#deploy();
  }

  async request(request: LabRequest): Promise<LabResponse> {
    if (!(await this.#serving())) {
      // The first version did not compile: no server was started (as in the Worker, nothing serves).
      return {
        status: 503,
        statusText: 'Service Unavailable',
        headers: [['content-type', 'text/plain; charset=utf-8']],
        body: NOT_RUNNING,
        durationMs: 0,
      };
    }
    const reply = await this.#control(
      { secret: this.#secret, request, timeoutMs: this.#timeoutMs },
      this.#timeoutMs + CHANNEL_GRACE_MS,
      `answer ${request.method} ${request.path}`,
    );
    if (!reply.response) throw new Error(reply.error ?? `No response to ${request.method} ${request.path}`);
    this.#crashes = 0;
    return reply.response;
  }

  async runChecks(ids: readonly string[] = []): Promise<CheckResult[]> {
    // Without a server no learner file is on disk, and the tree would check its reference routes.
    if (!(await this.#serving())) throw new Error(NOT_RUNNING);
    // A safety net only: `serve` stops a stuck check itself after its time limit (the checks'
    // server is its child), and that server if it does not start in time.
    const limit = CHECK_SERVER_START_MS + ids.length * (this.#timeoutMs + 1000) + 5000;
    const reply = await this.#control(
      { secret: this.#secret, check: ids, timeoutMs: this.#timeoutMs },
      limit,
      'finish the checks',
    );
    const { results, problem, stuck } = reply;
    if (!results) throw new Error(problem?.message ?? reply.error ?? 'The checks produced no results.');
    if (stuck) {
      // The checks' own server (a child process) was stuck and stopped; say so as the Worker does.
      this.#emit('system', stuck.message);
      this.#options.onProblem?.({ kind: 'timeout', message: stuck.message });
    }
    return results;
  }

  /**
   * Stops `serve` and waits (with a deadline) until it has exited, so a quick switch back cannot
   * find port 8787 still taken; a process that does not exit takes the container down with it.
   */
  async dispose(): Promise<void> {
    if (this.#failed === null) this.#failed = 'The lab was closed.';
    this.#rejectPending(new Error('The lab was closed.'));
    // A restart under way would otherwise leave a new `serve` holding the port after this returns.
    await deadline(
      this.#restarting ?? Promise.resolve(null),
      this.#serveStartMs + this.#exitMs,
      'restart',
    ).catch(() => null);
    const server = this.#server;
    this.#server = null;
    if (server && !(await this.#stop(server))) this.#teardown();
    this.#offError();
    this.#listeners.clear();
  }

  #emit(level: LogLine['level'], text: string, thrown?: LogLine['thrown']): void {
    const line: LogLine = { at: Date.now(), level, text, ...(thrown ? { thrown } : {}) };
    for (const listener of this.#listeners) listener(line);
  }

  /** A container call under its deadline; a call that fails or never settles means the container is broken. */
  async #container<T>(call: Promise<T>, what: string, ms = this.#callMs): Promise<T> {
    try {
      return await deadline(call, ms, what);
    } catch (error) {
      const reason = (error as Error).message.startsWith('the WebContainer ')
        ? (error as Error).message
        : `the WebContainer could not ${what}: ${(error as Error).message}`;
      this.#fail(reason);
      throw new Error(reason);
    }
  }

  /**
   * This runtime can no longer serve: every pending and later call fails with `reason`, and the
   * store moves the lab to the Worker (before start() resolved, start() rejects and the store
   * falls back itself).
   */
  #fail(reason: string): void {
    if (this.#failed !== null) return;
    this.#failed = reason;
    this.#rejectPending(new Error(reason));
    if (this.#started) this.#options.onFailure?.(reason);
  }

  /** Tears the container down (the only way to stop a process kill() cannot stop); the next start boots a new one. */
  #teardown(): void {
    const wc = this.#wc;
    this.#wc = null;
    this.#server = null;
    booting = null;
    try {
      wc?.teardown();
    } catch {
      // Already unusable: nothing more to release.
    }
  }

  #rejectPending(error: Error): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.#pending.delete(id);
    }
  }

  /** Waits for a restart in progress; true when a server listens. */
  async #serving(): Promise<boolean> {
    if (this.#failed !== null) throw new Error(this.#failed);
    await this.#restarting?.catch(() => null);
    if (this.#failed !== null) throw new Error(this.#failed);
    return this.#server?.listening === true;
  }

  /**
   * Transpiles every current file, writes the ones that changed and restarts the server once.
   * A syntax error writes nothing (the running server keeps the last version that compiled). A
   * file that throws while loading is reported like one, and the last version that loaded is put
   * back and served again, as the Worker does.
   */
  async #deploy(): Promise<void> {
    const transpile = this.#transpile;
    if (!transpile) throw new Error('The WebContainer is not running.');
    if (this.#failed !== null) throw new Error(this.#failed);
    const compiled: Files = {};
    for (const [path, source] of Object.entries(this.#files)) {
      const result = transpile(path, source);
      if ('problem' in result) throw new RuntimeProblemError(result.problem);
      compiled[path] = result.code;
    }
    await this.#writeAll(compiled);
    this.#crashes = 0;
    const problem = await this.#restart();
    if (!problem) {
      this.#lastGood = compiled;
      return;
    }
    if (!this.#lastGood) throw new RuntimeProblemError(problem);
    await this.#writeAll(this.#lastGood);
    await this.#restart();
    // The panel says "keeps running your last version" itself for a file that did not load.
    throw new RuntimeProblemError(
      problem.kind === 'load' || problem.kind === 'compile'
        ? problem
        : {
            ...problem,
            message: `${problem.message} The server keeps running your last version that loaded.`,
          },
    );
  }

  /** Writes the transpiled files whose text differs from what is on disk. */
  async #writeAll(compiled: Files): Promise<void> {
    const wc = this.#wc;
    if (!wc) throw new Error(this.#failed ?? 'The WebContainer is not running.');
    for (const [path, code] of Object.entries(compiled)) {
      if (this.#written.get(path) === code) continue;
      const file = leafFile(path);
      await this.#container(
        wc.fs.mkdir(file.slice(0, file.lastIndexOf('/')), { recursive: true }),
        `create the folder of ${file}`,
      );
      await this.#container(wc.fs.writeFile(file, code), `write ${file}`);
      this.#written.set(path, code);
    }
  }

  /** One restart at a time; requests wait for it (#serving). */
  #restart(): Promise<RuntimeProblem | null> {
    const restarting = (this.#restarting ?? Promise.resolve(null))
      .catch(() => null)
      .then(() => this.#restartServer());
    this.#restarting = restarting;
    return restarting;
  }

  /** Kills `server` and waits for its exit; false when it did not exit in time. */
  async #stop(server: Serve): Promise<boolean> {
    server.stopping = true;
    server.process.kill();
    return exitsWithin(server.process, this.#exitMs);
  }

  /**
   * Restarts `node lab.mjs serve` and waits for its `@@lab {"listening"}` line (not `server-ready`:
   * the preview is the bridge, and ad blockers may hide that event's domain). The start has its
   * own limit, SERVE_START_MS, whose clock starts before spawn. Resolves with the problem the
   * server reported while loading the learner's files, or null.
   */
  async #restartServer(): Promise<RuntimeProblem | null> {
    const wc = this.#wc;
    if (!wc || this.#failed !== null) throw new Error(this.#failed ?? 'The WebContainer is not running.');
    const old = this.#server;
    this.#server = null;
    // The port must be free before the new server opens it.
    if (old && !(await this.#stop(old))) throw this.#unstoppable('restart the server');
    let problem: RuntimeProblem | null = null;
    let listening = (): void => undefined;
    const listened = new Promise<void>((resolve) => (listening = resolve));
    const started = Date.now();
    const process = await this.#container(
      wc.spawn('node', ['lab.mjs', 'serve', '--port', String(LAB_PORT)]),
      'start Node.js',
      this.#serveStartMs,
    );
    const server: Serve = {
      process,
      writer: process.input.getWriter(),
      stopping: false,
      listening: false,
      tail: [],
      drained: Promise.resolve(),
    };
    this.#server = server;
    server.drained = this.#pipe(server, (message) => {
      if (message.problem) {
        problem = message.problem;
        this.#emit('error', message.problem.message);
      } else if (message.listening) listening();
    });
    const exited = process.exit.then((code) => {
      if (server.stopping) return 'stopped' as const;
      if (server.listening) void this.#died(server, code);
      else
        throw new Error(
          `the server stopped (exit code ${code}) before it opened port ${LAB_PORT}${this.#lastLines(server)}`,
        );
      return 'died' as const;
    });
    const left = Math.max(0, this.#serveStartMs - (Date.now() - started));
    try {
      await deadline(Promise.race([listened, exited]), left, 'start');
      server.listening = true;
    } catch (error) {
      if (!(error as Error).message.startsWith('the WebContainer did not start')) throw error;
      // Never listened: most likely a loop at the top level of a learner file.
      if (!(await this.#stop(server))) throw this.#unstoppable('start');
      this.#server = null;
      return {
        kind: 'timeout',
        message: `Stopped: your files did not finish loading within ${seconds(this.#serveStartMs)}, so one is probably stuck in an endless loop outside a route handler (code there runs once, at start-up). The lab stopped the Node.js server; your code is unchanged.`,
      };
    } finally {
      exited.catch(() => undefined);
    }
    return problem;
  }

  /**
   * `serve` exited on its own after it listened: say so with its last lines, and start it again
   * (a server that keeps stopping hands the lab to the Worker).
   */
  async #died(server: Serve, code: number): Promise<void> {
    if (this.#server !== server) return;
    this.#server = null;
    this.#rejectPending(new Error(`The lab server stopped (exit code ${code}) before it answered.`));
    // Its last words may still be on their way; the output of a dead process should end, but need not.
    await deadline(server.drained, 250, 'finish the output').catch(() => undefined);
    this.#crashes += 1;
    if (this.#crashes >= MAX_CRASHES) {
      this.#fail(
        `the Node.js server stopped ${MAX_CRASHES} times in a row (exit code ${code})${this.#lastLines(server)}`,
      );
      return;
    }
    const message = `The Node.js server stopped unexpectedly (exit code ${code}); the lab starts it again.${this.#lastLines(server)}`;
    this.#emit('system', message);
    this.#options.onProblem?.({ kind: 'crash', message });
    await this.#restart().catch((error: unknown) =>
      this.#emit('error', `The server could not start again: ${(error as Error).message}`),
    );
  }

  #lastLines(server: Serve): string {
    return server.tail.length ? `\nIts last output:\n${server.tail.join('\n')}` : '';
  }

  /**
   * A process that did not exit after kill(): only tearing the container down stops it. The lab
   * moves to the Worker (the store, via onFailure); the error says so.
   */
  #unstoppable(what: string): Error {
    const reason = `a Node.js process in the WebContainer did not stop within ${seconds(this.#exitMs)} (a WebContainer cannot always stop a busy loop), so the lab shut the WebContainer down`;
    this.#teardown();
    this.#fail(reason);
    return new Error(`The lab could not ${what}: ${reason}.`);
  }

  /**
   * Reads `serve`'s output line by line: escape codes stripped, echoed control lines dropped,
   * replies settled, marked messages handed on, the rest logged (and kept for #lastLines).
   */
  async #pipe(server: Serve, onMessage: (message: ServeMessage) => void): Promise<void> {
    let buffer = '';
    const keep = (text: string): void => {
      server.tail.push(text);
      if (server.tail.length > TAIL_LINES) server.tail.shift();
    };
    const onLine = (raw: string): void => {
      const line = stripAnsi(raw);
      if (line.startsWith(CONTROL_MARK) || !line) return;
      const at = line.indexOf(LAB_MARK);
      if (at < 0) {
        keep(line);
        this.#emit('log', line);
        return;
      }
      let message: ServeMessage & Partial<ControlReply>;
      try {
        message = JSON.parse(line.slice(at + LAB_MARK.length)) as ServeMessage & Partial<ControlReply>;
      } catch {
        keep(line);
        this.#emit('log', line);
        return;
      }
      if (typeof message.reply === 'number') {
        const pending = this.#pending.get(message.reply);
        if (!pending) return;
        this.#pending.delete(message.reply);
        clearTimeout(pending.timer);
        pending.resolve(message as ControlReply);
      } else if (message.log) {
        keep(message.log.text);
        this.#emit(message.log.level, message.log.text, message.log.thrown);
      } else onMessage(message);
    };
    await server.process.output
      .pipeTo(
        new WritableStream({
          write(chunk) {
            buffer += chunk;
            const lines = buffer.split('\n');
            buffer = lines.pop() ?? '';
            for (const line of lines) onLine(line);
          },
        }),
      )
      .catch(() => undefined);
    if (buffer) onLine(buffer);
  }

  /**
   * Sends one control message to `serve` and resolves on its reply line. A reply that does not
   * come within `limitMs` means the server is stuck (an endless loop in a handler): it is stopped
   * and started again, or, when kill() cannot stop it, the container goes and the lab moves on.
   */
  async #control(message: ControlMessage, limitMs: number, describe: string): Promise<ControlReply> {
    const server = this.#server;
    if (!server) throw new Error(NOT_RUNNING);
    const id = this.#nextId++;
    const reply = new Promise<ControlReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error('timeout'));
      }, limitMs);
      this.#pending.set(id, { resolve, reject, timer });
    });
    // Rejected by #fail while the write below is still pending: that error is the one thrown.
    reply.catch(() => undefined);
    // The reply's clock runs from before the write: a write that never completes counts against it too.
    await this.#container(
      server.writer.write(`${controlLines(id, message).join('\n')}\n`),
      'pass a request to the server',
    );
    try {
      return await reply;
    } catch (error) {
      if ((error as Error).message !== 'timeout') throw error;
    }
    const stopped = `Stopped: your code did not ${describe} within ${seconds(limitMs)}, so it is probably stuck in an endless loop.`;
    if (this.#server === server) this.#server = null;
    if (!(await this.#stop(server))) {
      const notice = `${stopped} The WebContainer could not stop it, so the lab moves to your browser's Worker runtime; your code is unchanged.`;
      this.#emit('system', notice);
      this.#options.onProblem?.({ kind: 'timeout', message: notice });
      this.#unstoppable(describe);
      throw new RuntimeProblemError({ kind: 'timeout', message: notice });
    }
    const notice = `${stopped} The lab restarted the Node.js server; your code is unchanged.`;
    this.#emit('system', notice);
    this.#options.onProblem?.({ kind: 'timeout', message: notice });
    await this.#restart().catch(() => null);
    throw new RuntimeProblemError({ kind: 'timeout', message: notice });
  }
}
