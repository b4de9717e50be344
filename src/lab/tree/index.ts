/**
 * `lab.mjs`, the program inside the WebContainer tree (bundled by ./build.ts
 * with hono, the sandbox server and the checks; no npm install). The page writes the learner's
 * files, already transpiled to CommonJS, under `leaves/` and the lab settings in `lab-config.json`.
 *
 *   node lab.mjs serve [--port 8787]             serve the app on a local port
 *   node lab.mjs check --ids LO-01,LO-04 [--base URL]
 *       run checks over real HTTP: against URL, or (default) against a private server with the same
 *       files on a free local port, so the checks never disturb the learner's own sessions. That
 *       server is a child process (`node lab.mjs check-server`): an endless loop in the learner's
 *       code blocks only the child, so the runner's per-check time limit still fires, the child is
 *       stopped, and the rest is reported as not run (as the Worker runtime does)
 *   node lab.mjs request '<json LabRequest>' --base URL   one request, printed as JSON
 *
 * The page does not start a process per console request or check run: it writes control messages
 * to the running `serve`'s stdin (protocol.ts CONTROL_MARK) and reads the replies on its output.
 *
 * Output meant for the page is one line `@@lab <json>` so it can be told apart from anything else
 * Node prints: `serve` says `{ log: { level, text } }` per server log entry, `{ problem }` when a
 * learner file failed to load, then `{ listening: port }`; the other commands say their result.
 */
import '../worker/install-shim';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { getCheck, http, UnknownCheckError, type FetchLike } from '../../../sandbox-server/checks';
import {
  CHECK_PASSWORD_ITERATIONS,
  consoleText,
  createLabHost,
  serverText,
  type HostLab,
  type LabHost,
  type ThrownError,
} from '../../../sandbox-server/labs/host';
import type { LabRequest, LabResponse, RuntimeProblem } from '../runtime';
import { toRuntimeProblem } from '../worker/protocol';
// The constants the page shares with this program (tests pass `--start-timeout`).
import {
  CHECK_SERVER_START_MS,
  CONTROL_MARK,
  LAB_CONFIG_FILE,
  LAB_MARK as MARK,
  LAB_ORIGIN,
  LAB_PORT,
  markLine,
  SECRET_MIN_LENGTH,
  type ControlMessage,
  type ControlReply,
  type LabConfig,
} from './protocol';

/** This program's own path, to start the checks' server as a child process. */
const SELF = process.argv[1] ?? 'lab.mjs';

/** Resolves once written: one-shot commands exit right after, and a pipe would lose unflushed output. */
const say = (value: unknown): Promise<void> =>
  new Promise((resolve) => process.stdout.write(`${markLine(value)}\n`, () => resolve()));

/** The command's flags (node:util parseArgs); the first positional is a `request`'s JSON. */
function flags(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      ids: { type: 'string' },
      base: { type: 'string' },
      timeout: { type: 'string' },
      'start-timeout': { type: 'string' },
    },
  });
}

/** `leaves/routes/logout.js` → `routes/logout.ts`: the page writes JS, the app knows leaves by their TS path. */
export function readLeaves(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.js'))
        files[relative(dir, full).split(sep).join('/').replace(/\.js$/, '.ts')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

function readConfig(root: string): LabConfig {
  const config = JSON.parse(readFileSync(join(root, LAB_CONFIG_FILE), 'utf8')) as Partial<LabConfig>;
  if (config.store !== 'cookie' && config.store !== 'server')
    throw new Error(`${LAB_CONFIG_FILE}: store must be "cookie" or "server"`);
  if (typeof config.secret !== 'string' || config.secret.length < SECRET_MIN_LENGTH)
    throw new Error(`${LAB_CONFIG_FILE}: secret must have at least ${SECRET_MIN_LENGTH} characters`);
  const routes =
    Array.isArray(config.learnerRoutes) && config.learnerRoutes.every((r) => typeof r === 'string')
      ? { learnerRoutes: config.learnerRoutes }
      : {};
  return { store: config.store, secret: config.secret, ...routes };
}

function toRequest(req: IncomingMessage, body: Buffer, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const init: RequestInit = { method: req.method ?? 'GET', headers };
  if (body.length && init.method !== 'GET' && init.method !== 'HEAD') init.body = new Uint8Array(body);
  return new Request(new URL(req.url ?? '/', origin), init);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie]);
  res.writeHead(response.status, response.statusText, headers.flat());
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Serves on `port` of localhost (0 = any free port). The handler is made once the origin is known,
 * because the app must believe the same origin the checks send in `Origin`.
 */
export function listen(
  port: number,
  makeHandler: (origin: string) => FetchLike,
): Promise<{ server: Server; origin: string }> {
  let handler: FetchLike | null = null;
  let origin = `http://localhost:${port}`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      Promise.resolve()
        .then(() =>
          handler
            ? handler(toRequest(req, Buffer.concat(chunks), origin))
            : new Response('starting', { status: 503 }),
        )
        .then((response) => send(res, response))
        .catch((error: unknown) => {
          console.error(error);
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('Internal Server Error');
        });
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, () => {
      const address = server.address();
      if (address && typeof address === 'object') origin = `http://localhost:${address.port}`;
      handler = makeHandler(origin);
      resolve({ server, origin });
    });
  });
}

