/**
 * The grading boundary (Node only): the learner's app runs in a child process under Node's
 * permission model, never in the grader's process. The grader sends it requests and reads its
 * answers over a pipe (./wire.ts); the checks run here, in the parent, so nothing the child does
 * can change a result, a report or an exit code except the HTTP answers its routes give.
 *
 * The child:
 * - is started with `--permission` and `--allow-fs-read` for one file, its own bundle (the
 *   learner's files come over the pipe), so it can read nothing else and write nothing, start no
 *   process or worker, load no addon, use no WASI and no inspector;
 * - runs, when the system allows unprivileged user namespaces, in its own PID and network
 *   namespaces (`unshare`): it sees no other process and has no network, not even loopback;
 * - has `process.kill` and `process._debugProcess` taken away before learner code runs (the
 *   permission model does not cover signals);
 * - gets an empty environment, a V8 heap limit, a resident-memory watchdog on the whole process
 *   and, for a grading, a time limit.
 *
 * `gradeLabSandboxed` has the contract of labs/isolate's `gradeLabIsolated`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { formatBytes } from '../isolate/host';
import { HostStopped, IsolatedApp, type AppHost, type HostFactory, type IsolateOptions } from '../isolate';
import type { FromWorker, ToWorker } from '../isolate/protocol';
import { buildProblem, gradeLab, type Grade, type GradeOptions, type Lab, type LabFiles } from '../verify';
import type { ChildInit } from './protocol';
import { decode, encode, LineReader } from './wire';

export interface SandboxLimits {
  /** Resident memory of the whole child (heap, buffers, code), sampled every `sampleMs`. Default 512 MB. */
  memoryMb?: number;
  /** The V8 heap limit (`--max-old-space-size`). Default 256 MB. */
  heapMb?: number;
  /** How long one grading may take in all, load included. Default 120 s. (`lab serve` has none.) */
  timeLimitMs?: number;
  /** A response body over this size is an error for that request. Default 16 MB. */
  maxBodyBytes?: number;
  /** Use PID and network namespaces when `unshare` can make them. Default true. */
  namespaces?: boolean;
  /** How often the memory watchdog looks. Default 20 ms. */
  sampleMs?: number;
}

export type SandboxOptions = IsolateOptions & SandboxLimits;

export const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_HEAP_MB = 256;
export const DEFAULT_TIME_LIMIT_MS = 120_000;
export const DEFAULT_MAX_BODY_BYTES = 16 * 2 ** 20;
const DEFAULT_SAMPLE_MS = 20;
/** Child stdout/stderr kept per process; the rest is read and dropped (a flood must not cost memory). */
const MAX_PRINTED_BYTES = 1 * 2 ** 20;

const UNSHARE = ['/usr/bin/unshare', '/bin/unshare'].find((path) => existsSync(path));
const UNSHARE_ARGS = ['--user', '--map-current-user', '--net', '--pid', '--fork', '--kill-child'];

let namespacesWork: boolean | undefined;

/** Whether this system lets an unprivileged user make PID and network namespaces (probed once). */
export function namespacesAvailable(): boolean {
  if (namespacesWork === undefined) {
    namespacesWork =
      UNSHARE !== undefined &&
      spawnSync(UNSHARE, [...UNSHARE_ARGS, process.execPath, '-e', '0'], {
        env: {},
        stdio: 'ignore',
        timeout: 5000,
      }).status === 0;
  }
  return namespacesWork;
}

/** What contains the child on this machine, for reports and the README. */
export function sandboxDescription(limits: SandboxLimits = {}): string {
  const parts = [
    'Node permission model (read: its own bundle only; no write, child process, worker, addon, WASI or inspector)',
    `memory ${limits.memoryMb ?? DEFAULT_MEMORY_MB} MB resident, heap ${limits.heapMb ?? DEFAULT_HEAP_MB} MB`,
    'empty environment',
    (limits.namespaces ?? true) && namespacesAvailable()
      ? 'own PID and network namespaces'
      : 'no namespaces (unshare unavailable): signals locked in-process, network open',
  ];
  return parts.join('; ');
}

let bundled: Promise<string> | undefined;

/** The child's code bundled into one file in node_modules/.cache (named by its hash), once per process. */
export function childBundle(): Promise<string> {
  bundled ??= (async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./child.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      write: false,
      logLevel: 'silent',
      alias: { '@sandbox': fileURLToPath(new URL('../../src', import.meta.url)) },
    });
    const [output] = result.outputFiles;
    if (output === undefined) throw new Error('labs/sandbox: esbuild produced no child bundle');
    const hash = createHash('sha256').update(output.contents).digest('hex').slice(0, 16);
    const dir = fileURLToPath(new URL('../../../node_modules/.cache/logout-lab-sandbox/', import.meta.url));
    const file = join(dir, `child-${hash}.cjs`);
    // Rewritten when its content differs: the file the child may read is exactly this bundle.
    if (
      !existsSync(file) ||
      createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16) !== hash
    ) {
      mkdirSync(dir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, output.contents);
      renameSync(temporary, file);
    }
    return file;
  })();
  bundled.catch(() => (bundled = undefined));
  return bundled;
}

