/**
 * The lab host: everything any runtime does with a lab, written once. It takes a lab manifest and
 * the learner's files and provides
 * - load: the live app, or the learner's problem with file:line:column;
 * - fetch: a request to the live app;
 * - runChecks: the checks against a FRESH app (or a transport to one elsewhere), every result
 *   carrying the learner's console output and the server log, with stack frames;
 * - stopped results when a check never finished.
 *
 * Web-standard only (no DOM, no `node:`): the browser Worker (src/lab/worker), the WebContainer's
 * `lab.mjs` (src/lab/tree) and the CLI's worker thread or sandboxed child (labs/isolate,
 * labs/sandbox) are thin transports around it, so they cannot drift apart.
 */
import { catalog, getCheck } from '../../checks/catalog';
import { inProcess, type FetchLike } from '../../checks/transport';
import { runChecks as runCatalogChecks } from '../../checks/runner';
import type { CheckConfig, CheckResult, ThrownError, Transport } from '../../checks/types';
import { cookieNames, createLabApp, LeafRegistrationError, type LabApp } from '../../src/app';
import type { LeafModule } from '../../src/app/types';
import { learnerRoutesOf } from '../../src/routes';
import { compileLeaves, LeafCompileError, LeafLoadError, type CompileOptions } from '../../src/loader';
import { framePattern } from '../../src/loader/positions';
import { cleanLine } from './clean';
import { stoppedResults, type CheckMeta } from './stopped';

export { stoppedResults, type CheckMeta } from './stopped';
export type { ThrownError } from '../../checks/types';

/** What the host reads of a lab manifest. */
export interface HostLab {
  store: 'cookie' | 'server';
  editable: readonly string[];
  learnerRoutes?: readonly string[] | undefined;
}

export type LogLevel = 'log' | 'info' | 'warn' | 'error';

/** One line of output: the learner's own `console.*` (`console`), or the server's log (`server`). */
export interface HostLogEntry {
  source: 'console' | 'server';
  level: LogLevel;
  text: string;
  /** On the line of a handler that threw: what and where, for a "Go to line" (see thrownIn). */
  thrown?: ThrownError;
}

/** A learner file that could not become a running server. */
export interface LabProblem {
  /** `compile`: a syntax error; `load`: the file threw, imported something unknown, or exports no leaf. */
  kind: 'compile' | 'load';
  file: string;
  line?: number;
  column?: number;
  /** Without the file and position: the UI and the CLI add those in their own way. */
  message: string;
  /** What to do about it, when that says more than "fix the file". */
  fix?: string;
}

export type LoadOutcome = { ok: true } | { ok: false; problem: LabProblem };

export interface LabHostOptions {
  lab: HostLab;
  /** The origin the app believes it is served from (checks and cookies use it). */
  origin: string;
  /** Served over https (cookie names get `__Host-`, cookies `Secure`). Default false. */
  secure?: boolean;
  /** Signs cookie sessions. Stable across loads, so a signed session survives an edit. Default: random per host. */
  secret?: string;
  /** Every line of the LIVE app, as it happens: the learner's console and the server's log. */
  log?: (entry: HostLogEntry) => void;
  /** PBKDF2 iterations of the live app's demo users (the sandbox default when omitted). */
  passwordIterations?: number;
  /**
   * PBKDF2 iterations of the fresh app the checks run against. The checks are about logout, not
   * password storage, and log in dozens of times per run. Default: CHECK_PASSWORD_ITERATIONS.
   */
  checkPasswordIterations?: number;
  /** Before each file's top-level code runs and before it registers routes (a watchdog names a stuck file). */
  onStep?: CompileOptions['onStep'];
}

/** The cheapest PBKDF2 cost the sandbox accepts: fast check runs (see checkPasswordIterations). */
export const CHECK_PASSWORD_ITERATIONS = 1000;
/** Lines kept per log; a learner's console.log in a hot loop must not fill the memory. */
const MAX_LINES = 2000;

/** The two logs a check run reads: each result's `logs` and `serverLog` are what was added during it. */
export interface CheckLogs {
  console: () => readonly string[];
  /** One entry per log entry (a stack stays one entry): each result's `thrown` is read from them. */
  server: () => readonly string[];
}

export interface RunOptions {
  /** Per check, in milliseconds (the runner's default when omitted). */
  timeoutMs?: number;
  /** A server that runs elsewhere (another thread, process or machine); default: a fresh in-process app. */
  transport?: Transport;
  /** The logs of that server (required with `transport` for results to carry them). */
  logs?: CheckLogs;
  /**
   * Asked when a check timed out: does the server still answer at all? When it does not (an
   * endless loop), the rest are not run and come back as `stoppedResults`. Default: never asked.
   */
  answers?: () => Promise<boolean>;
  /** Awaited after each check before its logs are read (see the runner's `settle`). */
  settle?: () => Promise<void>;
}

