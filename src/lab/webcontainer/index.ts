/**
 * The WebContainer runtime: a real Node.js process (StackBlitz WebContainers) serves the app on a
 * local port. Booted once per page, lazily; mounts the prebuilt tree (../tree/build.ts, no npm
 * install), writes the learner's files transpiled in the page, and runs
 * `node lab.mjs serve`. The console and the checks run as `node lab.mjs request|check` inside the
 * container against the local port, so every request really crosses Node's HTTP stack.
 *
 * Needs cross-origin isolation and StackBlitz's servers at boot; the store falls back to the
 * Worker when boot fails or is slow. Commercial production use needs a StackBlitz licence.
 */
import type { WebContainer, WebContainerProcess } from '@webcontainer/api';
import { RuntimeProblemError } from '../problem';
import type { CheckResult, Files, LabRequest, LabResponse, LabRuntime, LogLine, Preview, RuntimeOptions, RuntimeProblem } from '../runtime';
import {
  CHECK_SERVER_START_MS,
  LAB_CONFIG_FILE,
  LAB_MARK,
  LAB_ORIGIN,
  LAB_PORT,
  randomSecret,
  type LabConfig,
  type ServeMessage,
} from '../tree/protocol';
import { applyApiKey } from './api-key';

const DEFAULT_TIMEOUT_MS = 3000;
/** ../tree/build's TREE_PATH, restated: that module is Node build code, and this literal is how bench:lab finds this chunk. */
const treeUrl = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}lab/webcontainer-tree.json`;

/** One WebContainer per page: boot is expensive and the API allows only one instance. */
let booting: Promise<WebContainer> | null = null;

export async function createWebContainerRuntime(options: RuntimeOptions): Promise<LabRuntime> {
  return new WebContainerRuntime(options);
}

type Transpile = typeof import('../syntax').transpileOrProblem;

const leafFile = (path: string): string => `leaves/${path.replace(/\.ts$/, '.js')}`;
const NOT_RUNNING = 'The lab server is not running: fix the problem shown above the editor, then try again.';

class WebContainerRuntime implements LabRuntime {
  readonly kind = 'webcontainer' as const;
  readonly origin = LAB_ORIGIN;
  readonly #options: RuntimeOptions;
  readonly #timeoutMs: number;
  readonly #listeners = new Set<(line: LogLine) => void>();
  readonly #secret = randomSecret();
  #wc: WebContainer | null = null;
  #server: WebContainerProcess | null = null;
  #url: string | null = null;
  #transpile: Transpile | null = null;
  /** The learner's current sources, all files (an update brings only the changed ones). */
  #files: Files = {};
  /** Transpiled code on disk, by learner path: unchanged files are not written again. */
  readonly #written = new Map<string, string>();
  /** Transpiled code of the last version that loaded, put back when a new one throws while loading. */
  #lastGood: Files | null = null;

  constructor(options: RuntimeOptions) {
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  logs(listener: (line: LogLine) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  preview(): Preview {
    return this.#url ? { kind: 'url', url: this.#url } : { kind: 'bridge' };
  }

  async start(files: Files): Promise<void> {
    const api = await import('@webcontainer/api');
    // A licensed deployment's key (PUBLIC_WEBCONTAINER_API_KEY) must be set before the first boot.
    if (!booting) applyApiKey(api);
    // A pending boot is shared (only one instance may exist); a failed one may be retried later.
    booting ??= api.WebContainer.boot({ coep: 'require-corp', workdirName: 'logout-lab' }).catch((error: unknown) => {
      booting = null;
      throw error;
    });
    const limit = this.#options.bootTimeoutMs ?? 4000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`StackBlitz's WebContainer runtime did not load within ${+(limit / 1000).toFixed(1)} seconds: offline, blocked by the network, or an unsupported browser`)),
        limit,
      );
    });
    const wc = await Promise.race([booting, slow]).finally(() => clearTimeout(timer));
    this.#wc = wc;
    const response = await fetch(treeUrl);
    if (!response.ok) throw new Error(`the prebuilt server tree is missing (${treeUrl} answered ${response.status})`);
    await wc.mount(await response.json());
    const { store, learnerRoutes } = this.#options.lab;
    const config: LabConfig = { store, secret: this.#secret, ...(learnerRoutes ? { learnerRoutes } : {}) };
    await wc.fs.writeFile(LAB_CONFIG_FILE, JSON.stringify(config));
    this.#transpile = (await import('../syntax')).transpileOrProblem;
    this.#files = { ...files };
    await this.#deploy();
  }

  async updateFiles(files: Files): Promise<void> {
    this.#files = { ...this.#files, ...files };
    await this.#deploy();
  }

  async request(request: LabRequest): Promise<LabResponse> {
    if (!this.#server) {
      // The first version did not compile: no server was started (as in the Worker, nothing serves).
      return { status: 503, statusText: 'Service Unavailable', headers: [['content-type', 'text/plain; charset=utf-8']], body: NOT_RUNNING, durationMs: 0 };
    }
    const out = await this.#run(['request', JSON.stringify(request), '--base', this.origin, '--timeout', String(this.#timeoutMs)], this.#timeoutMs + 2000, `answer ${request.method} ${request.path}`);
    const response = (out as { response?: LabResponse }).response;
    if (!response) throw new Error(`No response to ${request.method} ${request.path}`);
    return response;
  }

  async runChecks(ids: readonly string[] = []): Promise<CheckResult[]> {
    // Without a server no learner file is on disk, and the tree would check its reference routes.
    if (!this.#server) throw new Error(NOT_RUNNING);
    // A safety net only: the check command stops a stuck check itself after its time limit, and
    // its checks' server if that does not start in time.
    const limit = CHECK_SERVER_START_MS + ids.length * (this.#timeoutMs + 1000) + 5000;
    const out = await this.#run(['check', '--ids', ids.join(','), '--timeout', String(this.#timeoutMs)], limit, 'finish the checks');
    const { results, problem, stuck } = out as { results?: CheckResult[]; problem?: { message: string }; stuck?: { id: string; message: string } };
    if (!results) throw new Error(problem?.message ?? 'The checks produced no results.');
    if (stuck) {
      // The checks' own server (a child process) was stuck and stopped; say so as the Worker does.
      this.#emit('system', stuck.message);
      this.#options.onProblem?.({ kind: 'timeout', message: stuck.message });
    }
    return results;
  }

  async dispose(): Promise<void> {
    this.#server?.kill();
    this.#server = null;
    this.#listeners.clear();
  }

  #emit(level: LogLine['level'], text: string): void {
    for (const listener of this.#listeners) listener({ at: Date.now(), level, text });
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
    const compiled: Files = {};
    for (const [path, source] of Object.entries(this.#files)) {
      const result = transpile(path, source);
      if ('problem' in result) throw new RuntimeProblemError(result.problem);
      compiled[path] = result.code;
    }
    await this.#writeAll(compiled);
    const problem = await this.#restartServer();
    if (!problem) {
      this.#lastGood = compiled;
      return;
    }
    if (!this.#lastGood) throw new RuntimeProblemError(problem);
    await this.#writeAll(this.#lastGood);
    await this.#restartServer();
    // The panel says "keeps running your last version" itself for a file that did not load.
    throw new RuntimeProblemError(problem.kind === 'load' || problem.kind === 'compile' ? problem : { ...problem, message: `${problem.message} The server keeps running your last version that loaded.` });
  }

  /** Writes the transpiled files whose text differs from what is on disk. */
  async #writeAll(compiled: Files): Promise<void> {
    const wc = this.#wc;
    if (!wc) throw new Error('The WebContainer is not running.');
    for (const [path, code] of Object.entries(compiled)) {
      if (this.#written.get(path) === code) continue;
      const file = leafFile(path);
      await wc.fs.mkdir(file.slice(0, file.lastIndexOf('/')), { recursive: true });
      await wc.fs.writeFile(file, code);
      this.#written.set(path, code);
    }
  }

  /**
   * Restarts `node lab.mjs serve` and waits until it listens (its `@@lab {"listening"}` line) and
   * the WebContainer reports the port (`server-ready`, the preview URL). Resolves with the problem
   * the server reported while loading the learner's files (a file that threw), or null.
   */
  async #restartServer(): Promise<RuntimeProblem | null> {
    const wc = this.#wc;
    if (!wc) throw new Error('The WebContainer is not running.');
    const old = this.#server;
    this.#server = null;
    if (old) {
      old.kill();
      // The port must be free before the new server opens it.
      await Promise.race([old.exit, new Promise((resolve) => setTimeout(resolve, 1000))]);
    }
    let problem: RuntimeProblem | null = null;
    let offReady = (): void => undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let listening = (): void => undefined;
    const listened = new Promise<void>((resolve) => (listening = resolve));
    const ready = new Promise<string>((resolve) => {
      offReady = wc.on('server-ready', (port, url) => {
        if (port === LAB_PORT) resolve(url);
      });
    });
    const server = await wc.spawn('node', ['lab.mjs', 'serve', '--port', String(LAB_PORT)]);
    this.#server = server;
    void this.#pipe(server, (line) => {
      const message = line.startsWith(LAB_MARK) ? (JSON.parse(line.slice(LAB_MARK.length)) as ServeMessage) : null;
      if (!message) this.#emit('log', line);
      else if (message.log) this.#emit(message.log.level, message.log.text);
      else if (message.problem) {
        problem = message.problem;
        this.#emit('error', message.problem.message);
      } else if (message.listening) listening();
    });
    const exited = server.exit.then((code) => {
      throw new Error(`the server stopped (exit code ${code}) before it opened port ${LAB_PORT}`);
    });
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the server did not open port ${LAB_PORT} within 10 seconds`)), 10_000)));
    try {
      const [url] = await Promise.race([Promise.all([ready, listened]), exited, late]);
      this.#url = url;
    } finally {
      clearTimeout(timer);
      offReady();
      exited.catch(() => undefined);
    }
    return problem;
  }

  async #pipe(process: WebContainerProcess, onLine: (line: string) => void): Promise<void> {
    let buffer = '';
    await process.output.pipeTo(
      new WritableStream({
        write(chunk) {
          buffer += chunk;
          const lines = buffer.split(/\r?\n/);
          buffer = lines.pop() ?? '';
          for (const line of lines) onLine(line);
        },
      }),
    );
  }

  /** Runs `node lab.mjs …` and returns its `@@lab` JSON, or stops it (and the server) on time-out. */
  async #run(args: string[], limitMs: number, describe: string): Promise<unknown> {
    const wc = this.#wc;
    if (!wc) throw new Error('The WebContainer is not running.');
    const process = await wc.spawn('node', ['lab.mjs', ...args]);
    let result: unknown = null;
    const piped = this.#pipe(process, (line) => {
      if (line.startsWith(LAB_MARK)) result = JSON.parse(line.slice(LAB_MARK.length));
      else this.#emit('log', line);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), limitMs)));
    const outcome = await Promise.race([process.exit, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      process.kill();
      const message = `Stopped: your code did not ${describe} within ${limitMs / 1000} seconds, so it is probably stuck in an endless loop. The lab restarted the Node.js server; your code is unchanged.`;
      this.#emit('system', message);
      this.#options.onProblem?.({ kind: 'timeout', message });
      await this.#restartServer().catch(() => null);
      throw new RuntimeProblemError({ kind: 'timeout', message });
    }
    await piped.catch(() => undefined);
    if (result === null) throw new Error(`node lab.mjs ${args[0]} exited with code ${outcome} without a result`);
    return result;
  }
}