/** Every child still running, killed if the grader exits first (a looping child would outlive it otherwise). */
const live = new Set<ChildProcess>();
let exitHook = false;
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of live) killTree(c);
  });
}

function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    // Its own process group (detached): the namespace's init and anything under it go too.
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Resident memory in bytes of a process and its descendants, from /proc; undefined once it is gone. */
function residentBytes(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  let total = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  let children: string[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    // No children file (an old kernel): the process itself is measured.
  }
  for (const child of children) total += residentBytes(Number(child)) ?? 0;
  return total;
}

/** One learner app in a child process, speaking labs/isolate's protocol. */
class ChildHost extends EventEmitter implements AppHost {
  /** The highest resident memory seen, in bytes. */
  peakBytes = 0;
  readonly #child: ChildProcess;
  readonly #watchdog: ReturnType<typeof setInterval>;
  #stopped: string | undefined;
  #exited: Promise<void>;
  #stderrTail = '';

  constructor(
    child: ChildProcess,
    limits: Required<Pick<SandboxLimits, 'memoryMb' | 'heapMb' | 'sampleMs' | 'maxBodyBytes'>>,
    log: (line: string) => void,
  ) {
    super();
    this.#child = child;
    const maxRss = limits.memoryMb * 2 ** 20;
    this.#watchdog = setInterval(() => {
      if (child.pid === undefined) return;
      const rss = residentBytes(child.pid);
      if (rss === undefined) return;
      this.peakBytes = Math.max(this.peakBytes, rss);
      if (rss > maxRss) this.#stop(`was stopped: it used more than ${limits.memoryMb} MB of memory`);
    }, limits.sampleMs);
    this.#watchdog.unref();

    // Messages: a line longer than the largest answer the child may send is a broken child.
    const maxLine = Math.ceil((limits.maxBodyBytes * 4) / 3) + 4 * 2 ** 20;
    const reader = new LineReader(
      maxLine,
      (line) => {
        let message: unknown;
        try {
          message = decode(line);
        } catch {
          this.#stop('was stopped: it wrote something that is not a message on the checker’s channel');
          return;
        }
        if (isFromWorker(message)) this.emit('message', message);
        else this.#stop('was stopped: it wrote something that is not a message on the checker’s channel');
      },
      (size) =>
        this.#stop(
          `was stopped: it sent a message of ${formatBytes(size)}, over the ${formatBytes(maxLine)} limit`,
        ),
    );
    const channel = child.stdio[3] as NodeJS.ReadableStream | null;
    channel?.on('data', (chunk: Buffer) => reader.push(chunk));
    channel?.on('error', () => undefined);

    // stdout/stderr are the learner's (or Node's) own printing: data for the server log, capped.
    let printed = 0;
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        if (stream === child.stderr)
          this.#stderrTail = (this.#stderrTail + chunk.toString('utf8')).slice(-4096);
        if (printed > MAX_PRINTED_BYTES) return;
        printed += chunk.byteLength;
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') log(line);
        if (printed > MAX_PRINTED_BYTES)
          log(`(the app printed more than ${formatBytes(MAX_PRINTED_BYTES)}; the rest was not kept)`);
      });
    }
    child.stdin?.on('error', () => undefined);

    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        clearInterval(this.#watchdog);
        if (this.#stopped === undefined) {
          if (/heap out of memory|Reached heap limit/.test(this.#stderrTail))
            this.emit(
              'error',
              new HostStopped(`was stopped: its JavaScript heap grew past ${limits.heapMb} MB`),
            );
          else if (signal !== null) this.emit('error', new HostStopped(`was killed by ${signal}`));
        }
        this.emit('exit', code);
        resolve();
      });
    });
  }

  postMessage(message: ToWorker | ChildInit): void {
    if (this.#child.stdin?.writable === true) this.#child.stdin.write(encode(message));
  }

  async terminate(): Promise<void> {
    this.#stopped ??= 'terminated';
    killTree(this.#child);
    await this.#exited;
  }

  #stop(reason: string): void {
    if (this.#stopped !== undefined) return;
    this.#stopped = reason;
    killTree(this.#child);
    this.emit('error', new HostStopped(reason));
  }
}

const FROM_CHILD = new Set(['booted', 'step', 'ready', 'problem', 'logs', 'response', 'error', 'pong']);

/** Shape only: the parent trusts nothing else about what the child sends. */
function isFromWorker(message: unknown): message is FromWorker {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  if (typeof m.type !== 'string' || !FROM_CHILD.has(m.type)) return false;
  switch (m.type) {
    case 'logs':
      return (
        Array.isArray(m.lines) &&
        m.lines.every(
          (l) =>
            typeof l === 'object' &&
            l !== null &&
            typeof (l as { line?: unknown }).line === 'string' &&
            ((l as { kind?: unknown }).kind === 'server' || (l as { kind?: unknown }).kind === 'console'),
        )
      );
    case 'response':
      return (
        typeof m.id === 'number' &&
        typeof m.status === 'number' &&
        m.status >= 200 &&
        m.status <= 599 &&
        typeof m.statusText === 'string' &&
        m.body instanceof Uint8Array &&
        Array.isArray(m.headers) &&
        m.headers.every(
          (h) => Array.isArray(h) && h.length === 2 && typeof h[0] === 'string' && typeof h[1] === 'string',
        )
      );
    case 'error':
      return typeof m.id === 'number' && typeof m.message === 'string';
    case 'step':
      return (
        typeof m.load === 'number' &&
        typeof m.file === 'string' &&
        (m.stage === 'load' || m.stage === 'register')
      );
    case 'ready':
      return typeof m.load === 'number';
    case 'problem':
      return (
        typeof m.load === 'number' &&
        typeof m.problem === 'object' &&
        m.problem !== null &&
        typeof (m.problem as { file?: unknown }).file === 'string' &&
        typeof (m.problem as { message?: unknown }).message === 'string'
      );
    default:
      return true;
  }
}

/** A labs/isolate host that starts each app in a sandboxed child process. */
export function sandboxHost(limits: SandboxLimits = {}): HostFactory & { last?: ChildHost } {
  const resolved = {
    memoryMb: limits.memoryMb ?? DEFAULT_MEMORY_MB,
    heapMb: limits.heapMb ?? DEFAULT_HEAP_MB,
    sampleMs: limits.sampleMs ?? DEFAULT_SAMPLE_MS,
    maxBodyBytes: limits.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  };
  const factory: HostFactory & { last?: ChildHost } = {
    noun: 'process',
    async start(lab, options, log) {
      const major = Number(process.versions.node.split('.')[0]);
      if (major < 22)
        throw new Error(
          `labs/sandbox needs Node 22 or later for its permission model, but runs on Node ${process.versions.node}: run it through npm (npm run lab), which uses node_modules/.bin/node.`,
        );
      const bundle = await childBundle();
      const node = [
        process.execPath,
        '--permission',
        `--allow-fs-read=${bundle}`,
        `--max-old-space-size=${resolved.heapMb}`,
        '--disable-sigusr1',
        '--no-warnings',
        bundle,
      ];
      const [command = '', ...args] =
        (limits.namespaces ?? true) && namespacesAvailable() && UNSHARE !== undefined
          ? [UNSHARE, ...UNSHARE_ARGS, ...node]
          : node;
      const child = spawn(command, args, {
        env: {},
        cwd: '/',
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
        detached: true,
      });
      track(child);
      const host = new ChildHost(child, resolved, log);
      factory.last = host;
      child.once('error', (error) => host.emit('error', error));
      const init: ChildInit = {
        type: 'init',
        lab: toPlain(lab),
        options: { ...options, maxBodyBytes: resolved.maxBodyBytes },
      };
      host.postMessage(init);
      return host;
    },
  };
  return factory;
}

/** Only data crosses: a Lab is JSON already; this drops anything that is not. */
function toPlain(lab: Lab): Lab {
  return JSON.parse(JSON.stringify(lab)) as Lab;
}

/** A lab app in a sandboxed child; `load(files)` reloads it (the same process serves several loads). */
export function createSandboxedApp(lab: Lab, options: SandboxOptions = {}): IsolatedApp {
  return new IsolatedApp(lab, { ...options, host: sandboxHost(options) });
}

/** A sandboxed app already serving `files`; rejects like IsolatedApp.start. */
export function startSandboxedApp(
  lab: Lab,
  files: LabFiles,
  options: SandboxOptions = {},
): Promise<IsolatedApp> {
  return IsolatedApp.start(lab, files, { ...options, host: sandboxHost(options) });
}

/**
 * `gradeLab` with the app in a sandboxed child process: same contract as `gradeLabIsolated`. A
 * child that dies or passes a limit makes the checks it was answering errors that say why (and
 * the next check gets a fresh child); one that dies while loading is a build problem; past the
 * time limit every remaining check errors. It never throws for anything the learner's code does,
 * so a caller grading many submissions goes on with the next one.
 */
export async function gradeLabSandboxed(
  lab: Lab,
  files: LabFiles,
  options: GradeOptions & SandboxOptions & { app?: IsolatedApp } = {},
): Promise<Grade> {
  const app = options.app ?? createSandboxedApp(lab, options);
  const limitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void app.halt(
      `The app was stopped: grading it took more than ${Math.round(limitMs / 1000)} s (the sandbox's time limit).`,
    );
  }, limitMs);
  try {
    try {
      await app.load(files);
    } catch (error) {
      if (error instanceof Error && typeof (error as { file?: unknown }).file === 'string')
        return { ok: false, problem: buildProblem(error) };
      if (timedOut)
        return {
          ok: false,
          problem: {
            file: lab.manifest.editable[0] ?? '(server)',
            message: `The app was stopped: loading it took more than ${Math.round(limitMs / 1000)} s (the sandbox's time limit).`,
          },
        };
      throw error;
    }
    return await gradeLab(lab, files, {
      ...options,
      transport: app.transport(),
      logs: { console: () => app.consoleLines, server: () => app.serverLines },
    });
  } finally {
    clearTimeout(timer);
    if (options.app === undefined) await app.close();
  }
}