export class LabHostError extends TypeError {
  override name = 'LabHostError';
}

export function createLabHost(options: LabHostOptions) {
  const { lab } = options;
  if (lab === null || typeof lab !== 'object')
    throw new LabHostError('createLabHost: pass the lab manifest as `lab`');
  if (lab.store !== 'cookie' && lab.store !== 'server')
    throw new LabHostError(
      `createLabHost: lab.store must be "cookie" or "server", got ${JSON.stringify(lab.store)}`,
    );
  if (!Array.isArray(lab.editable) || lab.editable.length === 0)
    throw new LabHostError('createLabHost: lab.editable must list the learner’s files');
  if (typeof options.origin !== 'string' || !/^https?:\/\/[^/]+$/.test(options.origin)) {
    throw new LabHostError(
      `createLabHost: origin must be an http(s) origin such as "http://localhost:8787", got ${JSON.stringify(options.origin)}`,
    );
  }
  if (options.secret !== undefined && (typeof options.secret !== 'string' || options.secret.length < 32)) {
    throw new LabHostError('createLabHost: secret must have at least 32 characters');
  }
  const secret = options.secret ?? randomSecret();
  const secure = options.secure ?? false;
  let live: LabApp | null = null;
  let liveFiles: Record<string, string> | null = null;
  /** The live app's requests whose handler threw (exchange() reads its own request's). */
  const failed = new WeakMap<Request, ThrownError>();

  /** Builds an app; its two logs go to `sink` (already cleaned and with stacks made learner-only). */
  const build = (
    files: Record<string, string>,
    sink: (entry: HostLogEntry) => void,
    iterations: number | undefined,
    onThrown?: (request: Request, thrown: ThrownError) => void,
  ): LabApp => {
    const known = Object.keys(files);
    const leaves: Record<string, LeafModule> = compileLeaves(files, {
      console: learnerConsole((level, text) => sink({ source: 'console', level, text: tidy(text, known) })),
      ...(options.onStep ? { onStep: options.onStep } : {}),
    });
    return createLabApp({
      store: lab.store,
      secret,
      secure,
      leaves,
      log: (line, by) => {
        const text = tidy(line, known);
        // Read back from the line itself, as a check run reads the lines of a server elsewhere:
        // whichever way a line travelled, it says the same thing.
        const thrown = by ? thrownIn(text, known) : undefined;
        if (by && thrown) onThrown?.(by.request, thrown);
        sink({ source: 'server', ...serverLine(text), ...(thrown ? { thrown } : {}) });
      },
      ...(iterations === undefined ? {} : { passwordIterations: iterations }),
    });
  };

  const host = {
    /** The check configuration of this lab over `origin` (cookie names from the server's contract). */
    checkConfig(): Partial<CheckConfig> {
      return { baseUrl: options.origin, ...labCheckConfig(lab, secure) };
    },

    /**
     * Compiles `files` (the learner's, by path; a missing editable file is an error the caller
     * fills from the solution first) and makes them the live app. On a problem the previous app
     * keeps serving, so the console never goes dark mid-experiment.
     */
    load(files: Record<string, string>): LoadOutcome {
      try {
        live = build(
          files,
          (entry) => options.log?.(entry),
          options.passwordIterations,
          (request, thrown) => failed.set(request, thrown),
        );
      } catch (error) {
        return { ok: false, problem: toLabProblem(error, files) };
      }
      liveFiles = { ...files };
      return { ok: true };
    },

    get running(): boolean {
      return live !== null;
    },

    /** A request to the live app; a 503 that says why while nothing has loaded. */
    async fetch(request: Request): Promise<Response> {
      if (!live) {
        return new Response(
          'The lab server is not running: fix the problem shown above the editor, then try again.',
          {
            status: 503,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          },
        );
      }
      return live.fetch(request);
    },

    /** `fetch`, and when the learner's handler threw on this request, what and where (the console shows it). */
    async exchange(request: Request): Promise<{ response: Response; thrown?: ThrownError }> {
      const response = await host.fetch(request);
      const thrown = failed.get(request);
      return thrown ? { response, thrown } : { response };
    },

    /**
     * A new app from the live files, with empty session stores and logs of its own (one check
     * run). Its server log is not forwarded to `options.log`: hundreds of lines per run would bury
     * the learner's live log; each result carries its part instead.
     */
    checkApp(files: Record<string, string> | null = liveFiles): { fetch: FetchLike; logs: CheckLogs } {
      if (!files) throw new Error('The lab server is not running yet.');
      const consoleLines: string[] = [];
      const serverLines: string[] = [];
      const app = build(
        files,
        (entry) =>
          keep(
            entry.source === 'console' ? consoleLines : serverLines,
            entry.source === 'console' ? consoleText(entry) : serverText(entry),
          ),
        options.checkPasswordIterations ?? CHECK_PASSWORD_ITERATIONS,
      );
      return { fetch: app.fetch, logs: { console: () => consoleLines, server: () => serverLines } };
    },

    /**
     * Runs `ids` (any order; results in catalog order), one check at a time. Without a transport
     * they run against `checkApp()`. A check that timed out while the server no longer answers
     * (`answers`) ends the run: it and the rest come back as stopped results.
     */
    async runChecks(ids: readonly string[], run: RunOptions = {}): Promise<CheckResult[]> {
      let transport = run.transport;
      let logs = run.logs;
      if (transport === undefined) {
        const fresh = host.checkApp();
        transport = inProcess(fresh.fetch, options.origin);
        logs = fresh.logs;
      }
      const wanted = new Set(ids);
      const ordered = catalog.map((check) => check.id as string).filter((id) => wanted.has(id));
      for (const id of wanted) if (!ordered.includes(id)) ordered.push(id); // the runner names the unknown one
      const results: CheckResult[] = [];
      for (const [index, id] of ordered.entries()) {
        const serverBefore = logs?.server().length ?? 0;
        const [result] = await runCatalogChecks({
          transport,
          ids: [id],
          config: host.checkConfig(),
          ...(logs ? { getLogs: logs.console, getServerLog: logs.server } : {}),
          ...(run.timeoutMs === undefined ? {} : { timeoutMs: run.timeoutMs }),
          ...(run.settle === undefined ? {} : { settle: run.settle }),
        });
        if (!result) continue;
        if (
          result.status === 'error' &&
          /^Timed out/.test(result.message) &&
          run.answers &&
          !(await run.answers())
        ) {
          const limit = run.timeoutMs ?? 5000;
          const stopped = stoppedResults(describeChecks(ordered.slice(index)), limit);
          results.push({ ...result, message: stopped[0]?.message ?? result.message }, ...stopped.slice(1));
          break;
        }
        const thrown =
          result.status === 'pass' || !logs
            ? undefined
            : firstThrown(logs.server(), serverBefore, lab.editable);
        results.push(thrown ? { ...result, thrown } : result);
      }
      return results;
    },
  };
  return host;
}

