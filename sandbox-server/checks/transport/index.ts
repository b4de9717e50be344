import type { OutgoingRequest, Transport } from '../types';

/** The shape of `app.fetch` (Hono) or any function that answers a web `Request`. */
export type FetchLike = (request: Request) => Response | Promise<Response>;

/**
 * Calls a server function directly with `new Request`, without a network. Used in tests, in the
 * browser Worker (the learner's app lives in the same thread) and by the CLI.
 */
export function inProcess(fetch: FetchLike, baseUrl: string): Transport {
  if (typeof fetch !== 'function')
    throw new TypeError('inProcess(fetch, baseUrl): fetch must be a function such as app.fetch');
  const base = checkBaseUrl(baseUrl, 'inProcess');
  return {
    name: 'in-process',
    baseUrl: base,
    async send(outgoing: OutgoingRequest, signal: AbortSignal): Promise<Response> {
      return await fetch(buildRequest(outgoing, signal));
    },
  };
}

/**
 * The transport itself could not deliver a request or get its answer (nothing listens at the
 * base URL, the connection broke, a worker got stuck). The runner reports `message` as the
 * check's error as it is, so it must say what happened and what to do, in plain words.
 */
export class TransportError extends Error {
  override name = 'TransportError';
}

/** Sends real HTTP requests with the global `fetch`, never following redirects. */
export function http(baseUrl: string): Transport {
  const base = checkBaseUrl(baseUrl, 'http');
  return {
    name: 'http',
    baseUrl: base,
    async send(outgoing: OutgoingRequest, signal: AbortSignal): Promise<Response> {
      const init: RequestInit = {
        method: outgoing.method,
        headers: outgoing.headers,
        redirect: 'manual',
        signal,
      };
      if (outgoing.body !== undefined) init.body = outgoing.body;
      try {
        return await globalThis.fetch(outgoing.url, init);
      } catch (error) {
        // An abort is the runner's own time limit, which has already reported the check.
        if (signal.aborted) throw error;
        throw new TransportError(connectionProblem(base, outgoing, error), { cause: error });
      }
    },
  };
}

/**
 * Why `fetch` gave no response at all, from the error code Node's fetch puts in `cause` (browsers
 * only say "Failed to fetch", which lands in the last case).
 */
function connectionProblem(base: string, outgoing: OutgoingRequest, error: unknown): string {
  const request = `${outgoing.method} ${new URL(outgoing.url).pathname}`;
  const code = errorCode(error);
  if (code === 'ECONNREFUSED') {
    return `Could not connect to ${base} (${request}): nothing is listening there (connection refused). Start the server first, for example with npm run lab -- serve <lesson>, or check the address and port.`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `Could not connect to ${base} (${request}): the host name ${new URL(base).hostname} was not found (${code}). Check the address.`;
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return `The connection to ${base} broke before an answer came (${request}, ${code}): the server closed it or crashed while answering. Check the server's own output.`;
  }
  const detail =
    error instanceof Error ? `${error.message}${code === undefined ? '' : `, ${code}`}` : String(error);
  return `Could not connect to ${base} (${request}): ${detail}. Check that the server is running and reachable at that address.`;
}

function errorCode(error: unknown): string | undefined {
  for (
    let e: unknown = error, depth = 0;
    typeof e === 'object' && e !== null && depth < 4;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Builds a `Request` that keeps `Cookie`, `Origin` and `Sec-Fetch-*`. Browsers treat those as
 * forbidden request headers and silently drop them from `new Request(…, { headers })`; a Headers
 * object created on its own has no guard, so when the constructor dropped anything we swap it in.
 */
export function buildRequest(outgoing: OutgoingRequest, signal?: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of outgoing.headers) headers.append(name, value);
  const init: RequestInit = { method: outgoing.method, headers, redirect: 'manual' };
  if (outgoing.body !== undefined) init.body = outgoing.body;
  if (signal !== undefined) init.signal = signal;
  const request = new Request(outgoing.url, init);
  const dropped = outgoing.headers.some(([name]) => !request.headers.has(name));
  if (dropped) Object.defineProperty(request, 'headers', { value: headers, configurable: true });
  return request;
}

function checkBaseUrl(baseUrl: string, factory: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(
      `${factory}(…, baseUrl): "${String(baseUrl)}" is not an absolute URL; use something like http://localhost:8787`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${factory}(…, baseUrl): "${baseUrl}" must start with http:// or https://`);
  }
  // Keep an optional path prefix but never a trailing slash, so `${base}/login` is well formed.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