/** The lab as the host needs it: the learner's files are the leaves the page wrote. */
function labOf(config: LabConfig, files: Record<string, string>): HostLab {
  return {
    store: config.store,
    editable: Object.keys(files),
    ...(config.learnerRoutes ? { learnerRoutes: config.learnerRoutes } : {}),
  };
}

/**
 * A host serving the leaves on `origin`. `serve` prints each log entry as one marked line (it
 * keeps its level and a multi-line stack in one piece); the checks' server forwards its two logs
 * to the runner, which puts them in each result.
 */
function hostFor(root: string, origin: string, config: LabConfig, forChecks: boolean): LabHost {
  const files = readLeaves(join(root, 'leaves'));
  const host = createLabHost({
    lab: labOf(config, files),
    origin,
    secret: config.secret,
    ...(forChecks ? { passwordIterations: CHECK_PASSWORD_ITERATIONS } : {}),
    log: (entry) => {
      if (!forChecks)
        void say({
          log: { level: entry.level, text: entry.text, ...(entry.thrown ? { thrown: entry.thrown } : {}) },
        });
      else
        void say(
          entry.source === 'console' ? { learner: consoleText(entry) } : { server: serverText(entry) },
        );
    },
  });
  const loaded = host.load(files);
  if (!loaded.ok) void say({ problem: toRuntimeProblem(loaded.problem) });
  return host;
}

async function serve(root: string, args: string[]): Promise<void> {
  const config = readConfig(root);
  const port = Number(flags(args).values.port ?? process.env['PORT'] ?? LAB_PORT);
  let host: LabHost | null = null;
  await listen(port, (origin) => {
    const made = hostFor(root, origin, config, false);
    host = made;
    return (request) => made.fetch(request);
  });
  listenForControl(root, config, (request) =>
    host ? host.exchange(request) : Promise.resolve({ response: new Response('starting', { status: 503 }) }),
  );
  console.log(`Lab server (${config.store} sessions) listening on http://localhost:${port}`);
  // The page waits for this line: any problem loading the learner's files was said before it.
  await say({ listening: port });
}

/** Constant-time: how long a wrong secret takes says nothing about how much of it was right. */
export function sameSecret(given: unknown, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The page's control channel (protocol.ts CONTROL_MARK) on stdin: console requests answered by
 * this server's own app, in this process, and check runs (against a fresh checks' server, a child,
 * so a loop in the learner's code still cannot stop the runner's clock). Only the page writes this
 * process's stdin, and every message must carry the lab's secret as well.
 */
/** A console request's answer, and what the learner's handler threw on it (LabHost `exchange`). */
type Exchange = (request: Request) => Promise<{ response: Response; thrown?: ThrownError }>;

