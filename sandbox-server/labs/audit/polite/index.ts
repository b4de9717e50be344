/**
 * The audit's manners on a real app: one request at a time, a short pause between requests, a cap
 * on how many it sends, and a back-off when the app answers 429 Too Many Requests. It wraps the
 * checks' `http` transport (which never follows redirects) and adds the profile's extra headers.
 */
import { TransportError, http } from '../../../checks/transport';
import type { OutgoingRequest, Transport } from '../../../checks/types';

export interface PoliteOptions {
  /** Pause before each request after the first, in ms (default 5: a full audit stays within seconds). */
  delayMs?: number;
  /** The most requests one audit may send (default 600). */
  maxRequests?: number;
  /** How often a 429 is retried, each time waiting Retry-After (capped) or twice as long (default 3). */
  retries429?: number;
  /** Longest wait for one 429 retry, in ms (default 5000). */
  maxBackoffMs?: number;
  /** Sent with every request. */
  headers?: Record<string, string>;
  /** Waits; tests replace it. */
  sleep?: (ms: number) => Promise<void>;
  /** The transport to wrap (default: real HTTP to the base URL). */
  inner?: Transport;
  /** Sees every answer's headers (the stack guess reads cookies and Server from them). */
  observe?: (response: Response) => void;
}

export interface PoliteTransport extends Transport {
  /** Requests sent so far, 429 retries included. */
  readonly count: number;
}

export const DEFAULT_DELAY_MS = 5;
export const DEFAULT_MAX_REQUESTS = 600;

const sleeper = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After in ms: seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function polite(baseUrl: string, options: PoliteOptions = {}): PoliteTransport {
  const inner = options.inner ?? http(baseUrl);
  const delayMs = options.delayMs ?? DEFAULT_DELAY_MS;
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const retries = options.retries429 ?? 3;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  const sleep = options.sleep ?? sleeper;
  const extra = Object.entries(options.headers ?? {}).map(
    ([name, value]) => [name.toLowerCase(), value] as [string, string],
  );
  let count = 0;
  // One at a time: each request waits for the one before it to be answered.
  let queue: Promise<unknown> = Promise.resolve();

  const sendOne = async (outgoing: OutgoingRequest, signal: AbortSignal): Promise<Response> => {
    const request = { ...outgoing, headers: [...outgoing.headers, ...extra] };
    let backoff = 500;
    for (let attempt = 0; ; attempt++) {
      if (count >= maxRequests)
        throw new TransportError(
          `The audit stopped at its cap of ${maxRequests} requests (before ${outgoing.method} ${new URL(outgoing.url).pathname}), so it could not finish this check. Pass --max-requests to allow more.`,
        );
      if (count > 0 && delayMs > 0) await sleep(delayMs);
      count++;
      const response = await inner.send(request, signal);
      options.observe?.(response);
      if (response.status !== 429 || attempt >= retries) return response;
      await response.body?.cancel();
      const wait = Math.min(retryAfter(response) ?? backoff, maxBackoffMs);
      backoff *= 2;
      await sleep(wait);
    }
  };

  return {
    name: 'http',
    baseUrl: inner.baseUrl,
    get count() {
      return count;
    },
    send(outgoing, signal) {
      const result = queue.then(() => sendOne(outgoing, signal));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
