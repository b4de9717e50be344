import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { base64UrlDecode } from '../crypto';
import { TestBrowser } from '../testing';
import {
  CookieSessionStore,
  ServerSessionStore,
  sessionMiddleware,
  type SessionStore,
  type SessionVariables,
} from './index';

const SECRET = 'test-secret-test-secret-test-secret';

/** A bare app with the session middleware and a few routes that drive the session API. */
function harness(
  store: SessionStore,
  cookieName = store.kind === 'server' ? 'sid' : 'session',
  secure = false,
) {
  const logs: string[] = [];
  const app = new Hono<{ Variables: SessionVariables }>();
  app.use('*', sessionMiddleware({ store, cookieName, secure, log: (l) => logs.push(l) }));
  app.get('/read', (c) =>
    c.json({
      data: Object.fromEntries(
        c
          .get('session')
          .keys()
          .map((k) => [k, c.get('session').get(k)]),
      ),
      id: c.get('session').id ?? null,
    }),
  );
  app.post('/set', async (c) => {
    const body = await c.req.parseBody();
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') c.get('session').set(k, v);
    return c.text('ok');
  });
  app.post('/pop', (c) => c.json({ popped: c.get('session').pop('userId') ?? null }));
  app.post('/clear', (c) => {
    c.get('session').clear();
    return c.text('ok');
  });
  app.post('/regenerate', (c) => {
    c.get('session').regenerate();
    return c.text('ok');
  });
  app.post('/destroy', (c) => {
    c.get('session').destroy();
    return c.text('ok');
  });
  app.post('/destroy-then-set', (c) => {
    c.get('session').destroy();
    c.get('session').set('theme', 'dark');
    return c.text('ok');
  });
  return { app, logs, browser: () => new TestBrowser(app.fetch) };
}

describe('cookie store (Flask-like signed cookie)', () => {
  it('stores the data in a readable, signed cookie with HttpOnly, SameSite=Lax and Path=/', async () => {
    const { browser } = harness(new CookieSessionStore({ secret: SECRET }));
    const b = browser();
    const res = await b.post('/set', { form: { theme: 'dark' } });
    const [cookie] = res.cookies;
    expect(cookie?.name).toBe('session');
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Lax', secure: false });
    const payload = base64UrlDecode(cookie!.value.split('.')[0]!);
    expect(JSON.parse(new TextDecoder().decode(payload!))).toEqual({ theme: 'dark' });
    expect(await (await b.get('/read')).json()).toEqual({ data: { theme: 'dark' }, id: null });
  });

  it('rejects a tampered cookie: the payload changes, the signature no longer matches', async () => {
    const { browser, logs } = harness(new CookieSessionStore({ secret: SECRET }));
    const b = browser();
    await b.post('/set', { form: { userId: '2' } });
    const [payload, issued, sig] = b.jar.get('session')!.split('.');
    const forged = btoa(JSON.stringify({ userId: '1' })).replace(/=+$/, '');
    for (const value of [
      `${forged}.${issued}.${sig}`,
      `${payload}.${issued}.${sig}x`,
      `${payload}.${Number(issued) + 1}.${sig}`,
    ]) {
      const res = await b.get('/read', { cookie: `session=${value}` });
      expect((await res.json()).data).toEqual({});
    }
    expect(logs.some((l) => l.includes('cookie rejected'))).toBe(true);
  });

  it('is replayable by design: a copy taken before pop() still carries the user', async () => {
    const { browser } = harness(new CookieSessionStore({ secret: SECRET }));
    const b = browser();
    await b.post('/set', { form: { userId: '1', theme: 'dark' } });
    const copy = b.jar.get('session')!;
    await b.post('/pop');
    expect((await (await b.get('/read')).json()).data).toEqual({ theme: 'dark' });
    const replay = await b.get('/read', { cookie: `session=${copy}` });
    expect((await replay.json()).data).toEqual({ userId: '1', theme: 'dark' });
  });

  it('expires signatures older than maxAge', async () => {
    let now = Date.now();
    const { browser } = harness(
      new CookieSessionStore({ secret: SECRET, maxAgeSeconds: 60, now: () => now }),
    );
    const b = browser();
    await b.post('/set', { form: { userId: '1' } });
    now += 61_000;
    expect((await (await b.get('/read')).json()).data).toEqual({});
  });

  it('sends no Set-Cookie for an unchanged session, a deletion for an emptied one', async () => {
    const { browser } = harness(new CookieSessionStore({ secret: SECRET }));
    const b = browser();
    await b.post('/set', { form: { theme: 'dark' } });
    expect((await b.get('/read')).cookies).toEqual([]);
    const cleared = await b.post('/clear');
    expect(cleared.cookies[0]).toMatchObject({ name: 'session', value: '', maxAge: 0, path: '/' });
  });

  it('destroy() leaves the browser cookie alone (deleting it is the caller’s job)', async () => {
    const { browser } = harness(new CookieSessionStore({ secret: SECRET }));
    const b = browser();
    await b.post('/set', { form: { userId: '1' } });
    expect((await b.post('/destroy')).cookies).toEqual([]);
  });

  it('ignores garbage and oversized cookies without failing', async () => {
    const { browser } = harness(new CookieSessionStore({ secret: SECRET }));
    const b = browser();
    for (const value of ['', 'x', 'a.b.c', '%E0%A4%A', '....', 'é', 'A'.repeat(10_000), '{"userId":"1"}']) {
      const res = await b.get('/read', { cookie: `session=${value}` });
      expect(res.status).toBe(200);
      expect((await res.json()).data).toEqual({});
    }
  });

  it('refuses a short secret', () => {
    expect(() => new CookieSessionStore({ secret: 'short' })).toThrow(/secret/);
  });
});

