/**
 * `lab.mjs`, the program inside the WebContainer tree (bundled by scripts/build-webcontainer-tree.mjs
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
 *   node lab.mjs request '<json LabRequest>' --base URL   one request, printed as JSON (the console)
 *
 * Output meant for the page is one line `@@lab <json>` so it can be told apart from anything else
 * Node prints: `serve` says `{ log: { level, text } }` per server log entry, `{ problem }` when a
 * learner file failed to load, then `{ listening: port }`; the other commands say their result.
 */
import '../worker/install-shim';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import { catalog, getCheck, http, runChecks, UnknownCheckError, type CheckResult, type FetchLike } from '../../../sandbox-server/checks';
import { CHECK_PASSWORD_ITERATIONS, createLabHost, toProblem, type LabHost } from '../host';
import type { LabRequest, LabResponse } from '../runtime';

export const MARK = '@@lab ';
/**
 * How long the checks' server may take to load the learner's files and listen. A file stuck in a
 * loop at load time never gets there; the page's own limit for `check` allows for this much
 * (src/lab/webcontainer). Tests pass `--start-timeout`.
 */
export const CHECK_SERVER_START_MS = 10_000;
/** This program's own path, to start the checks' server as a child process. */
const SELF = process.argv[1] ?? 'lab.mjs';

interface LabConfig {
  store: 'cookie' | 'server';
  secret: string;
  /** The learner's routes, for check messages ("your POST /prefs"); absent in older configs. */
  learnerRoutes?: string[];
}

/** Resolves once written: one-shot commands exit right after, and a pipe would lose unflushed output. */
const say = (value: unknown): Promise<void> =>
  new Promise((resolve) => process.stdout.write(`${MARK}${JSON.stringify(value)}\n`, () => resolve()));

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? undefined : args[at + 1];
}

