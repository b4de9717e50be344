import { describe, expect, it } from 'vitest';
import { createLabApp } from '../app';
import { ALICE, TestBrowser } from '../testing';
import { defaultLeaves, LEAF_PATHS, LEAF_ROUTES, routesOf } from './index';

const fast = { passwordIterations: 1000 };

describe('default leaves', () => {
  it('lists every editable path with a default export', () => {
    expect(LEAF_PATHS).toEqual([
      'routes/csrf.ts',
      'routes/session-demo.ts',
      'routes/login.ts',
      'routes/logout.ts',
      'routes/logout-all.ts',
      'routes/api-login.ts',
      'routes/api-logout.ts',
      'routes/api-refresh.ts',
    ]);
    for (const leaf of Object.values(defaultLeaves)) expect(leaf.default).toBeTypeOf('function');
  });

  it('LEAF_ROUTES names exactly the routes each leaf answers (without the leaf they are 404)', async () => {
    expect(Object.keys(LEAF_ROUTES)).toEqual(LEAF_PATHS);
    for (const [path, routes] of Object.entries(LEAF_ROUTES)) {
      const apps = {
        with: createLabApp({ store: 'server', ...fast }),
        without: createLabApp({ store: 'server', ...fast, leaves: { [path]: { default: () => {} } } }),
      };
      for (const route of routes) {
        const [method, url] = route.split(' ') as [string, string];
        const init = { method, headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' } };
        expect(
          (await apps.without.fetch(new Request(`http://localhost${url}`, init))).status,
          `${route} without ${path}`,
        ).toBe(404);
        expect(
          (await apps.with.fetch(new Request(`http://localhost${url}`, init))).status,
          `${route} with ${path}`,
        ).not.toBe(404);
      }
    }
    expect(routesOf(['routes/login.ts', 'routes/session-demo.ts'])).toEqual([
      'GET /me',
      'GET /prefs',
      'POST /prefs',
      'POST /login',
    ]);
  });

  it('logout is POST-only, 303s home, and sends Clear-Site-Data with quoted directives', async () => {
    const { fetch } = createLabApp({ store: 'server', ...fast });
    const b = new TestBrowser(fetch);
    await b.login();
    expect((await b.get('/logout')).status).toBe(404);
    const res = await b.post('/logout');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/');
    expect(res.headers.get('Clear-Site-Data')).toBe('"cache", "storage"');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect((await b.post('/logout')).status).toBe(303); // idempotent
  });

  it('routes/csrf.ts guards every route, fixed ones too; without it a cross-site logout goes through', async () => {
    const crossSite = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
    const guarded = new TestBrowser(createLabApp({ store: 'server', ...fast }).fetch);
    await guarded.login();
    for (const path of ['/logout', '/prefs', '/login', '/logout-all']) {
      const res = await guarded.post(path, { form: { theme: 'dark' }, headers: crossSite, keepJar: true });
      expect(res.status, `cross-site POST ${path}`).toBe(403);
    }
    expect((await guarded.get('/me')).status).toBe(200);
    // The lab 3 mistake: no guard at all. The forged logout now works, which LO-02 must catch.
    const open = new TestBrowser(
      createLabApp({ store: 'server', ...fast, leaves: { 'routes/csrf.ts': { default: () => {} } } }).fetch,
    );
    await open.login();
    expect((await open.post('/logout', { form: {}, headers: crossSite })).status).toBe(303);
    expect((await open.get('/me')).status).toBe(401);
  });

  it('/prefs validates the theme', async () => {
    const { fetch } = createLabApp({ store: 'cookie', ...fast });
    const b = new TestBrowser(fetch);
    expect((await b.post('/prefs', { form: { theme: '<script>' } })).status).toBe(400);
    expect(await (await b.get('/prefs')).json()).toEqual({ theme: 'light' });
  });
});

describe('token leaves', () => {
  async function apiLogin(b: TestBrowser) {
    return (await (await b.post('/api/login', { json: ALICE })).json()) as {
      access_token: string;
      refresh_token: string;
    };
  }

  it('POST /api/login signs for expiresIn; signAccess refuses a lifetime that is not whole seconds', async () => {
    const lab = createLabApp({ store: 'server', ...fast });
    const claimsOf = (jwt: string) =>
      JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
        iat: number;
        exp: number;
      };
    const pair = (await (await new TestBrowser(lab.fetch).post('/api/login', { json: ALICE })).json()) as {
      access_token: string;
      expires_in: number;
    };
    expect(claimsOf(pair.access_token).exp - claimsOf(pair.access_token).iat).toBe(300);
    expect(pair.expires_in).toBe(300);
    const day = claimsOf(await lab.services.tokens.signAccess('u1', { expiresIn: 86_400 }));
    expect(day.exp - day.iat).toBe(86_400); // not capped: lab 6's LO-19 has to be able to see it
    for (const bad of [0, -5, 1.5, Number.NaN])
      await expect(lab.services.tokens.signAccess('u1', { expiresIn: bad })).rejects.toThrow(/expiresIn/);
  });

  it('deny the access token by jti: re-encoded spellings are refused after logout too', async () => {
    const { fetch } = createLabApp({ store: 'server', ...fast });
    const b = new TestBrowser(fetch);
    const { access_token, refresh_token } = await apiLogin(b);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = access_token.at(-1)!;
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    const spellings = [access_token, access_token.slice(0, -1) + sibling, `${access_token}=`];
    for (const t of spellings)
      expect((await b.get('/api/me', { headers: { Authorization: `Bearer ${t}` } })).status).toBe(200);
    const out = await b.post('/api/logout', {
      json: { refresh_token },
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(await out.json()).toEqual({ revoked: true });
    for (const t of spellings)
      expect((await b.get('/api/me', { headers: { Authorization: `Bearer ${t}` } })).status).toBe(401);
    // RFC 7009: logging out again, or with unknown tokens, still answers 200.
    expect(
      (
        await b.post('/api/logout', {
          json: { refresh_token },
          headers: { Authorization: `Bearer ${access_token}` },
        })
      ).status,
    ).toBe(200);
    expect((await b.post('/api/logout', { json: { refresh_token: 'unknown' } })).status).toBe(200);
  });

  it('rotate refresh tokens and revoke the family on reuse', async () => {
    const { fetch } = createLabApp({ store: 'server', ...fast });
    const b = new TestBrowser(fetch);
    const { refresh_token: r1 } = await apiLogin(b);
    const first = await b.post('/api/refresh', { json: { refresh_token: r1 } });
    expect(first.status).toBe(200);
    const { refresh_token: r2, access_token: a2 } = (await first.json()) as Record<string, string>;
    expect(r2).not.toBe(r1);
    expect((await b.get('/api/me', { headers: { Authorization: `Bearer ${a2}` } })).status).toBe(200);
    const reuse = await b.post('/api/refresh', { json: { refresh_token: r1 } });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({ error: 'invalid_grant' });
    expect((await b.post('/api/refresh', { json: { refresh_token: r2 } })).status).toBe(400);
    expect((await b.post('/api/refresh', { json: {} })).status).toBe(400);
  });
});