function listenForControl(root: string, config: LabConfig, fetchApp: Exchange): void {
  // A pseudo-terminal (WebContainer) would echo the lines and rewrite \r\n; raw mode turns that off.
  if (process.stdin.isTTY) {
    try {
      process.stdin.setRawMode(true);
      // Raw mode also turns off Ctrl-C: someone running `serve` in a real terminal still gets it.
      process.stdin.on('data', (data: Buffer) => {
        if (data.includes(3)) process.exit(130);
      });
    } catch {
      // The page drops echoed control lines anyway.
    }
  }
  const pieces = new Map<number, string>();
  createInterface({ input: process.stdin, terminal: false }).on('line', (raw) => {
    const line = raw.replace(/\r$/, '');
    const at = line.indexOf(CONTROL_MARK);
    if (at < 0) return;
    const frame = /^(\d+) ([01]) (.*)$/.exec(line.slice(at + CONTROL_MARK.length));
    if (!frame) return;
    const id = Number(frame[1]);
    const text = (pieces.get(id) ?? '') + (frame[3] ?? '');
    if (frame[2] === '1') {
      pieces.set(id, text);
      return;
    }
    pieces.delete(id);
    void control(root, config, fetchApp, text).then(
      (answer) => say({ reply: id, ...answer } satisfies ControlReply),
      (error: unknown) =>
        say({
          reply: id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies ControlReply),
    );
  });
}

async function control(
  root: string,
  config: LabConfig,
  fetchApp: Exchange,
  text: string,
): Promise<Omit<ControlReply, 'reply'>> {
  const message = JSON.parse(text) as ControlMessage;
  if (!sameSecret(message.secret, config.secret)) return { error: 'refused: wrong secret' };
  if ('request' in message) {
    const spec = message.request;
    const started = performance.now();
    const init: RequestInit = { method: spec.method, headers: spec.headers };
    if (spec.body !== undefined && spec.method !== 'GET' && spec.method !== 'HEAD') init.body = spec.body;
    const { response, thrown } = await fetchApp(new Request(new URL(spec.path, LAB_ORIGIN), init));
    return { response: { ...(await labResponse(response, started)), ...(thrown ? { thrown } : {}) } };
  }
  return runChecksFresh(root, config, message.check, message.timeoutMs, CHECK_SERVER_START_MS);
}

async function labResponse(response: Response, started: number): Promise<LabResponse> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie]);
  return {
    status: response.status,
    statusText: response.statusText,
    headers,
    body: await response.text(),
    durationMs: performance.now() - started,
  };
}

async function check(root: string, args: string[]): Promise<void> {
  const { values } = flags(args);
  const ids = (values.ids ?? '').split(',').filter(Boolean);
  const timeoutMs = Number(values.timeout ?? 5000);
  for (const id of ids) if (!getCheck(id)) throw new UnknownCheckError(id);
  const config = readConfig(root);
  const lab = labOf(config, readLeaves(join(root, 'leaves')));
  if (values.base) {
    const host = createLabHost({ lab, origin: values.base, secret: config.secret });
    await say({ results: await host.runChecks(ids, { transport: http(values.base), timeoutMs }) });
    return;
  }
  await say(
    await runChecksFresh(
      root,
      config,
      ids,
      timeoutMs,
      Number(values['start-timeout'] ?? CHECK_SERVER_START_MS),
    ),
  );
}

/**
 * The checks against a private server on a free port, in a child process: real HTTP, fresh
 * sessions, and a stuck server cannot stop the runner's clock.
 */
async function runChecksFresh(
  root: string,
  config: LabConfig,
  ids: readonly string[],
  timeoutMs: number,
  startMs: number,
): Promise<Omit<ControlReply, 'reply'>> {
  for (const id of ids) if (!getCheck(id)) throw new UnknownCheckError(id);
  const lab = labOf(config, readLeaves(join(root, 'leaves')));
  const started = await startCheckServer(root, startMs);
  if ('problem' in started) return { problem: started.problem as RuntimeProblem };
  const { server } = started;
  try {
    const host = createLabHost({ lab, origin: server.origin, secret: config.secret });
    const results = await host.runChecks([...ids], {
      transport: http(server.origin),
      logs: { console: () => server.learner, server: () => server.serverLog },
      timeoutMs,
      answers: () => server.answers(500),
      settle: () => server.settle(),
    });
    const stuck = results.find((r) => r.message.startsWith('Stopped: '));
    return stuck ? { results, stuck: { id: stuck.id, message: stuck.message } } : { results };
  } finally {
    server.stop();
  }
}

interface CheckServer {
  origin: string;
  /** What the learner's code printed, in order (the checks' per-check logs). */
  learner: string[];
  /** The server's own log, in order (the checks' per-check serverLog). */
  serverLog: string[];
  /** Whether the server answers at all within `ms` (a server stuck in a loop does not). */
  answers(ms: number): Promise<boolean>;
  /** Resolves once every log line the server wrote so far has arrived (its answers come on another channel). */
  settle(): Promise<void>;
  stop(): void;
}

