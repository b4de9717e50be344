import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest, http, inProcess } from '.';

const echo = new Hono();
echo.get('/go', (c) => c.redirect('/elsewhere', 303));
echo.all('*', async (c) =>
  c.json({ method: c.req.method, url: c.req.url, cookie: c.req.header('cookie') ?? null, origin: c.req.header('origin') ?? null, body: await c.req.text() }),
);

const signal = new AbortController().signal;

describe('inProcess', () => {
  it('passes method, URL, forbidden-in-browsers headers and body to the function', async () => {
    const transport = inProcess(echo.fetch, 'http://localhost:8787/');
    expect(transport.baseUrl).toBe('http://localhost:8787');
    const res = await transport.send(
      { method: 'POST', url: 'http://localhost:8787/x', headers: [['cookie', 'sid=1'], ['origin', 'http://localhost:8787']], body: 'a=1' },
      signal,
    );
    expect(await res.json()).toEqual({ method: 'POST', url: 'http://localhost:8787/x', cookie: 'sid=1', origin: 'http://localhost:8787', body: 'a=1' });
  });

  it('fails fast on bad options', () => {
    expect(() => inProcess(undefined as never, 'http://localhost')).toThrow(/fetch must be a function such as app.fetch/);
    expect(() => inProcess(echo.fetch, '/relative')).toThrow(/"\/relative" is not an absolute URL; use something like http:\/\/localhost:8787/);
    expect(() => inProcess(echo.fetch, 'localhost:8787')).toThrow(/"localhost:8787" must start with http:\/\/ or https:\/\//);
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
    const res = await transport.send({ method: 'GET', url: `${base}/go`, headers: [['cookie', 'sid=2']] }, signal);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/elsewhere');
    const echoed = await transport.send({ method: 'POST', url: `${base}/x`, headers: [['cookie', 'sid=2'], ['origin', base]], body: 'b=2' }, signal);
    expect(await echoed.json()).toMatchObject({ cookie: 'sid=2', origin: base, body: 'b=2' });
  });
});