export type LabHost = ReturnType<typeof createLabHost>;

/** The check config matching a lab's store and scheme, for any server of that lab. */
export function labCheckConfig(lab: HostLab, secure = false): Partial<CheckConfig> {
  const names = cookieNames(lab.store, secure);
  return {
    sessionCookie: names.session,
    rememberCookie: names.remember,
    secure,
    // A signed cookie carries data, not a random ID, so its length says nothing about entropy.
    sessionIdMinBits: lab.store === 'server' ? 128 : null,
    learnerRoutes: learnerRoutesOf(lab),
  };
}

export function describeChecks(ids: readonly string[]): CheckMeta[] {
  return ids.map((id) => {
    const check = getCheck(id);
    return {
      id,
      title: check?.title ?? id,
      hint: check?.hint ?? { concept: 'unknown check', lesson: '01-understanding-sessions' },
    };
  });
}

/** The loader's and the app's errors as the learner's problem, with the learner's line where the engine says it. */
export function toLabProblem(error: unknown, files: Record<string, string> = {}): LabProblem {
  if (error instanceof LeafCompileError) {
    return {
      kind: 'compile',
      file: error.file,
      line: error.line,
      column: error.column,
      message: error.detail,
    };
  }
  if (error instanceof LeafLoadError || error instanceof LeafRegistrationError) {
    const problem: LabProblem = {
      kind: 'load',
      file: error.file,
      message: tidy(error.message.replace(`${error.file}: `, ''), Object.keys(files)),
    };
    const at = error.cause instanceof Error ? learnerFrame(error.cause.stack ?? '', error.file) : null;
    if (at) Object.assign(problem, at);
    return problem;
  }
  const e = error as { file?: unknown; message?: unknown };
  return {
    kind: 'load',
    file: typeof e?.file === 'string' ? e.file : '(server)',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** The first handler that threw among the entries after the first `before` (fewer when the log was trimmed meanwhile). */
function firstThrown(
  entries: readonly string[],
  before: number,
  files: readonly string[],
): ThrownError | undefined {
  for (const entry of entries.slice(before <= entries.length ? before : 0)) {
    const thrown = thrownIn(entry, files);
    if (thrown) return thrown;
  }
  return undefined;
}

/** How the app logs a handler that threw (sandbox-server/src/app): `error: POST /logout failed: TypeError: …`. */
const HANDLER_FAILED = /^error: (\S+) (\S+) failed: (.*)/;

/**
 * A learner's handler that threw, read from its server log entry (as `tidy` left it): the request,
 * the headline and the first frame in one of the learner's `files`. Every runtime carries these
 * entries from the server to the checks (a postMessage, a pipe, a child process), so reading them
 * here gives the same answer in all of them, with no protocol of its own. Undefined for any other
 * entry.
 */
export function thrownIn(entry: string, files: readonly string[]): ThrownError | undefined {
  const [first = '', ...rest] = entry.split('\n');
  const head = HANDLER_FAILED.exec(first);
  if (!head) return undefined;
  const thrown: ThrownError = { request: `${head[1]} ${head[2]}`, message: head[3] ?? '' };
  // Frames only (V8 `    at f (file:l:c)`, SpiderMonkey and JavaScriptCore `f@file:l:c`): a
  // message's second line cannot pass for a place.
  for (const line of rest) {
    if (!/^\s+at |@/.test(line)) continue;
    let best: { index: number; at: NonNullable<ThrownError['at']> } | null = null;
    for (const file of files) {
      const match = framePattern(file).exec(line);
      if (match && (best === null || match.index < best.index))
        best = { index: match.index, at: { file, line: Number(match[1]), column: Number(match[2]) } };
    }
    if (best) return { ...thrown, at: best.at };
  }
  return thrown;
}

/** "routes/logout.ts:12:5" in a stack: the first frame in the learner's `file`. */
function learnerFrame(stack: string, file: string): { line: number; column: number } | null {
  const match = new RegExp(`(?:^|[\\s(@])${escape(file)}:(\\d+):(\\d+)`, 'm').exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
}

/** A stack frame: V8's `    at f (file:1:2)`, SpiderMonkey's and JavaScriptCore's `f@file:1:2` (a Worker in Firefox, Safari). */
const STACK_FRAME = /^\s+at |^\S*@(?:\S*:\d+:\d+|\[native code\])$/;

/**
 * One line of output made fit for a learner, the same in every runtime: control characters shown,
 * and stack frames outside the learner's files (the server's and the engine's, whose paths and
 * bundle names differ per runtime and machine) folded into one "…the lab server" frame.
 */
export function tidy(text: string, files: readonly string[]): string {
  const lines = text.split('\n');
  if (lines.length === 1) return cleanLine(text);
  const ours = files.length ? new RegExp(`(?:^|[\\s(@])(?:${files.map(escape).join('|')}):\\d+:\\d+`) : null;
  const out: string[] = [];
  for (const line of lines) {
    if (STACK_FRAME.test(line) && !(ours?.test(line) ?? false)) {
      if (out[out.length - 1] !== '    at … (the lab server)') out.push('    at … (the lab server)');
    } else out.push(cleanLine(line));
  }
  return out.join('\n');
}

/**
 * The level of one server log line. A handler that threw is logged as `error: METHOD /path failed:
 * <stack>`: that is an error (without the prefix, which the log panel adds back from the level).
 */
export function serverLine(line: string): { level: LogLevel; text: string } {
  if (line.startsWith('error: ')) return { level: 'error', text: line.slice('error: '.length) };
  if (/^event listener for \S+ failed: /.test(line)) return { level: 'error', text: line };
  return { level: 'info', text: line };
}

/** A result's `logs` line: the level in front unless it is plain `console.log`. */
export function consoleText(entry: Pick<HostLogEntry, 'level' | 'text'>): string {
  return entry.level === 'log' ? entry.text : `${entry.level}: ${entry.text}`;
}

/** A result's `serverLog` line: as the server wrote it. */
export function serverText(entry: Pick<HostLogEntry, 'level' | 'text'>): string {
  return entry.level === 'error' && !/^event listener for /.test(entry.text)
    ? `error: ${entry.text}`
    : entry.text;
}

/** Console arguments as one line of text, as a browser console would show them. */
export function formatArgs(args: readonly unknown[]): string {
  return args
    .map((arg) => {
      if (typeof arg === 'string') return arg;
      if (arg instanceof Error) return arg.stack ?? `${arg.name}: ${arg.message}`;
      try {
        return JSON.stringify(arg) ?? String(arg);
      } catch {
        return String(arg);
      }
    })
    .join(' ');
}

/** The `console` learner code sees. */
function learnerConsole(
  write: (level: LogLevel, text: string) => void,
): Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'> {
  const at =
    (level: LogLevel) =>
    (...args: unknown[]) =>
      write(level, formatArgs(args));
  return { log: at('log'), info: at('info'), warn: at('warn'), error: at('error'), debug: at('log') };
}

function keep(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > MAX_LINES) lines.splice(0, MAX_LINES / 2);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function randomSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}
