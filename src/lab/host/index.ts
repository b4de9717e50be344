/**
 * The lab host: everything a runtime does with the sandbox server, independent of where it runs.
 * The browser Worker and the WebContainer's Node process both wrap this: compile the learner's
 * files, serve requests through the app, run checks against a fresh app, capture console output.
 * Web-standard only (no DOM, no `node:`), so one implementation is tested once and runs everywhere.
 */
import { createLabApp, LeafRegistrationError, type LabApp } from '../../../sandbox-server/src/app';
import type { LeafModule } from '../../../sandbox-server/src/app/types';
import { compileLeaves, LeafCompileError, LeafLoadError } from '../../../sandbox-server/src/loader';
import { routesOf } from '../../../sandbox-server/src/routes';
import { locateSyntaxError } from '../syntax';
import { inProcess, runChecks, type CheckConfig, type CheckResult, type FetchLike, type Transport } from '../../../sandbox-server/checks';
import type { RuntimeProblem } from '../runtime';

/** Prefix of log lines written while the checks run (their own fresh server). */
export const CHECKS_TAG = '[checks] ';

export type HostLogLevel = 'log' | 'info' | 'warn' | 'error';

export interface LabHostOptions {
  store: 'cookie' | 'server';
  /** The origin the app believes it is served from (checks and cookies use it). */
  origin: string;
  /** Stable across restarts, so signed cookie sessions survive an edit. At least 32 characters. */
  secret: string;
  /** Every line the server or the learner's code prints. */
  log: (level: HostLogLevel, text: string) => void;
  /** Only what the learner's code prints (a check server in another process forwards these for the checks' logs). */
  learnerLog?: (text: string) => void;
  /** PBKDF2 iterations for the demo users (the sandbox default when omitted). */
  passwordIterations?: number;
  /**
   * PBKDF2 iterations of the fresh app the checks run against. The checks are about logout, not
   * password storage, and log in dozens of times per run; the learner's own server keeps the
   * sandbox default. Default: CHECK_PASSWORD_ITERATIONS.
   */
  checkPasswordIterations?: number;
  /**
   * The routes the learner writes (the manifest's learnerRoutes), so check messages can say "your
   * POST /prefs". Default: the routes of the files loaded as leaves.
   */
  learnerRoutes?: readonly string[];
}

/** The cheapest PBKDF2 cost the sandbox accepts: fast check runs (see checkPasswordIterations). */
export const CHECK_PASSWORD_ITERATIONS = 1000;

export type Compiled = Record<string, LeafModule>;

/** Turns loader/app errors into the problem the UI explains. `files` refines syntax-error positions. */
export function toProblem(error: unknown, files: Record<string, string> = {}): RuntimeProblem {
  if (error instanceof LeafCompileError) {
    const source = files[error.file];
    const at = source === undefined ? null : locateSyntaxError(error.file, source, error);
    const message = at?.message ?? error.message.replace(/^[^:]+:\d+:\d+: /, '');
    return { kind: 'compile', file: error.file, line: at?.line ?? error.line, column: at?.column ?? error.column, message };
  }
  if (error instanceof LeafLoadError || error instanceof LeafRegistrationError) {
    const stack = error.cause instanceof Error ? locate(error.cause, error.file) : '';
    return { kind: 'crash', message: `${error.message}${stack}` };
  }
  return { kind: 'crash', message: error instanceof Error ? error.message : String(error) };
}

/** The learner's line from a stack trace ("routes/logout.ts:12:5"), when the engine reports it. */
function locate(error: Error, file: string): string {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(error.stack ?? '');
  return match ? ` (at ${file} line ${match[1]}, column ${match[2]})` : '';
}

/**
 * The level of one server log line. A handler that threw is logged as `error: METHOD /path
 * failed: <stack>`: that goes out as an error (without the prefix, which the log panel adds back
 * from the level) so the panel styles it as one; everything else is the server's running commentary.
 */
export function serverLine(line: string): { level: HostLogLevel; text: string } {
  if (line.startsWith('error: ')) return { level: 'error', text: line.slice('error: '.length) };
  if (/^event listener for \S+ failed: /.test(line)) return { level: 'error', text: line };
  return { level: 'info', text: line };
}

