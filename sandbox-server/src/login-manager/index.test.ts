import { describe, expect, it } from 'vitest';
import { createLabApp } from '../app';
import { ALICE, TestBrowser } from '../testing';
import { RememberTokens } from './index';

function lab(store: 'cookie' | 'server') {
  const logs: string[] = [];
  const app = createLabApp({ store, log: (l) => logs.push(l), passwordIterations: 1000 });
  return { ...app, logs, browser: () => new TestBrowser(app.fetch) };
}

describe('loginUser', () => {
  it('regenerates the server session id at login, keeps the theme, and kills the pre-login id', async () => {
    const { browser, services } = lab('server');
    const b = browser();
    await b.post('/prefs', { form: { theme: 'dark' } });
    const preLogin = b.jar.get('sid')!;
    const res = await b.login();
    expect(res.status).toBe(303);
    const postLogin = b.jar.get('sid')!;
    expect(postLogin).not.toBe(preLogin);
    expect(services.sessions.kind === 'server' && services.sessions.get(preLogin)).toBeUndefined();
    expect((await b.get('/me', { cookie: `sid=${preLogin}` })).status).toBe(401);
    expect(await (await b.get('/prefs')).json()).toEqual({ theme: 'dark' });
    expect((await b.get('/me')).status).toBe(200);
  });

  it('sets an HttpOnly remember cookie whose token is stored hashed on the server', async () => {
    const { browser, services } = lab('server');
    const b = browser();
    const res = await b.login(ALICE, true);
    const remember = res.cookies.find((c) => c.name === 'remember')!;
    expect(remember).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 2592000 });
    expect(remember.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await services.loginManager.rememberTokens.lookup(remember.value)).toBe('1');
  });
});

describe('currentUser and remember-me', () => {
  it('signs the user in again from a valid remember cookie, in a fresh session', async () => {
    const { browser } = lab('server');
    const b = browser();
    await b.login(ALICE, true);
    const remember = b.jar.get('remember')!;
    const other = browser();
    const res = await other.get('/me', { cookie: `remember=${remember}` });
    expect(res.status).toBe(200);
    expect(res.cookies.find((c) => c.name === 'sid')?.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('ignores (and deletes) an unknown remember cookie', async () => {
    const { browser, logs } = lab('cookie');
    const res = await browser().get('/me', { cookie: 'remember=forged' });
    expect(res.status).toBe(401);
    expect(res.cookies).toEqual([expect.objectContaining({ name: 'remember', value: '' })]);
    expect(logs.some((l) => l.includes('unknown or revoked token'))).toBe(true);
  });
});

describe('logoutUser', () => {
  for (const store of ['cookie', 'server'] as const) {
    it(`(${store} store) forgets the user, keeps the theme, revokes and deletes remember-me, emits an event`, async () => {
      const { browser, logs, services } = lab(store);
      const events: string[] = [];
      services.loginManager.on((e) => events.push(`${e.type}:${e.userId}`));
      const b = browser();
      await b.post('/prefs', { form: { theme: 'dark' } });
      await b.login(ALICE, true);
      const remember = b.jar.get('remember')!;
      const res = await b.post('/logout');
      expect(res.status).toBe(303);
      expect(res.cookies.find((c) => c.name === 'remember')).toMatchObject({
        value: '',
        maxAge: 0,
        path: '/',
      });
      expect((await b.get('/me')).status).toBe(401);
      expect(await (await b.get('/prefs')).json()).toEqual({ theme: 'dark' });
      expect((await b.get('/me', { cookie: `remember=${remember}` })).status).toBe(401);
      expect(events).toEqual(['user-logged-in:1', 'user-logged-out:1']);
      expect(logs).toContain('event: user-logged-out (user 1)');
    });
  }

  it('(server store) moves the kept theme to a new id, so the old cookie is dead', async () => {
    const { browser } = lab('server');
    const b = browser();
    await b.post('/prefs', { form: { theme: 'dark' } });
    await b.login();
    const signedIn = b.jar.get('sid')!;
    await b.post('/logout');
    expect(b.jar.get('sid')).not.toBe(signedIn);
    expect((await b.get('/me', { cookie: `sid=${signedIn}` })).status).toBe(401);
  });

  it('(server store) with nothing left to keep, deletes the record and the cookie', async () => {
    const { browser, services } = lab('server');
    const b = browser();
    await b.login();
    const res = await b.post('/logout');
    expect(res.cookies.find((c) => c.name === 'sid')).toMatchObject({ value: '', maxAge: 0, path: '/' });
    expect(services.sessions.kind === 'server' && services.sessions.size).toBe(0);
  });

  it('(cookie store) cannot stop a copied cookie: replay still works (lesson 5)', async () => {
    const { browser } = lab('cookie');
    const b = browser();
    await b.login();
    const copy = b.jar.get('session')!;
    await b.post('/logout');
    expect((await b.get('/me', { cookie: `session=${copy}` })).status).toBe(200);
  });
});

describe('logoutAll', () => {
  it('ends every session, remember token and refresh family of the user, and no one else’s', async () => {
    const { browser, fetch } = lab('server');
    const [laptop, phone, shared] = [browser(), browser(), browser()];
    await laptop.login();
    await phone.login();
    await shared.login(ALICE, true);
    const bob = browser();
    await bob.login({ username: 'bob', password: 'hunter2hunter2' });
    const api = await fetch(
      new Request('http://localhost/api/login', {
        method: 'POST',
        body: JSON.stringify(ALICE),
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    const { refresh_token } = (await api.json()) as { refresh_token: string };
    const remember = shared.jar.get('remember')!;

    const res = await laptop.post('/logout-all');
    expect(res.status).toBe(303);
    for (const b of [laptop, phone]) expect((await b.get('/me')).status).toBe(401);
    expect((await shared.get('/me', { cookie: `remember=${remember}` })).status).toBe(401);
    expect((await bob.get('/me')).status).toBe(200);
    const refreshed = await fetch(
      new Request('http://localhost/api/refresh', {
        method: 'POST',
        body: JSON.stringify({ refresh_token }),
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    expect(refreshed.status).toBe(400);
  });
});

describe('RememberTokens', () => {
  it('expires and revokes tokens', async () => {
    let now = 0;
    const tokens = new RememberTokens({ ttlSeconds: 10, now: () => now });
    const a = await tokens.issue('1');
    const b = await tokens.issue('1');
    expect(await tokens.lookup(a)).toBe('1');
    expect(await tokens.revoke(a)).toBe(true);
    expect(await tokens.lookup(a)).toBeUndefined();
    now = 11_000;
    expect(await tokens.lookup(b)).toBeUndefined();
    expect(await tokens.lookup('')).toBeUndefined();
  });
});
