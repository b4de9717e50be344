/**
 * The worker thread that runs learner apps for labs/isolate (Node only). It is bundled with
 * esbuild at run time and started with `eval`, so it imports only what the bundle can carry: the
 * pure lab tooling and node:worker_threads. Each `load` builds a fresh app (one thread serves a
 * lab's variants one after another, so the JIT stays warm). A learner loop that never ends
 * freezes this thread only; the main thread notices (no pong) and terminates it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildLabApp, buildProblem, type Lab, type LabFiles, type ServeOptions } from '../verify';
import type { FromWorker, LogKind, ToWorker, WireRequest } from './protocol';

if (parentPort === null) throw new Error('labs/isolate/worker.ts runs only as a worker thread');
const port = parentPort;

const { lab, options } = workerData as { lab: Lab; options: Pick<ServeOptions, 'secure' | 'passwordIterations'> };

// Log lines go out in batches: a learner's console.log in a hot loop must not flood the channel,
// and a stuck thread keeps at most MAX_PENDING of them.
const MAX_PENDING = 1000;
let pending: { kind: LogKind; line: string }[] = [];
let dropped = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function flushLogs(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  if (dropped > 0) pending.push({ kind: 'server', line: `(${dropped} log lines dropped: too many at once)` });
  dropped = 0;
  if (pending.length === 0) return;
  const lines = pending;
  pending = [];
  port.postMessage({ type: 'logs', lines } satisfies FromWorker);
}

function log(kind: LogKind, line: string): void {
  if (pending.length >= MAX_PENDING) dropped++;
  else pending.push({ kind, line });
  timer ??= setTimeout(flushLogs, 20);
}

/** Every message goes out after the log lines written before it, so the order is kept. */
function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  flushLogs();
  port.postMessage(message, transfer);
}

type App = ReturnType<typeof buildLabApp>;
let app: App | undefined;

function load(id: number, files: LabFiles): void {
  app = undefined;
  const serve: ServeOptions = {
    log: (line) => log('server', line),
    console: (line) => log('console', line),
    // Posted at once: if a file never finishes, the main thread knows which one it was.
    onStep: (step) => post({ type: 'step', load: id, ...step }),
  };
  if (options.secure !== undefined) serve.secure = options.secure;
  if (options.passwordIterations !== undefined) serve.passwordIterations = options.passwordIterations;
  try {
    app = buildLabApp(lab, files, serve);
  } catch (error) {
    post({ type: 'problem', load: id, problem: buildProblem(error) });
    return;
  }
  post({ type: 'ready', load: id });
}

function toRequest(wire: WireRequest): Request {
  const headers = new Headers();
  for (const [name, value] of wire.headers) headers.append(name, value);
  const init: RequestInit = { method: wire.method, headers, redirect: 'manual' };
  if (wire.body !== undefined && wire.method !== 'GET' && wire.method !== 'HEAD') init.body = wire.body;
  return new Request(wire.url, init);
}

async function answer(id: number, wire: WireRequest): Promise<void> {
  try {
    if (app === undefined) throw new Error('no app is loaded');
    const response = await app.fetch(toRequest(wire));
    if (!(response instanceof Response)) throw new TypeError(`the app answered with ${typeof response}, not a Response`);
    const body = new Uint8Array(await response.arrayBuffer());
    post({ type: 'response', id, status: response.status, statusText: response.statusText, headers: [...response.headers], body }, [body.buffer]);
  } catch (error) {
    post({ type: 'error', id, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'ping') post({ type: 'pong' });
  else if (message.type === 'load') load(message.id, message.files);
  else void answer(message.id, message.request);
});
post({ type: 'booted' });
