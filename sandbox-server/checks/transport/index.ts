import type { OutgoingRequest, Transport } from '../types';

/** The shape of `app.fetch` (Hono) or any function that answers a web `Request`. */
export type FetchLike = (request: Request) => Response | Promise<Response>;

/**
 * Calls a server function directly with `new Request`, without a network. Used in tests, in the
 * browser Worker (the learner's app lives in the same thread) and by the CLI.
 */
export function inProcess(fetch: FetchLike, baseUrl: string): Transport {
  if (typeof fetch !== 'function') throw new TypeError('inProcess(fetch, baseUrl): fetch must be a function such as app.fetch');
  const base = checkBaseUrl(baseUrl, 'inProcess');
  return {
    name: 'in-process',
    baseUrl: base,
    async send(outgoing: OutgoingRequest, signal: AbortSignal): Promise<Response> {
      return await fetch(buildRequest(outgoing, signal));
    },
  };
}

/** Sends real HTTP requests with the global `fetch`, never following redirects. */
export function http(baseUrl: string): Transport {
  const base = checkBaseUrl(baseUrl, 'http');
  return {
    name: 'http',
    baseUrl: base,
    async send(outgoing: OutgoingRequest, signal: AbortSignal): Promise<Response> {
      const init: RequestInit = { method: outgoing.method, headers: outgoing.headers, redirect: 'manual', signal };
      if (outgoing.body !== undefined) init.body = outgoing.body;
      return await globalThis.fetch(outgoing.url, init);
    },
  };
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
    throw new TypeError(`${factory}(…, baseUrl): "${String(baseUrl)}" is not an absolute URL; use something like http://localhost:8787`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${factory}(…, baseUrl): "${baseUrl}" must start with http:// or https://`);
  }
  // Keep an optional path prefix but never a trailing slash, so `${base}/login` is well formed.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
