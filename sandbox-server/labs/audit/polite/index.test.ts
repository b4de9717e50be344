import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../checks/transport';
import type { OutgoingRequest, Transport } from '../../../checks/types';
import { polite } from '.';

const request = (path: string): OutgoingRequest => ({
  method: 'GET',
  url: `http://127.0.0.1:1${path}`,
  headers: [],
});

/** A fake app that records when each request starts and ends. */
function fakeApp(answer: (n: number) => Response, log: string[]): Transport {
  let n = 0;
  return {
    name: 'fake',
    baseUrl: 'http://127.0.0.1:1',
    async send(outgoing) {
      const mine = ++n;
      log.push(`start ${mine} ${new URL(outgoing.url).pathname} ${JSON.stringify(outgoing.headers)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${mine}`);
      return answer(mine);
    },
  };
}

describe('polite transport', () => {
  it('sends one request at a time, pauses between them and adds the extra headers', async () => {
    const log: string[] = [];
    const sleeps: number[] = [];
    const transport = polite('http://127.0.0.1:1', {
      inner: fakeApp(() => new Response('ok'), log),
      delayMs: 7,
      headers: { 'X-Audit': 'yes' },
      sleep: async (ms) => void sleeps.push(ms),
    });
    const signal = new AbortController().signal;
    await Promise.all([transport.send(request('/a'), signal), transport.send(request('/b'), signal)]);
    expect(log).toEqual([
      'start 1 /a [["x-audit","yes"]]',
      'end 1',
      'start 2 /b [["x-audit","yes"]]',
      'end 2',
    ]);
    expect(sleeps).toEqual([7]);
    expect(transport.count).toBe(2);
  });

  it('backs off on 429, honouring Retry-After (capped), then gives the app’s answer', async () => {
    const log: string[] = [];
    const sleeps: number[] = [];
    const answers = [
      new Response('slow down', { status: 429, headers: { 'retry-after': '2' } }),
      new Response('slow down', { status: 429, headers: { 'retry-after': '60' } }),
      new Response('slow down', { status: 429 }),
      new Response('fine'),
    ];
    const transport = polite('http://127.0.0.1:1', {
      inner: fakeApp((n) => answers[n - 1] ?? new Response('?'), log),
      delayMs: 0,
      maxBackoffMs: 5000,
      sleep: async (ms) => void sleeps.push(ms),
    });
    const response = await transport.send(request('/x'), new AbortController().signal);
    expect(await response.text()).toBe('fine');
    expect(sleeps).toEqual([2000, 5000, 2000]);
    expect(transport.count).toBe(4);
  });

  it('stops at the request cap with a message that says how to raise it', async () => {
    const transport = polite('http://127.0.0.1:1', {
      inner: fakeApp(() => new Response('ok'), []),
      delayMs: 0,
      maxRequests: 1,
    });
    const signal = new AbortController().signal;
    await transport.send(request('/a'), signal);
    const error = await transport.send(request('/login'), signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toBe(
      'The audit stopped at its cap of 1 requests (before GET /login), so it could not finish this check. Pass --max-requests to allow more.',
    );
  });
});