export function formatArgs(args: unknown[]): string {
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

export function createLabHost(options: LabHostOptions) {
  if (options.store !== 'cookie' && options.store !== 'server') throw new TypeError('createLabHost: store must be "cookie" or "server"');
  if (!/^https?:\/\//.test(options.origin)) throw new TypeError(`createLabHost: origin must be an http(s) origin, got ${options.origin}`);
  /** The learner's own output (console.*), kept for the checks' per-check `logs`. */
  const learnerLines: string[] = [];
  /** The `console` learner code sees; lines from a check run are tagged so the log tells them apart. */
  const makeConsole = (tag: string) =>
    Object.fromEntries(
      (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => [
        level,
        (...args: unknown[]) => {
          const text = formatArgs(args);
          learnerLines.push(text);
          if (learnerLines.length > 2000) learnerLines.splice(0, 1000);
          options.learnerLog?.(text);
          options.log(level === 'debug' ? 'log' : level, `${tag}${text}`);
        },
      ]),
    ) as unknown as Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'>;
  const learnerConsole = makeConsole('');
  const checksConsole = makeConsole(CHECKS_TAG);

  let live: LabApp | null = null;
  let liveFiles: Record<string, string> | null = null;

  /**
   * `forChecks`: the fresh app the checks run against. Its own server log (hundreds of lines per
   * run) is not forwarded: it would bury the learner's live server log and slow the page down; the
   * learner's console output during checks still is, tagged, and lands in each check's result.
   */
  const build = (files: Record<string, string>, compile: (files: Record<string, string>) => Compiled, forChecks = false, iterations = options.passwordIterations): LabApp =>
    createLabApp({
      store: options.store,
      secret: options.secret,
      leaves: compile(files),
      log: (line) => {
        if (!forChecks) {
          const { level, text } = serverLine(line);
          options.log(level, text);
        }
      },
      ...(iterations ? { passwordIterations: iterations } : {}),
    });

  const compileTs = (files: Record<string, string>): Compiled => compileLeaves(files, { console: learnerConsole });
  const compileForChecks = (files: Record<string, string>): Compiled => compileLeaves(files, { console: checksConsole });

  return {
    /**
     * Compiles `files` and makes them the live server. On a learner mistake it throws; the
     * previous version (if any) keeps serving, so the console never goes dark mid-experiment.
     */
    load(files: Record<string, string>, compile: (files: Record<string, string>) => Compiled = compileTs): void {
      live = build(files, compile);
      liveFiles = { ...files };
    },
    get running(): boolean {
      return live !== null;
    },
    async fetch(request: Request): Promise<Response> {
      if (!live) {
        return new Response('The lab server is not running: fix the problem shown above the editor, then try again.', {
          status: 503,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        });
      }
      return live.fetch(request);
    },
    /** A new app from the live files, with empty session stores (for one run of the checks). */
    fresh(compile: (files: Record<string, string>) => Compiled = compileForChecks): FetchLike {
      if (!liveFiles) throw new Error('The lab server is not running yet.');
      return build(liveFiles, compile, true, options.checkPasswordIterations ?? CHECK_PASSWORD_ITERATIONS).fetch;
    },
    /** The check configuration for this store over `origin` (§4.1). */
    config(): Partial<CheckConfig> {
      const cookies = live?.config.cookies ?? { session: options.store === 'server' ? 'sid' : 'session', remember: 'remember' };
      return {
        baseUrl: options.origin,
        sessionCookie: cookies.session,
        rememberCookie: cookies.remember,
        secure: false,
        sessionIdMinBits: options.store === 'server' ? 128 : null,
        ...(options.learnerRoutes !== undefined
          ? { learnerRoutes: options.learnerRoutes }
          : live !== null
            ? { learnerRoutes: routesOf(live.config.leaves) }
            : {}),
      };
    },
    /**
     * Runs checks against a FRESH app built from the live files, so the checks' logins and
     * "log out everywhere" never disturb the learner's own session in the console or preview.
     */
    async runChecks(
      ids: readonly string[],
      settings: { timeoutMs?: number; fetch?: FetchLike; transport?: Transport } = {},
    ): Promise<CheckResult[]> {
      const transport = settings.transport ?? inProcess(settings.fetch ?? this.fresh(), options.origin);
      return runChecks({
        transport,
        ids,
        config: this.config(),
        getLogs: () => learnerLines,
        ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
      });
    },
  };
}

export type LabHost = ReturnType<typeof createLabHost>;
