/**
 * The side of labs/isolate that runs next to the learner's code: it builds the app from the files
 * it is sent and answers requests with it. Shared by the worker thread (./worker.ts) and the
 * sandbox's child process (../sandbox/child.ts), which differ only in how messages travel.
 */
import { labFilesFor, labHostFor, type Lab, type LabFiles, type ServeOptions } from '../verify';
import type { FromWorker, LogKind, ToWorker, WireRequest } from './protocol';

export interface HostOptions extends Pick<ServeOptions, 'secure' | 'passwordIterations'> {
  /** A response body over this many bytes is an error for that request, not an answer. Default: no limit. */
  maxBodyBytes?: number;
}

/** Sends one message to the grader; `transfer` lists buffers it may move instead of copying. */
export type Post = (message: FromWorker, transfer?: ArrayBuffer[]) => void;

// Log lines go out in batches: a learner's console.log in a hot loop must not flood the channel,
// and a stuck host keeps at most MAX_PENDING of them.
const MAX_PENDING = 1000;

/** Returns the function that handles each message from the grader. */
export function createHost(lab: Lab, options: HostOptions, send: Post): (message: ToWorker) => void {
  let pending: { kind: LogKind; line: string }[] = [];
  let dropped = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flushLogs = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (dropped > 0)
      pending.push({ kind: 'server', line: `(${dropped} log lines dropped: too many at once)` });
    dropped = 0;
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    send({ type: 'logs', lines });
  };

  const log = (kind: LogKind, line: string): void => {
    if (pending.length >= MAX_PENDING) dropped++;
    else pending.push({ kind, line });
    timer ??= setTimeout(flushLogs, 20);
  };

  /** Every message goes out after the log lines written before it, so the order is kept. */
  const post: Post = (message, transfer = []) => {
    flushLogs();
    send(message, transfer);
  };

  /** The one lab host (labs/host); this side only carries its messages. */
  let app: ReturnType<typeof labHostFor> | undefined;

  const load = (id: number, files: LabFiles): void => {
    app = undefined;
    const serve: ServeOptions = {
      log: (line) => log('server', line),
      console: (line) => log('console', line),
      // Posted at once: if a file never finishes, the grader knows which one it was.
      onStep: (step) => post({ type: 'step', load: id, ...step }),
    };
    if (options.secure !== undefined) serve.secure = options.secure;
    if (options.passwordIterations !== undefined) serve.passwordIterations = options.passwordIterations;
    const host = labHostFor(lab, serve);
    const loaded = host.load(labFilesFor(lab, files));
    if (!loaded.ok) {
      post({ type: 'problem', load: id, problem: loaded.problem });
      return;
    }
    app = host;
    post({ type: 'ready', load: id });
  };

  const answer = async (id: number, wire: WireRequest): Promise<void> => {
    try {
      if (app === undefined) throw new Error('no app is loaded');
      const response = await app.fetch(toRequest(wire));
      if (!(response instanceof Response))
        throw new TypeError(`the app answered with ${typeof response}, not a Response`);
      const body = await readBody(response, options.maxBodyBytes);
      post(
        {
          type: 'response',
          id,
          status: response.status,
          statusText: response.statusText,
          headers: [...response.headers],
          body,
        },
        [body.buffer],
      );
    } catch (error) {
      post({
        type: 'error',
        id,
        message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  };

  return (message) => {
    if (message.type === 'ping') post({ type: 'pong' });
    else if (message.type === 'load') load(message.id, message.files);
    else void answer(message.id, message.request);
  };
}

function toRequest(wire: WireRequest): Request {
  const headers = new Headers();
  for (const [name, value] of wire.headers) headers.append(name, value);
  const init: RequestInit = { method: wire.method, headers, redirect: 'manual' };
  if (wire.body !== undefined && wire.method !== 'GET' && wire.method !== 'HEAD') init.body = wire.body;
  return new Request(wire.url, init);
}

/** The whole body, or an error as soon as it passes `max` bytes (a 100 MB answer is never held whole). */
async function readBody(response: Response, max = Infinity): Promise<Uint8Array<ArrayBuffer>> {
  if (max === Infinity || response.body === null) return new Uint8Array(await response.arrayBuffer());
  const body = await readCapped(response.body, max);
  if (body === 'too-large')
    throw new RangeError(
      `the response body is larger than ${formatBytes(max)}, which no page of this lab needs; the checker does not read it`,
    );
  return body;
}

/**
 * A stream read whole, or 'too-large' (and the stream cancelled) as soon as it passes `max` bytes,
 * so a flood is never held in memory. Shared by the checker (answers) and `lab serve` (requests).
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array>,
  max: number,
): Promise<Uint8Array<ArrayBuffer> | 'too-large'> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 20
    ? `${Math.round(bytes / 2 ** 20)} MB`
    : bytes >= 1024
      ? `${Math.round(bytes / 1024)} kB`
      : `${bytes} bytes`;
}
