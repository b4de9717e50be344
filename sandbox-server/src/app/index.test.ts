import { describe, expect, it } from 'vitest';
import { compileLeaves } from '../loader';
import { ALICE, TestBrowser } from '../testing';
import { cookieNames, createLabApp, LeafRegistrationError } from './index';

const fast = { passwordIterations: 1000 };

describe('createLabApp options', () => {
  it('fails fast with a message naming the bad option', () => {
    const bad: [unknown, RegExp][] = [
      [undefined, /options must be an object/],
      [{}, /store must be "cookie" or "server"/],
      [{ store: 'redis' }, /store must be/],
      [{ store: 'server', secure: 'yes' }, /secure must be a boolean/],
      [{ store: 'server', secret: 'short' }, /secret must be a string of at least 32/],
      [{ store: 'server', log: 'console' }, /log must be a function/],
      [
        { store: 'server', leaves: { 'routes/nope.ts': { default: () => {} } } },
        /unknown leaf "routes\/nope.ts"/,
      ],
      [{ store: 'server', leaves: { 'routes/logout.ts': {} } }, /must default-export a function/],
      [{ store: 'server', origins: 'x' }, /origins must be an array/],
    ];
    for (const [options, message] of bad) expect(() => createLabApp(options as never)).toThrow(message);
  });

  it('names cookies per store and scheme', () => {
    expect(cookieNames('cookie', false)).toEqual({ session: 'session', remember: 'remember' });
    expect(cookieNames('server', false)).toEqual({ session: 'sid', remember: 'remember' });
    expect(cookieNames('server', true)).toEqual({ session: '__Host-sid', remember: '__Host-remember' });
    expect(createLabApp({ store: 'server', secure: true }).config.cookies).toEqual({
      session: '__Host-sid',
      remember: '__Host-remember',
      secure: true,
    });
  });

  it('reports a leaf that throws while registering routes, naming the file', () => {
    const leaves = compileLeaves({
      'routes/logout.ts': 'export default function () { throw new Error("boom") }',
    });
    expect(() => createLabApp({ store: 'server', leaves })).toThrow(LeafRegistrationError);
    expect(() => createLabApp({ store: 'server', leaves })).toThrow(/routes\/logout.ts: .*boom/);
  });
});

describe('the HTTP contract', () => {
  it('serves the pages, with a CSRF token in the dashboard logout form', async () => {
    const { fetch } = createLabApp({ store: 'server', ...fast });
    const b = new TestBrowser(fetch);
    expect((await b.get('/')).status).toBe(200);
    expect(await (await b.get('/login?next=/settings')).text()).toContain('name="next" value="/settings"');
    expect((await b.get('/dashboard')).headers.get('Location')).toBe('/login?next=%2Fdashboard');
    const failed = await b.login({ username: 'alice', password: 'nope' });
    expect(failed.status).toBe(401);
    expect(await failed.text()).toContain('Wrong username or password.');
    await b.login();
    const dash = await b.get('/dashboard');
    expect(dash.headers.get('Cache-Control')).toBe('no-store');
    const token = /name="csrf_token" value="([^"]+)"/.exec(await dash.text())?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await b.get('/login')).status).toBe(303);
    expect((await b.post('/logout', { form: { csrf_token: 'wrong' } })).status).toBe(403);
    expect((await b.post('/logout', { form: { csrf_token: token! } })).status).toBe(303);
    expect((await b.get('/me')).status).toBe(401);
  });

  it('redirects login to a safe next only', async () => {
    const { fetch } = createLabApp({ store: 'cookie', ...fast });
    const b = new TestBrowser(fetch);
    expect((await b.post('/login', { form: { ...ALICE, next: '/settings' } })).headers.get('Location')).toBe(
      '/settings',
    );
    expect(
      (await b.post('/login', { form: { ...ALICE, next: '//evil.example' } })).headers.get('Location'),
    ).toBe('/dashboard');
  });

  it('rejects cross-site form posts (403) and leaves the session alone', async () => {
    const { fetch } = createLabApp({ store: 'server', ...fast });
    const b = new TestBrowser(fetch);
    await b.login();
    const evil = await b.post('/logout', {
      form: {},
      headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(evil.status).toBe(403);
    expect(evil.cookies).toEqual([]);
    const bare = await b.post('/logout', { headers: { Origin: 'null' } });
    expect(bare.status).toBe(403);
    expect((await b.get('/me')).status).toBe(200);
    expect((await b.get('/logout')).status).toBe(404);
  });

  it('trusts extra origins when told to', async () => {
    const { fetch } = createLabApp({ store: 'server', origins: ['https://course.example'], ...fast });
    const b = new TestBrowser(fetch);
    const res = await b.post('/prefs', {
      form: { theme: 'dark' },
      headers: { Origin: 'https://course.example' },
    });
    expect(res.status).toBe(303);
  });

  it('runs the token API: login, me, logout, refresh', async () => {
    const { fetch } = createLabApp({ store: 'server', ...fast });
    const b = new TestBrowser(fetch);
    const login = await b.post('/api/login', { json: ALICE });
    expect(login.headers.get('Cache-Control')).toBe('no-store');
    const { access_token, refresh_token } = (await login.json()) as Record<string, string>;
    const auth = { Authorization: `Bearer ${access_token}` };
    expect(await (await b.get('/api/me', { headers: auth })).json()).toEqual({
      user: { id: '1', username: 'alice', name: 'Alice Liddell' },
    });
    expect((await b.post('/api/login', { json: { username: 'alice', password: 'x' } })).status).toBe(401);
    expect((await b.post('/api/logout', { json: { refresh_token }, headers: auth })).status).toBe(200);
    expect((await b.get('/api/me', { headers: auth })).status).toBe(401);
    expect((await b.post('/api/refresh', { json: { refresh_token } })).status).toBe(400);
  });
});

