import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { runChecks } from '../runner';
import { buildRequest, http, inProcess, TransportError } from '.';

const echo = new Hono();
echo.get('/go', (c) => c.redirect('/elsewhere', 303));
echo.all('*', async (c) =>
  c.json({
    method: c.req.method,
    url: c.req.url,
    cookie: c.req.header('cookie') ?? null,
    origin: c.req.header('origin') ?? null,
    body: await c.req.text(),
  }),
);

const signal = new AbortController().signal;

describe('inProcess', () => {
  it('passes method, URL, forbidden-in-browsers headers and body to the function', async () => {
    const transport = inProcess(echo.fetch, 'http://localhost:8787/');
    expect(transport.baseUrl).toBe('http://localhost:8787');
    const res = await transport.send(
      {
        method: 'POST',
        url: 'http://localhost:8787/x',
        headers: [
          ['cookie', 'sid=1'],
          ['origin', 'http://localhost:8787'],
        ],
        body: 'a=1',
      },
      signal,
    );
    expect(await res.json()).toEqual({
      method: 'POST',
      url: 'http://localhost:8787/x',
      cookie: 'sid=1',
      origin: 'http://localhost:8787',
      body: 'a=1',
    });
  });

  it('fails fast on bad options', () => {
    expect(() => inProcess(undefined as never, 'http://localhost')).toThrow(
      /fetch must be a function such as app.fetch/,
    );
    expect(() => inProcess(echo.fetch, '/relative')).toThrow(
      /"\/relative" is not an absolute URL; use something like http:\/\/localhost:8787/,
    );
    expect(() => inProcess(echo.fetch, 'localhost:8787')).toThrow(
      /"localhost:8787" must start with http:\/\/ or https:\/\//,
    );
    expect(() => http('ftp://x')).toThrow(/must start with http:\/\/ or https:\/\//);
  });

  it('keeps headers even when the Request constructor drops them (browser guard)', () => {
    const request = buildRequest({ method: 'GET', url: 'http://localhost/', headers: [['cookie', 'a=1']] });
    expect(request.headers.get('cookie')).toBe('a=1');
    expect(request.redirect).toBe('manual');
  });
});

describe('http', () => {
  let server: ReturnType<typeof serve>;
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: echo.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(() => {
    server.close();
  });

  it('sends cookies and Origin over a real socket and never follows redirects', async () => {
    const transport = http(base);
    const res = await transport.send(
      { method: 'GET', url: `${base}/go`, headers: [['cookie', 'sid=2']] },
      signal,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/elsewhere');
    const echoed = await transport.send(
      {
        method: 'POST',
        url: `${base}/x`,
        headers: [
          ['cookie', 'sid=2'],
          ['origin', base],
        ],
        body: 'b=2',
      },
      signal,
    );
    expect(await echoed.json()).toMatchObject({ cookie: 'sid=2', origin: base, body: 'b=2' });
  });
});

describe('http with nothing listening', () => {
  /** A loopback port that was free a moment ago (listen on 0, read the port, close). */
  const freePort = () =>
    new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        const port = typeof address === 'object' && address !== null ? address.port : 0;
        probe.close(() => resolve(port));
      });
    });

  it('rejects with a TransportError that says it could not connect to the base URL', async () => {
    const base = `http://127.0.0.1:${await freePort()}`;
    const error = await http(base)
      .send({ method: 'POST', url: `${base}/login`, headers: [] }, signal)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toBe(
      `Could not connect to ${base} (POST /login): nothing is listening there (connection refused). Start the server first, for example with npm run lab -- serve <lesson>, or check the address and port.`,
    );
  });

  it('makes each check an error naming the address, not "the server threw"', async () => {
    const base = `http://127.0.0.1:${await freePort()}`;
    const results = await runChecks({ transport: http(base), ids: ['LO-01', 'LO-19'] });
    expect(results.map((r) => r.status)).toEqual(['error', 'error']);
    expect(results[0]?.message).toMatch(
      new RegExp(
        `^Could not connect to ${base.replaceAll('.', '\\.')} \\(POST /login\\): nothing is listening there`,
      ),
    );
    expect(results[1]?.message).toMatch(/^Could not connect to .* \(POST \/api\/login\)/);
    for (const r of results) expect(r.message).not.toMatch(/threw/);
  });
});