/**
 * Starts `node lab.mjs check-server` and waits until it listens (or says its files do not load).
 * A child that does not listen within `startMs` (a loop at load time) is stopped and reported:
 * otherwise this process would wait until the page killed it, leaving the child looping.
 */
function startCheckServer(
  root: string,
  startMs: number,
): Promise<{ server: CheckServer } | { problem: unknown }> {
  const child = spawn(process.execPath, [SELF, 'check-server'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // settle(): "sync <n>" goes in on stdin; "{ synced: n }" comes back on stdout after every earlier line.
  child.stdin.on('error', () => undefined); // a stopped child: settle() times out instead
  let syncs = 0;
  const waiting = new Map<number, () => void>();
  const settle = (): Promise<void> =>
    new Promise((resolve) => {
      const n = ++syncs;
      const timer = setTimeout(() => (waiting.delete(n), resolve()), 1000);
      waiting.set(n, () => (clearTimeout(timer), resolve()));
      child.stdin.write(`sync ${n}\n`);
    });
  const learner: string[] = [];
  const serverLog: string[] = [];
  const stop = (): void => void child.kill('SIGKILL');
  return new Promise<{ server: CheckServer } | { problem: unknown }>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      const message = `Stopped: your files did not finish loading within ${startMs / 1000} seconds, so one is probably stuck in an endless loop outside a route handler (code there runs once, at start-up). The lab stopped the checks' server; your code is unchanged.`;
      resolve({ problem: { kind: 'timeout', message } });
    }, startMs);
    child.on('exit', () => clearTimeout(timer));
    let problem: unknown = null;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(MARK)) return;
      const message = JSON.parse(line.slice(MARK.length)) as {
        learner?: string;
        server?: string;
        problem?: unknown;
        listening?: string;
        synced?: number;
      };
      if (typeof message.synced === 'number') {
        waiting.get(message.synced)?.();
        waiting.delete(message.synced);
      } else if (typeof message.learner === 'string' || typeof message.server === 'string') {
        const into = typeof message.learner === 'string' ? learner : serverLog;
        into.push(message.learner ?? message.server ?? '');
        if (into.length > 2000) into.splice(0, 1000);
      } else if (message.problem) problem = message.problem;
      else if (message.listening) {
        clearTimeout(timer);
        if (problem) {
          stop();
          resolve({ problem });
        } else {
          const origin = message.listening;
          const answers = (ms: number): Promise<boolean> =>
            fetch(`${origin}/`, { signal: AbortSignal.timeout(ms) }).then(
              () => true,
              () => false,
            );
          resolve({ server: { origin, learner, serverLog, answers, settle, stop } });
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`the checks' server stopped (exit code ${code}) before it listened`)),
    );
  });
}

/** `node lab.mjs check-server`: the checks' private server (see `check`); says its origin once it listens. */
async function checkServer(root: string): Promise<void> {
  const config = readConfig(root);
  // Cheap password hashing: this server only answers the checks (see CHECK_PASSWORD_ITERATIONS).
  const { origin } = await listen(0, (at) => {
    const host = hostFor(root, at, config, true);
    return (request) => host.fetch(request);
  });
  // The runner's settle(): answered on stdout, so it arrives after every log line written before it.
  createInterface({ input: process.stdin }).on('line', (line) => {
    const sync = /^sync (\d+)$/.exec(line);
    if (sync) void say({ synced: Number(sync[1]) });
  });
  await say({ listening: origin });
}

async function request(args: string[]): Promise<void> {
  const { values, positionals } = flags(args);
  const base = values.base ?? LAB_ORIGIN;
  const spec = JSON.parse(positionals[0] ?? '{}') as LabRequest;
  const started = performance.now();
  const init: RequestInit = {
    method: spec.method,
    headers: spec.headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(Number(values.timeout ?? 3000)),
  };
  if (spec.body !== undefined && spec.method !== 'GET' && spec.method !== 'HEAD') init.body = spec.body;
  const response = await fetch(new URL(spec.path, base), init);
  await say({ response: await labResponse(response, started) });
}

export async function main(argv: string[], root = process.cwd()): Promise<void> {
  const [command, ...args] = argv;
  if (command === 'serve') return serve(root, args);
  if (command === 'check') return check(root, args);
  if (command === 'check-server') return checkServer(root);
  if (command === 'request') return request(args);
  throw new Error(`usage: node lab.mjs serve|check|check-server|request (got ${command ?? 'nothing'})`);
}