describe('hostile input never crashes the app', () => {
  const { fetch } = createLabApp({ store: 'server', ...fast });
  const cookie = createLabApp({ store: 'cookie', ...fast });

  it('answers garbage and huge cookies, malformed bodies and tokens without a 5xx', async () => {
    const requests: Request[] = [];
    const base = 'http://localhost';
    const same = { Origin: base, 'Sec-Fetch-Site': 'same-origin' };
    for (const value of [
      'sid=xyz',
      'sid=',
      `sid=${'A'.repeat(8000)}`,
      'sid=%E0%A4%A',
      'sid="quoted"',
      'session=a.b.c; remember=%%%',
      `remember=${'x'.repeat(5000)}`,
      ';;;==;',
      'sid=\u00e9',
    ]) {
      for (const path of ['/me', '/prefs', '/', '/dashboard', '/settings'])
        requests.push(new Request(base + path, { headers: { Cookie: value } }));
      requests.push(new Request(`${base}/logout`, { method: 'POST', headers: { Cookie: value, ...same } }));
    }
    for (const auth of [
      'Bearer',
      'Bearer x.y.z',
      'Bearer ....',
      `Bearer ${'a'.repeat(10_000)}`,
      'Bearer eyJhbGciOiJub25lIn0.e30.',
      'Basic YTpi',
    ]) {
      requests.push(new Request(`${base}/api/me`, { headers: { Authorization: auth } }));
      requests.push(
        new Request(`${base}/api/logout`, {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/json' },
          body: '{"refresh_token":42}',
        }),
      );
    }
    for (const body of ['{', 'null', '[]', '{"refresh_token":{"$ne":1}}', 'x'.repeat(100_000)]) {
      requests.push(
        new Request(`${base}/api/refresh`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
        }),
      );
      requests.push(
        new Request(`${base}/api/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
        }),
      );
      requests.push(
        new Request(`${base}/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...same },
          body,
        }),
      );
      requests.push(
        new Request(`${base}/prefs`, {
          method: 'POST',
          headers: { 'Content-Type': 'multipart/form-data; boundary=x', ...same },
          body,
        }),
      );
    }
    requests.push(
      new Request(`${base}/no/such/route`),
      new Request(`${base}/%`),
      new Request(`${base}/me`, { method: 'DELETE', headers: same }),
    );
    for (const request of requests) {
      for (const f of [fetch, cookie.fetch]) {
        const res = await f(request.clone());
        expect(res.status, `${request.method} ${request.url}`).toBeLessThan(500);
      }
    }
  });

  it('turns a learner handler that throws into a logged 500, and keeps serving', async () => {
    const logs: string[] = [];
    const leaves = compileLeaves({
      'routes/logout.ts': `export default function (app) {
        app.post('/logout', (c) => { const s = undefined; return s.pop('userId') })
        app.post('/logout-noreturn', (c) => { c.get('session').pop('userId') })
      }`,
    });
    const lab = createLabApp({ store: 'server', leaves, log: (l) => logs.push(l), ...fast });
    const b = new TestBrowser(lab.fetch);
    const res = await b.post('/logout');
    expect(res.status).toBe(500);
    expect(logs.some((l) => l.startsWith('error: POST /logout failed: TypeError'))).toBe(true);
    const noReturn = await b.post('/logout-noreturn');
    expect(noReturn.status).toBe(500);
    expect(logs.some((l) => l.includes('forget to `return`'))).toBe(true);
    expect((await b.get('/prefs')).status).toBe(200);
  });

  it.each([
    ['a string', `throw 'oops'`, /threw the string "oops", which is not an Error/],
    ['undefined', 'throw undefined', /threw undefined, which is not an Error/],
    ['a plain object', 'throw { code: 42 }', /threw an object \{"code":42\}, which is not an Error/],
  ])(
    'turns a handler that throws %s (not an Error) into a logged 500 as well',
    async (_what, statement, line) => {
      const logs: string[] = [];
      const leaves = compileLeaves({
        'routes/logout.ts': `export default function (app) { app.post('/logout', () => { ${statement} }) }`,
      });
      const lab = createLabApp({ store: 'server', leaves, log: (l) => logs.push(l), ...fast });
      const res = await new TestBrowser(lab.fetch).post('/logout');
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('Internal Server Error');
      expect(logs.filter((l) => l.startsWith('error: POST /logout failed: '))).toEqual([
        expect.stringMatching(line),
      ]);
    },
  );

  it('survives a throwing logger', async () => {
    const lab = createLabApp({
      store: 'server',
      log: () => {
        throw new Error('logger down');
      },
      ...fast,
    });
    const b = new TestBrowser(lab.fetch);
    expect((await b.login()).status).toBe(303);
  });
});

describe('response headers', () => {
  it('adds nosniff to every response, including errors and 404s', async () => {
    const { fetch } = createLabApp({ store: 'cookie', ...fast });
    for (const path of ['/', '/me', '/nope']) {
      expect(
        (await fetch(new Request(`http://localhost${path}`))).headers.get('X-Content-Type-Options'),
      ).toBe('nosniff');
    }
  });
});
