import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { capLogs, resolveConfig, runChecks, UnknownCheckError } from '.';
import { createReferenceApp } from '../testing/reference-app';
import { FIRST_CHECK, LAST_CHECK } from '../catalog';
import { inProcess } from '../transport';

const base = 'http://localhost';

describe('runChecks', () => {
  it('returns results in catalog order, once per id, whatever order they were asked in', async () => {
    const results = await runChecks({
      transport: inProcess(createReferenceApp().fetch, base),
      ids: ['LO-12', 'LO-03', 'LO-12', 'LO-01'],
    });
    expect(results.map((r) => r.id)).toEqual(['LO-01', 'LO-03', 'LO-12']);
    for (const r of results) {
      expect(Object.keys(r).sort()).toEqual([
        'hint',
        'id',
        'logs',
        'message',
        'serverLog',
        'status',
        'title',
        'trace',
      ]);
      expect(r.trace).toEqual([]);
    }
  });

  it('names an unknown id and the valid range', async () => {
    const run = runChecks({ transport: inProcess(createReferenceApp().fetch, base), ids: ['LO-99'] });
    await expect(run).rejects.toThrow(UnknownCheckError);
    await expect(run).rejects.toThrow(
      `Unknown check "LO-99": check ids run from ${FIRST_CHECK} to ${LAST_CHECK} and from AU-01 to AU-02.`,
    );
  });

  it('fails fast on a missing transport or a bad time limit', async () => {
    await expect(runChecks({} as never)).rejects.toThrow(
      /pass a transport, for example inProcess\(app\.fetch/,
    );
    await expect(
      runChecks({ transport: inProcess(createReferenceApp().fetch, base), timeoutMs: 0 }),
    ).rejects.toThrow('runChecks: timeoutMs must be a positive number, got 0');
  });

  it('turns a server that never answers into an error naming the time limit and the request', async () => {
    const started = Date.now();
    const [result] = await runChecks({
      transport: inProcess(createReferenceApp(['hang-me']).fetch, base),
      ids: ['LO-04'],
      timeoutMs: 150,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result?.status).toBe('error');
    expect(result?.message).toMatch(
      /^Timed out after 150 ms waiting for confirm the new session works \(GET \/me\)\./,
    );
    expect(result?.trace.at(-1)).toMatchObject({
      label: 'confirm the new session works',
      request: { method: 'GET', url: `${base}/me` },
    });
    expect(result?.trace.at(-1)?.response).toBeUndefined();
  });

  it('reports a 500 from a throwing handler as a failure with the status, not as an error', async () => {
    const [result] = await runChecks({
      transport: inProcess(createReferenceApp(['throw-me']).fetch, base),
      ids: ['LO-05'],
    });
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(/GET \/me did not recognise the session/);
    expect(result?.message).toMatch(/500 \(a server error: "Internal Server Error"\)/);
  });

  it('turns an exception escaping the server into an error, never a pass', async () => {
    const transport = inProcess(() => {
      throw new RangeError('boom');
    }, base);
    const results = await runChecks({ transport, ids: ['LO-01', 'LO-16'] });
    for (const r of results) {
      expect(r.status).toBe('error');
      expect(r.message).toMatch(
        /^The server threw instead of answering log in as alice \(POST \/login\): RangeError: boom\./,
      );
      expect(r.trace[0]?.error).toBe('RangeError: boom');
    }
  });

  it('records the failing trace with request cookies and response Set-Cookie', async () => {
    const [result] = await runChecks({
      transport: inProcess(createReferenceApp(['no-server-invalidation']).fetch, base),
      ids: ['LO-04'],
    });
    expect(result?.status).toBe('fail');
    const labels = result?.trace.map((t) => `${t.request.method} ${new URL(t.request.url).pathname}`);
    expect(labels).toEqual(['POST /login', 'GET /me', 'POST /logout', 'GET /me']);
    const [loginStep, , logoutStep, replay] = result?.trace ?? [];
    expect(loginStep?.request.headers).toMatchObject({
      origin: base,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(loginStep?.request.body).toContain('username=alice');
    expect(loginStep?.response?.setCookie[0]).toMatch(/^sid=/);
    expect(logoutStep?.request.headers.cookie).toMatch(/^sid=/);
    expect(replay?.response?.status).toBe(200);
    expect(replay?.response?.body).toContain('alice');
  });

  it('never lets the advisory check fail', async () => {
    const [result] = await runChecks({
      transport: inProcess(createReferenceApp(['csd-unquoted']).fetch, base),
      ids: ['LO-16'],
    });
    expect(result?.status).toBe('advisory');
    expect(result?.trace.length).toBeGreaterThan(0);
  });

  it('captures the learner’s log lines per check, capped at 500 characters', async () => {
    const lines: string[] = [];
    const app = new Hono();
    app.use(async (c, next) => {
      lines.push(`${c.req.method} ${c.req.path}`);
      if (c.req.method === 'POST' && c.req.path === '/logout') lines.push('x'.repeat(600));
      await next();
    });
    app.route('/', createReferenceApp());
    const results = await runChecks({
      transport: inProcess(app.fetch, base),
      ids: ['LO-01', 'LO-04'],
      getLogs: () => lines,
    });
    expect(results[0]?.logs).toBe('POST /login\nGET /me\nGET /logout\nGET /me');
    expect(results[1]?.logs.length).toBeLessThanOrEqual(500);
    expect(results[1]?.logs).toMatch(
      /^POST \/login\nGET \/me\nPOST \/logout\nx+\n… \(\d+ more characters cut\)$/,
    );
  });

  it('keeps the learner’s console output (logs) apart from the server’s own log (serverLog)', async () => {
    const learner: string[] = [];
    const server: string[] = [];
    const app = new Hono();
    app.use(async (c, next) => {
      server.push(`session: ${c.req.method} ${c.req.path}`);
      if (c.req.path === '/logout') learner.push('my logout ran');
      await next();
    });
    app.route('/', createReferenceApp());
    const [noisy, quiet] = await runChecks({
      transport: inProcess(app.fetch, base),
      ids: ['LO-12', 'LO-05'],
      getLogs: () => learner,
      getServerLog: () => server,
    });
    expect(noisy?.id).toBe('LO-05');
    expect(quiet?.logs).toBe('');
    expect(quiet?.serverLog).toBe('session: POST /login');
    expect(noisy?.logs).toBe('my logout ran');
    expect(noisy?.serverLog).toMatch(/^session: POST \/login\n.*session: POST \/logout/s);
    const [bare] = await runChecks({ transport: inProcess(app.fetch, base), ids: ['LO-12'] });
    expect(bare).toMatchObject({ logs: '', serverLog: '' });
  });

  it('accepts logs as one growing string, and survives a throwing getLogs', async () => {
    let text = '';
    const app = new Hono();
    app.use(async (c, next) => {
      text += `${c.req.path};`;
      await next();
    });
    app.route('/', createReferenceApp());
    const [result] = await runChecks({
      transport: inProcess(app.fetch, base),
      ids: ['LO-12'],
      getLogs: () => text,
    });
    expect(result?.logs).toBe('/login;');
    const [quiet] = await runChecks({
      transport: inProcess(createReferenceApp().fetch, base),
      ids: ['LO-12'],
      getLogs: () => {
        throw new Error('no logs');
      },
    });
    expect(quiet?.status).toBe('pass');
    expect(quiet?.logs).toBe('');
  });
});

describe('capLogs', () => {
  it('leaves short output alone and cuts long output to the limit with a note', () => {
    expect(capLogs('hello')).toBe('hello');
    const capped = capLogs('y'.repeat(10_000));
    expect(capped.length).toBeLessThanOrEqual(500);
    expect(capped).toMatch(/\n… \(\d+ more characters cut\)$/);
    expect(capLogs('z'.repeat(60), 50).length).toBeLessThanOrEqual(50);
  });
});

describe('resolveConfig', () => {
  const transport = inProcess(createReferenceApp().fetch, 'https://lab.example');
  it('defaults to the server store names and derives Secure from the scheme', () => {
    expect(resolveConfig(transport)).toMatchObject({
      sessionCookie: 'sid',
      rememberCookie: 'remember',
      secure: true,
      maxAccessTokenLifetime: 900,
    });
    expect(resolveConfig(inProcess(createReferenceApp().fetch, base)).secure).toBe(false);
  });
  it('rejects nonsense', () => {
    expect(() => resolveConfig(transport, { sessionCookie: 'bad name' })).toThrow(
      'runChecks: config.sessionCookie must be a cookie name such as "sid", got "bad name"',
    );
    expect(() => resolveConfig(transport, { maxAccessTokenLifetime: -1 })).toThrow(
      /positive number of seconds/,
    );
  });
});