describe('server store (strict, random ids)', () => {
  it('issues 128-bit random ids (22 base64url characters), all different', () => {
    const store = new ServerSessionStore();
    const ids = new Set(Array.from({ length: 200 }, () => store.newId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('never adopts an id it did not issue', async () => {
    const store = new ServerSessionStore();
    const { browser, logs } = harness(store);
    const b = browser();
    const planted = 'AAAAAAAAAAAAAAAAAAAAAA';
    const res = await b.post('/set', { form: { userId: '1' }, cookie: `sid=${planted}` });
    expect(res.cookies[0]?.value).not.toBe(planted);
    expect(store.get(planted)).toBeUndefined();
    expect(logs.some((l) => l.includes('unknown or expired session id'))).toBe(true);
  });

  it('kills a copied cookie once the record is destroyed (no replay)', async () => {
    const store = new ServerSessionStore();
    const { browser } = harness(store);
    const b = browser();
    await b.post('/set', { form: { userId: '1' } });
    const copy = b.jar.get('sid')!;
    const res = await b.post('/destroy');
    expect(res.cookies).toEqual([]); // destroy() does not touch the cookie
    expect((await (await b.get('/read', { cookie: `sid=${copy}` })).json()).data).toEqual({});
    expect(store.size).toBe(0);
  });

  it('regenerate() moves the data to a new id and deletes the old record at once', async () => {
    const store = new ServerSessionStore();
    const { browser } = harness(store);
    const b = browser();
    await b.post('/set', { form: { theme: 'dark' } });
    const before = b.jar.get('sid')!;
    await b.post('/regenerate');
    const after = b.jar.get('sid')!;
    expect(after).not.toBe(before);
    expect(store.get(before)).toBeUndefined();
    expect(store.get(after)).toEqual({ theme: 'dark' });
  });

  it('writing after destroy() starts a new session with a new id', async () => {
    const store = new ServerSessionStore();
    const { browser } = harness(store);
    const b = browser();
    await b.post('/set', { form: { userId: '1', theme: 'light' } });
    const before = b.jar.get('sid')!;
    const res = await b.post('/destroy-then-set');
    expect(res.cookies[0]?.value).not.toBe(before);
    expect(store.get(before)).toBeUndefined();
    expect(store.get(res.cookies[0]!.value)).toEqual({ theme: 'dark' });
  });

  it('an emptied session deletes its record and its cookie', async () => {
    const store = new ServerSessionStore();
    const { browser } = harness(store);
    const b = browser();
    await b.post('/set', { form: { userId: '1' } });
    const res = await b.post('/clear');
    expect(res.cookies[0]).toMatchObject({ name: 'sid', value: '', maxAge: 0, path: '/' });
    expect(store.size).toBe(0);
  });

  it('keeps a per-user index for logging out every device', async () => {
    const store = new ServerSessionStore();
    const { browser } = harness(store);
    const [a, b, other] = [browser(), browser(), browser()];
    await a.post('/set', { form: { userId: '1' } });
    await b.post('/set', { form: { userId: '1' } });
    await other.post('/set', { form: { userId: '2' } });
    expect(store.idsOf('1').sort()).toEqual([a.jar.get('sid'), b.jar.get('sid')].sort());
    await a.post('/pop');
    expect(store.idsOf('1')).toEqual([b.jar.get('sid')]);
    expect(store.deleteAllFor('1')).toBe(1);
    expect(store.get(b.jar.get('sid')!)).toBeUndefined();
    expect(store.get(other.jar.get('sid')!)).toEqual({ userId: '2' });
  });

  it('enforces idle and absolute timeouts on the server', () => {
    let now = 0;
    const store = new ServerSessionStore({ idleSeconds: 10, absoluteSeconds: 25, now: () => now });
    store.save('a', { userId: '1' });
    now = 9_000;
    expect(store.get('a')).toBeDefined();
    now = 18_000;
    expect(store.get('a')).toBeDefined(); // touched at 9 s, so idle until 19 s
    now = 26_000;
    expect(store.get('a')).toBeUndefined(); // absolute limit
    store.save('b', {});
    now = 37_000;
    expect(store.get('b')).toBeUndefined(); // idle limit
  });

  it('uses __Host- names with Secure over https, and refuses __Host- without secure', async () => {
    const { app } = harness(new ServerSessionStore(), '__Host-sid', true);
    const b = new TestBrowser(app.fetch, 'https://lab.example');
    const res = await b.post('/set', { form: { theme: 'dark' } });
    expect(res.cookies[0]).toMatchObject({ name: '__Host-sid', secure: true, path: '/', httpOnly: true });
    expect(() =>
      sessionMiddleware({ store: new ServerSessionStore(), cookieName: '__Host-sid', secure: false }),
    ).toThrow(/secure/);
  });

  it('marks responses that set a cookie or belong to a signed-in session no-store', async () => {
    const { browser } = harness(new ServerSessionStore());
    const b = browser();
    expect((await b.get('/read')).headers.get('Cache-Control')).toBeNull();
    const set = await b.post('/set', { form: { userId: '1' } });
    expect(set.headers.get('Cache-Control')).toBe('no-store');
    expect((await b.get('/read')).headers.get('Cache-Control')).toBe('no-store');
  });

  it('keeps a Cache-Control the handler set, even a weak one, so LO-15 can catch it', async () => {
    const app = new Hono<{ Variables: SessionVariables }>();
    app.use('*', sessionMiddleware({ store: new ServerSessionStore(), cookieName: 'sid', secure: false }));
    app.post('/weak', (c) => {
      c.get('session').set('userId', '1');
      c.header('Cache-Control', 'no-cache');
      return c.text('ok');
    });
    const res = await app.request('/weak', { method: 'POST' });
    expect(res.headers.get('Cache-Control')).toBe('no-cache');
  });

  it('rejects non-string values with a clear message', async () => {
    const store = new ServerSessionStore();
    const app = new Hono<{ Variables: SessionVariables }>();
    app.use('*', sessionMiddleware({ store, cookieName: 'sid', secure: false }));
    app.get('/', (c) => {
      c.get('session').set('n', 1 as unknown as string);
      return c.text('never');
    });
    app.onError((e, c) => c.text(e.message, 500));
    const res = await app.request('/');
    expect(await res.text()).toMatch(/must be strings/);
  });
});