/** `leaves/routes/logout.js` → `routes/logout.ts`: the page writes JS, the app knows leaves by their TS path. */
export function readLeaves(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.js')) files[relative(dir, full).split(sep).join('/').replace(/\.js$/, '.ts')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

function readConfig(root: string): LabConfig {
  const config = JSON.parse(readFileSync(join(root, 'lab-config.json'), 'utf8')) as Partial<LabConfig>;
  if (config.store !== 'cookie' && config.store !== 'server') throw new Error('lab-config.json: store must be "cookie" or "server"');
  if (typeof config.secret !== 'string' || config.secret.length < 32) throw new Error('lab-config.json: secret must have at least 32 characters');
  const routes = Array.isArray(config.learnerRoutes) && config.learnerRoutes.every((r) => typeof r === 'string') ? { learnerRoutes: config.learnerRoutes } : {};
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
export function listen(port: number, makeHandler: (origin: string) => FetchLike): Promise<{ server: Server; origin: string }> {
  let handler: FetchLike | null = null;
  let origin = `http://localhost:${port}`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      Promise.resolve()
        .then(() => (handler ? handler(toRequest(req, Buffer.concat(chunks), origin)) : new Response('starting', { status: 503 })))
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

function hostFor(root: string, origin: string, config: LabConfig, log: boolean, passwordIterations?: number, learnerLog?: (text: string) => void): LabHost {
  const host = createLabHost({
    store: config.store,
    origin,
    secret: config.secret,
    ...(config.learnerRoutes ? { learnerRoutes: config.learnerRoutes } : {}),
    ...(passwordIterations ? { passwordIterations } : {}),
    ...(learnerLog ? { learnerLog } : {}),
    // One marked line per entry: keeps its level and a multi-line stack in one piece for the page.
    log: (level, text) => {
      if (log) void say({ log: { level, text } });
    },
  });
  try {
    host.load(readLeaves(join(root, 'leaves')));
  } catch (error) {
    void say({ problem: toProblem(error) });
  }
  return host;
}

async function serve(root: string, args: string[]): Promise<void> {
  const config = readConfig(root);
  const port = Number(option(args, 'port') ?? process.env['PORT'] ?? 8787);
  await listen(port, (origin) => {
    const host = hostFor(root, origin, config, true);
    return (request) => host.fetch(request);
  });
  console.log(`Lab server (${config.store} sessions) listening on http://localhost:${port}`);
  // The page waits for this line: any problem loading the learner's files was said before it.
  await say({ listening: port });
}

async function check(root: string, args: string[]): Promise<void> {
  const ids = (option(args, 'ids') ?? '').split(',').filter(Boolean);
  const timeoutMs = Number(option(args, 'timeout') ?? 5000);
  const base = option(args, 'base');
  const config = readConfig(root);
  if (base) {
    const host = createLabHost({ store: config.store, origin: base, secret: config.secret, log: () => undefined, ...(config.learnerRoutes ? { learnerRoutes: config.learnerRoutes } : {}) });
    await say({ results: await runChecks({ transport: http(base), ids, config: host.config(), timeoutMs }) });
    return;
  }
  // A private server on a free port, in a child process: real HTTP, fresh sessions, and a stuck
  // server cannot stop the runner's clock.
  const started = await startCheckServer(root, Number(option(args, 'start-timeout') ?? CHECK_SERVER_START_MS));
  if ('problem' in started) {
    await say({ problem: started.problem });
    return;
  }
  const { server } = started;
  try {
    const wanted = new Set(ids);
    for (const id of wanted) if (!getCheck(id)) throw new UnknownCheckError(id);
    const ordered = catalog.map((c) => c.id as string).filter((id) => wanted.has(id));
    const hostConfig = createLabHost({ store: config.store, origin: server.origin, secret: config.secret, log: () => undefined, ...(config.learnerRoutes ? { learnerRoutes: config.learnerRoutes } : {}) }).config();
    const results: CheckResult[] = [];
    let stuck: { id: string; message: string } | undefined;
    for (const [index, id] of ordered.entries()) {
      // One check per call, so the lab can step in between them; the server (and its sessions) stays.
      const [result] = await runChecks({ transport: http(server.origin), ids: [id], config: hostConfig, getLogs: () => server.learner, timeoutMs });
      if (!result) continue;
      if (result.status === 'error' && /^Timed out/.test(result.message) && !(await server.answers(500))) {
        const message = `Stopped: your code did not finish check ${id} within ${timeoutMs / 1000} seconds, so it is probably stuck in an endless loop. The lab stopped the checks' server; your code and your own server are unchanged.`;
        stuck = { id, message };
        results.push({ ...result, message });
        for (const rest of ordered.slice(index + 1)) {
          const check = getCheck(rest);
          if (!check) continue;
          results.push({ id: check.id, title: check.title, status: 'error', message: `Not run: the lab stopped the checks' server after ${id} stopped answering. Fix the endless loop, then run the checks again.`, hint: check.hint, trace: [], logs: '', serverLog: '' });
        }
        break;
      }
      results.push(result);
    }
    await say(stuck ? { results, stuck } : { results });
  } finally {
    server.stop();
  }
}

interface CheckServer {
  origin: string;
  /** What the learner's code printed, in order (the checks' per-check logs). */
  learner: string[];
  /** Whether the server answers at all within `ms` (a server stuck in a loop does not). */
  answers(ms: number): Promise<boolean>;
  stop(): void;
}

/**
 * Starts `node lab.mjs check-server` and waits until it listens (or says its files do not load).
 * A child that does not listen within `startMs` (a loop at load time) is stopped and reported:
 * otherwise this process would wait until the page killed it, leaving the child looping.
 */
function startCheckServer(root: string, startMs: number): Promise<{ server: CheckServer } | { problem: unknown }> {
  const child = spawn(process.execPath, [SELF, 'check-server'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const learner: string[] = [];
  const stop = (): void => void child.kill('SIGKILL');
  return new Promise<{ server: CheckServer } | { problem: unknown }>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      const message = `Stopped: your files did not finish loading within ${startMs / 1000} seconds, so one is probably stuck in an endless loop outside a route handler (code there runs once, at start-up). The lab stopped the checks' server; your code is unchanged.`;
      resolve({ problem: { kind: 'timeout', message } });
    }, startMs);
    child.on('exit', () => clearTimeout(timer));
    let problem: unknown = null;
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith(MARK)) continue;
        const message = JSON.parse(line.slice(MARK.length)) as { learner?: string; problem?: unknown; listening?: string };
        if (typeof message.learner === 'string') {
          learner.push(message.learner);
          if (learner.length > 2000) learner.splice(0, 1000);
        } else if (message.problem) problem = message.problem;
        else if (message.listening) {
          clearTimeout(timer);
          if (problem) {
            stop();
            resolve({ problem });
          } else {
            const origin = message.listening;
            const answers = (ms: number): Promise<boolean> => fetch(`${origin}/`, { signal: AbortSignal.timeout(ms) }).then(() => true, () => false);
            resolve({ server: { origin, learner, answers, stop } });
          }
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the checks' server stopped (exit code ${code}) before it listened`)));
  });
}

/** `node lab.mjs check-server`: the checks' private server (see `check`); says its origin once it listens. */
async function checkServer(root: string): Promise<void> {
  const config = readConfig(root);
  // Cheap password hashing: this server only answers the checks (see CHECK_PASSWORD_ITERATIONS).
  const { origin } = await listen(0, (at) => {
    const host = hostFor(root, at, config, false, CHECK_PASSWORD_ITERATIONS, (text) => void say({ learner: text }));
    return (request) => host.fetch(request);
  });
  await say({ listening: origin });
}

async function request(args: string[]): Promise<void> {
  const base = option(args, 'base') ?? 'http://localhost:8787';
  const spec = JSON.parse(args[0] ?? '{}') as LabRequest;
  const started = performance.now();
  const init: RequestInit = { method: spec.method, headers: spec.headers, redirect: 'manual', signal: AbortSignal.timeout(Number(option(args, 'timeout') ?? 3000)) };
  if (spec.body !== undefined && spec.method !== 'GET' && spec.method !== 'HEAD') init.body = spec.body;
  const response = await fetch(new URL(spec.path, base), init);
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie]);
  const value: LabResponse = { status: response.status, statusText: response.statusText, headers, body: await response.text(), durationMs: performance.now() - started };
  await say({ response: value });
}

export async function main(argv: string[], root = process.cwd()): Promise<void> {
  const [command, ...args] = argv;
  if (command === 'serve') return serve(root, args);
  if (command === 'check') return check(root, args);
  if (command === 'check-server') return checkServer(root);
  if (command === 'request') return request(args);
  throw new Error(`usage: node lab.mjs serve|check|check-server|request (got ${command ?? 'nothing'})`);
}
