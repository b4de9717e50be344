/**
 * Runs checks one after another (each with a fresh login, so they cannot disturb each other) and
 * turns every outcome into a `CheckResult`. A check never passes by default: an exception becomes
 * 'error', a server that never answers becomes 'error' after the time limit.
 */
import { CHECK_RANGES, catalog, isCheckId } from '../catalog';
import { CheckContext, CheckFailure, errorText } from '../harness';
import { TransportError } from '../transport';
import type { CheckConfig, CheckId, CheckResult, Transport } from '../types';

export const DEFAULT_TIMEOUT_MS = 5_000;
export const LOG_LIMIT = 500;

export interface RunChecksOptions {
  transport: Transport;
  /** Which checks to run (any order; results come back in catalog order). Default: the whole catalog. */
  ids?: readonly string[];
  /** Overrides of the defaults for a server-side store over `transport.baseUrl`. */
  config?: Partial<CheckConfig>;
  /**
   * The learner's console output so far, as a string or a list of lines. Called before and after
   * each check; the difference is that check's `logs`.
   */
  getLogs?: () => string | readonly string[];
  /** The server's own log so far, read the same way; the difference is that check's `serverLog`. */
  getServerLog?: () => string | readonly string[];
  /** Time limit per check in milliseconds (default 5000). */
  timeoutMs?: number;
  /**
   * Awaited after each check, before its logs are read: logs that cross a process boundary (a
   * pipe) can arrive after the answer (a socket), and would otherwise land in the next check.
   */
  settle?: () => Promise<void>;
}

export class UnknownCheckError extends RangeError {
  override name = 'UnknownCheckError';
  readonly id: string;

  constructor(id: string) {
    super(
      `Unknown check "${id}": check ids run from ${CHECK_RANGES.map(([first, last]) => `${first} to ${last}`).join(' and from ')}.`,
    );
    this.id = id;
  }
}

/** The defaults of §4.1 for a server-side store, completed with the caller's overrides. */
export function resolveConfig(transport: Transport, overrides: Partial<CheckConfig> = {}): CheckConfig {
  const baseUrl = overrides.baseUrl ?? transport.baseUrl;
  const config: CheckConfig = {
    baseUrl,
    sessionCookie: 'sid',
    rememberCookie: 'remember',
    maxAccessTokenLifetime: 900,
    secure: baseUrl.startsWith('https:'),
    sessionIdMinBits: 128,
    user: { username: 'alice', password: 'correct horse battery staple' },
    ...overrides,
  };
  if (!Number.isFinite(config.maxAccessTokenLifetime) || config.maxAccessTokenLifetime <= 0) {
    throw new TypeError(
      `runChecks: config.maxAccessTokenLifetime must be a positive number of seconds, got ${String(config.maxAccessTokenLifetime)}`,
    );
  }
  for (const key of ['sessionCookie', 'rememberCookie'] as const) {
    if (typeof config[key] !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(config[key])) {
      throw new TypeError(
        `runChecks: config.${key} must be a cookie name such as "sid", got ${JSON.stringify(config[key])}`,
      );
    }
  }
  return config;
}

