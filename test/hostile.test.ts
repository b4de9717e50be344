/**
 * Hostile input never crashes the runner or the server: each case yields a clear result.
 * - servers that answer with garbage (huge or malformed cookies, broken JWTs, bodies that fail),
 * - garbage sent to the real lab app (cookies, bearer tokens, unknown routes),
 * - learner files that throw at import or while registering, or never answer.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { checkIds, http, inProcess, runChecks } from '../sandbox-server/checks';
import { parseLabManifest } from '../sandbox-server/labs/manifest';
import { buildLabApp, gradeLab, type Grade, type Lab } from '../sandbox-server/labs/verify';
import { createLabApp } from '../sandbox-server/src/app';

const base = 'http://localhost';

describe('the runner against hostile servers', () => {
  it('gives a clear failure for every check of the catalog against a server that knows no routes', async () => {
    const app = new Hono();
    const results = await runChecks({ transport: inProcess(app.fetch, base) });
    expect(results.map((r) => r.id)).toEqual(checkIds);
    for (const r of results) {
      expect(['fail', 'advisory']).toContain(r.status);
      expect(r.message).toMatch(/did not work, so this check could not|no Clear-Site-Data|There is no POST \/logout route/);
    }
  });

  it('copes with huge and malformed Set-Cookie lines, a non-JSON /me and a broken Location', async () => {
    const app = new Hono();
    app.post('/login', (c) => {
      c.header('Set-Cookie', `sid=${'x'.repeat(100_000)}; Path=/; HttpOnly; SameSite=Lax`, { append: true });
      c.header('Set-Cookie', '=; ;;; garbage', { append: true });
      c.header('Set-Cookie', 'remember', { append: true });
      return c.redirect('http://[::1', 303);
    });
    app.get('/me', (c) => c.text('<html>not json</html>'));
    app.post('/logout', (c) => c.body(null, 303, { Location: '%%%' }));
    const results = await runChecks({ transport: inProcess(app.fetch, base), ids: ['LO-03', 'LO-04', 'LO-06', 'LO-12'] });
    // A Location of "%%%" resolves to a same-origin path, and the 100 kB random-looking ID has every attribute.
    expect(results.map((r) => r.status)).toEqual(['pass', 'fail', 'fail', 'pass']);
    expect(results[1]?.message).toMatch(/GET \/me did not recognise the session/);
    expect(results[2]?.message).toMatch(/^The logout response does not touch the session cookie\./);
    for (const r of results) expect(JSON.stringify(r).length).toBeLessThan(20_000); // trace bodies are excerpts
  });

  it('reports malformed JWTs from /api/login as failures, not crashes', async () => {
    const app = new Hono();
    let n = 0;
    app.post('/api/login', (c) => c.json({ access_token: ['not-a-jwt', 'a.%%%.c', 'a.bm90IGpzb24.c'][n++ % 3], refresh_token: 'r' }));
    app.get('/api/me', (c) => c.json({ user: { username: 'alice' } }));
    app.post('/api/logout', (c) => c.json({ ok: true }));
    app.post('/api/refresh', (c) => c.json({ error: 'invalid_grant' }, 400));
    const results = await runChecks({ transport: inProcess(app.fetch, base), ids: ['LO-19', 'LO-20', 'LO-21', 'LO-22'] });
    expect(results.map((r) => r.status)).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(results[0]?.message).toMatch(/token #1 is not a JWT/);
  });

  it('turns a body that fails mid-stream or a non-Response into an error', async () => {
    const broken = inProcess(
      () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              controller.error(new Error('connection reset'));
            },
          }),
        ),
      base,
    );
    const [streamed] = await runChecks({ transport: broken, ids: ['LO-12'] });
    expect(streamed?.status).toBe('error');
    expect(streamed?.message).toMatch(/connection reset/);
    const [nothing] = await runChecks({ transport: inProcess(() => undefined as unknown as Response, base), ids: ['LO-12'] });
    expect(nothing?.status).toBe('error');
    expect(nothing?.message).toMatch(/^The server threw instead of answering log in as alice/);
  });
});

describe('the lab app against hostile requests', () => {
  for (const store of ['server', 'cookie'] as const) {
    const { fetch, config } = createLabApp({ store, passwordIterations: 1000 });
    const send = (path: string, init: RequestInit = {}) => fetch(new Request(`${base}${path}`, init));
    const name = config.cookies.session;

    it(`${store} store: garbage and huge cookies are denied, never a 5xx`, async () => {
      const cookies = [
        `${name}=xyz`,
        `${name}=%%%;;;==`,
        `${name}=${'A'.repeat(16_000)}`,
        `${name}=eyJ1c2VySWQiOiIxIn0.9999999999.AAAA`,
        `remember=${'z'.repeat(5_000)}`,
        ';;;;=;=;',
        Array.from({ length: 500 }, (_, i) => `c${i}=${i}`).join('; '),
      ];
      for (const cookie of cookies) {
        const me = await send('/me', { headers: { cookie } });
        expect([401, 302, 303], cookie.slice(0, 40)).toContain(me.status);
        const out = await send('/logout', { method: 'POST', headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' } });
        expect(out.status, cookie.slice(0, 40)).toBeLessThan(500);
      }
    });

    it(`${store} store: malformed bearer tokens get 401`, async () => {
      const tokens = ['', 'a.b.c', 'not-a-token', '....', `${'e'.repeat(10_000)}.x.y`, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', 'eyJhbGciOiJIUzI1NiJ9.%%%.sig'];
      for (const token of tokens) {
        const me = await send('/api/me', { headers: { authorization: `Bearer ${token}` } });
        expect(me.status, token.slice(0, 30)).toBe(401);
        const out = await send('/api/logout', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"refresh_token":' });
        expect(out.status, token.slice(0, 30)).toBeLessThan(500);
        const refresh = await send('/api/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh_token: token }) });
        expect(refresh.status, token.slice(0, 30)).toBe(400);
      }
    });

    it(`${store} store: unknown routes and methods get 404, never a 5xx`, async () => {
      for (const [method, path] of [['GET', '/nope'], ['DELETE', '/me'], ['PUT', '/logout'], ['GET', '/%2e%2e/etc/passwd'], ['GET', `/${'a/'.repeat(500)}`]] as const) {
        const res = await send(path, { method, headers: { origin: base } });
        expect(res.status, `${method} ${path.slice(0, 30)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
    });
  }
});

describe('hostile learner files', () => {
  const lab: Lab = {
    slug: '99-hostile',
    dir: 'lessons/99-hostile/lab',
    manifest: parseLabManifest(
      { title: 'Hostile', goal: 'Survive.', store: 'server', editable: ['routes/logout.ts'], checks: ['LO-04', 'LO-05'] },
      'lessons/99-hostile/lab/lab.json',
    ),
    starter: {},
    solution: {
      'routes/logout.ts': `import type { LeafApp } from '@sandbox/app/types';
export default function (app: LeafApp) { app.post('/logout', (c) => { c.get('session').destroy(); return c.redirect('/', 303); }); }`,
    },
    mistakes: {},
  };

  it.each([
    ['throws at import', 'throw new TypeError("no");\nexport default function () {}', /^routes\/logout\.ts: the file threw while loading: TypeError: no/],
    ['throws while registering', 'export default function () { throw new Error("register boom"); }', /^routes\/logout\.ts: the file threw while registering its routes: register boom/],
    ['imports a forbidden module', 'import fs from "node:fs";\nexport default function () { fs.readFileSync("/etc/passwd"); }', /^routes\/logout\.ts: cannot import "node:fs"/],
    ['exports no leaf', 'export const x = 1;', /must `export default function \(app, deps\)/],
    ['has a syntax error', 'export default function (app) {\n  app.post("/logout", (c) => {{{\n}', /^routes\/logout\.ts:\d+:\d+: /],
  ])('a file that %s becomes a build problem naming the file', async (_what, source, message) => {
    const grade = await gradeLab(lab, { 'routes/logout.ts': source });
    expect(grade.ok).toBe(false);
    if (!grade.ok) {
      expect(grade.problem.file).toBe('routes/logout.ts');
      expect(grade.problem.message).toMatch(message);
    }
  });

  it('a handler that never resolves times out with an error per check', async () => {
    const grade = await gradeLab(lab, { 'routes/logout.ts': 'export default function (app) { app.post("/logout", () => new Promise(() => {})); }' }, { timeoutMs: 100 });
    expect(grade.ok && grade.results.map((r) => [r.status, r.message.slice(0, 27)])).toEqual([
      ['error', 'Timed out after 100 ms wait'],
      ['error', 'Timed out after 100 ms wait'],
    ]);
  });

  it('a handler that throws a non-Error grades the same in-process and over HTTP: a logged 500', async () => {
    const files = { 'routes/logout.ts': `export default function (app) { app.post("/logout", () => { throw 'oops'; }); }` };
    const local = await gradeLab(lab, files);
    const serverLines: string[] = [];
    const app = buildLabApp(lab, files, { log: (line) => serverLines.push(line) });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    let remote: Grade;
    try {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      remote = await gradeLab(lab, files, { transport: http(`http://127.0.0.1:${port}`), logs: { console: () => [], server: () => serverLines } });
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
    for (const grade of [local, remote]) {
      expect(grade.ok).toBe(true);
      if (!grade.ok) continue;
      expect(grade.results.map((r) => `${r.id}:${r.status}`)).toEqual(['LO-04:fail', 'LO-05:fail']);
      expect(grade.results[0]?.message).toMatch(/POST \/logout answered 500/);
      expect(grade.results[0]?.serverLog).toMatch(/error: POST \/logout failed: the handler threw the string "oops", which is not an Error/);
    }
  });

  it('a handler that throws is a 500 the check explains, and the server log reaches the result', async () => {
    const grade = await gradeLab(lab, { 'routes/logout.ts': 'export default function (app) { app.post("/logout", () => { throw new Error("learner bug"); }); }' });
    expect(grade.ok).toBe(true);
    if (grade.ok) {
      const [replay] = grade.results;
      expect(replay?.status).toBe('fail');
      expect(replay?.message).toMatch(/POST \/logout answered 500/);
      expect(replay?.serverLog).toMatch(/error: POST \/logout failed: Error: learner bug/);
      expect(replay?.logs).toBe('');
    }
  });
});