export async function runChecks(options: RunChecksOptions): Promise<CheckResult[]> {
  const { transport, getLogs, getServerLog } = options;
  if (transport === undefined || typeof transport.send !== 'function') {
    throw new TypeError(
      'runChecks: pass a transport, for example inProcess(app.fetch, "http://localhost") or http("http://localhost:8787")',
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new TypeError(`runChecks: timeoutMs must be a positive number, got ${String(timeoutMs)}`);
  const wanted = new Set<CheckId>();
  for (const id of options.ids ?? catalog.map((check) => check.id)) {
    if (!isCheckId(id)) throw new UnknownCheckError(String(id));
    wanted.add(id);
  }
  const config = resolveConfig(transport, options.config);
  const results: CheckResult[] = [];
  for (const check of catalog) {
    if (!wanted.has(check.id)) continue;
    const before = snapshot(getLogs);
    const serverBefore = snapshot(getServerLog);
    const controller = new AbortController();
    const ctx = new CheckContext(config, transport, controller.signal, { id: check.id, title: check.title });
    const outcome = await runOne(() => check.run(ctx), ctx, controller, timeoutMs);
    await options.settle?.().catch(() => undefined);
    const status = check.advisory === true && outcome.status === 'fail' ? 'advisory' : outcome.status;
    results.push({
      id: check.id,
      title: check.title,
      status,
      message: outcome.message,
      // A check that found the fault outside its own subject (a broken precondition) points there.
      hint: status === 'pass' ? check.hint : (ctx.hint ?? check.hint),
      trace: status === 'pass' ? [] : ctx.trace,
      logs: capLogs(since(before, snapshot(getLogs))),
      serverLog: capLogs(since(serverBefore, snapshot(getServerLog))),
    });
  }
  return results;
}

type Outcome = { status: CheckResult['status']; message: string };

async function runOne(
  run: () => Promise<{ status: 'pass' | 'fail' | 'advisory'; message: string }>,
  ctx: CheckContext,
  controller: AbortController,
  timeoutMs: number,
): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => {
      const waiting = ctx.inflight === undefined ? '' : ` waiting for ${ctx.inflight}`;
      resolve({
        status: 'error',
        message: `Timed out after ${timeoutMs} ms${waiting}. The server never finished answering: look for a handler that does not return a response (a missing return, an await on something that never settles, or a loop that never ends).`,
      });
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const attempt = (async (): Promise<Outcome> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof CheckFailure) return { status: 'fail', message: error.message };
      // The request never reached the server, or its answer never came back: not the server's answer.
      if (error instanceof TransportError) return { status: 'error', message: error.message };
      if (ctx.inflight !== undefined) {
        return {
          status: 'error',
          message: `The server threw instead of answering ${ctx.inflight}: ${errorText(error)}. An exception that escapes the app (rather than becoming a 500 response) usually comes from code outside a route handler, or from a handler that returns something that is not a Response.`,
        };
      }
      return {
        status: 'error',
        message: `The check itself crashed: ${errorText(error)}. This is a bug in the check, not in your code; please report it.`,
      };
    }
  })();
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type Snapshot = { kind: 'string'; length: number } | { kind: 'lines'; count: number } | undefined;

function snapshot(getLogs: (() => string | readonly string[]) | undefined): {
  snap: Snapshot;
  value: string | readonly string[] | undefined;
} {
  if (getLogs === undefined) return { snap: undefined, value: undefined };
  let value: string | readonly string[];
  try {
    value = getLogs();
  } catch {
    return { snap: undefined, value: undefined };
  }
  if (typeof value === 'string') return { snap: { kind: 'string', length: value.length }, value };
  return { snap: { kind: 'lines', count: value.length }, value };
}

function since(before: ReturnType<typeof snapshot>, after: ReturnType<typeof snapshot>): string {
  const { value } = after;
  if (value === undefined) return '';
  if (typeof value === 'string') {
    const start =
      before.snap?.kind === 'string' && before.snap.length <= value.length ? before.snap.length : 0;
    return value.slice(start);
  }
  const start = before.snap?.kind === 'lines' && before.snap.count <= value.length ? before.snap.count : 0;
  return value.slice(start).join('\n');
}

/** Keeps the first part of the output within `LOG_LIMIT` characters, saying how much was cut. */
export function capLogs(text: string, limit = LOG_LIMIT): string {
  if (text.length <= limit) return text;
  const marker = (cut: number) => `\n… (${cut} more characters cut)`;
  // Size the marker for the largest possible count so the result never exceeds the limit.
  const keep = Math.max(0, limit - marker(text.length).length);
  return `${text.slice(0, keep)}${marker(text.length - keep)}`;
}
