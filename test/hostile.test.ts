/**
 * Hostile input never crashes the runner or the server: each case yields a clear result.
 * - servers that answer with garbage (huge or malformed cookies, broken JWTs, bodies that fail),
 * - garbage sent to the real lab app (cookies, bearer tokens, unknown routes),
 * - learner files that throw at import or while registering, or never answer,
 * - learner files with a loop that never ends (the Node CLI runs them in a worker thread).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { checkIds, http, inProcess, runChecks } from '../sandbox-server/checks';
import { main } from '../sandbox-server/labs/cli';
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
      expect(r.message).toMatch(
        /did not work, so this check could not|no Clear-Site-Data|There is no POST \/logout route/,
      );
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
    const results = await runChecks({
      transport: inProcess(app.fetch, base),
      ids: ['LO-03', 'LO-04', 'LO-06', 'LO-12'],
    });
    // A Location of "%%%" resolves to a same-origin path, and the 100 kB random-looking ID has every attribute.
    expect(results.map((r) => r.status)).toEqual(['pass', 'fail', 'fail', 'pass']);
    expect(results[1]?.message).toMatch(/GET \/me did not recognise the session/);
    expect(results[2]?.message).toMatch(/^The logout response does not touch the sid cookie\./);
    for (const r of results) expect(JSON.stringify(r).length).toBeLessThan(20_000); // trace bodies are excerpts
  });

  it('reports malformed JWTs from /api/login as failures, not crashes', async () => {
    const app = new Hono();
    let n = 0;
    app.post('/api/login', (c) =>
      c.json({ access_token: ['not-a-jwt', 'a.%%%.c', 'a.bm90IGpzb24.c'][n++ % 3], refresh_token: 'r' }),
    );
    app.get('/api/me', (c) => c.json({ user: { username: 'alice' } }));
    app.post('/api/logout', (c) => c.json({ ok: true }));
    app.post('/api/refresh', (c) => c.json({ error: 'invalid_grant' }, 400));
    const results = await runChecks({
      transport: inProcess(app.fetch, base),
      ids: ['LO-19', 'LO-20', 'LO-21', 'LO-22'],
    });
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
    const [nothing] = await runChecks({
      transport: inProcess(() => undefined as unknown as Response, base),
      ids: ['LO-12'],
    });
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
        const out = await send('/logout', {
          method: 'POST',
          headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
        });
        expect(out.status, cookie.slice(0, 40)).toBeLessThan(500);
      }
    });

    it(`${store} store: malformed bearer tokens get 401`, async () => {
      const tokens = [
        '',
        'a.b.c',
        'not-a-token',
        '....',
        `${'e'.repeat(10_000)}.x.y`,
        'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
        'eyJhbGciOiJIUzI1NiJ9.%%%.sig',
      ];
      for (const token of tokens) {
        const me = await send('/api/me', { headers: { authorization: `Bearer ${token}` } });
        expect(me.status, token.slice(0, 30)).toBe(401);
        const out = await send('/api/logout', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{"refresh_token":',
        });
        expect(out.status, token.slice(0, 30)).toBeLessThan(500);
        const refresh = await send('/api/refresh', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: token }),
        });
        expect(refresh.status, token.slice(0, 30)).toBe(400);
      }
    });

    it(`${store} store: unknown routes and methods get 404, never a 5xx`, async () => {
      for (const [method, path] of [
        ['GET', '/nope'],
        ['DELETE', '/me'],
        ['PUT', '/logout'],
        ['GET', '/%2e%2e/etc/passwd'],
        ['GET', `/${'a/'.repeat(500)}`],
      ] as const) {
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
      {
        title: 'Hostile',
        goal: 'Survive.',
        store: 'server',
        editable: ['routes/logout.ts'],
        checks: ['LO-04', 'LO-05'],
      },
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
    [
      'throws at import',
      'throw new TypeError("no");\nexport default function () {}',
      /^the file threw while loading: TypeError: no/,
      1,
    ],
    [
      'throws while registering',
      'export default function () { throw new Error("register boom"); }',
      /^the file threw while registering its routes: register boom/,
      1,
    ],
    [
      'imports a forbidden module',
      'import fs from "node:fs";\nexport default function () { fs.readFileSync("/etc/passwd"); }',
      /^cannot import "node:fs"/,
      undefined,
    ],
    ['exports no leaf', 'export const x = 1;', /must `export default function \(app, deps\)/, undefined],
    ['has a syntax error', 'export default function (app) {\n  app.post("/logout", (c) => {{{\n}', /./, 3],
  ])(
    'a file that %s becomes a build problem naming the file (and its line, when there is one)',
    async (_what, source, message, line) => {
      const grade = await gradeLab(lab, { 'routes/logout.ts': source });
      expect(grade.ok).toBe(false);
      if (!grade.ok) {
        expect(grade.problem.file).toBe('routes/logout.ts');
        expect(grade.problem.message).toMatch(message);
        expect(grade.problem.line).toBe(line);
      }
    },
  );

  it('a handler that never resolves times out with an error per check', async () => {
    const grade = await gradeLab(
      lab,
      {
        'routes/logout.ts':
          'export default function (app) { app.post("/logout", () => new Promise(() => {})); }',
      },
      { timeoutMs: 100 },
    );
    expect(grade.ok && grade.results.map((r) => [r.status, r.message.slice(0, 27)])).toEqual([
      ['error', 'Timed out after 100 ms wait'],
      ['error', 'Timed out after 100 ms wait'],
    ]);
  });

  it('a handler that throws a non-Error grades the same in-process and over HTTP: a logged 500', async () => {
    const files = {
      'routes/logout.ts': `export default function (app) { app.post("/logout", () => { throw 'oops'; }); }`,
    };
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
      remote = await gradeLab(lab, files, {
        transport: http(`http://127.0.0.1:${port}`),
        logs: { console: () => [], server: () => serverLines },
      });
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
    for (const grade of [local, remote]) {
      expect(grade.ok).toBe(true);
      if (!grade.ok) continue;
      expect(grade.results.map((r) => `${r.id}:${r.status}`)).toEqual(['LO-04:fail', 'LO-05:fail']);
      expect(grade.results[0]?.message).toMatch(/POST \/logout answered 500/);
      expect(grade.results[0]?.serverLog).toMatch(
        /error: POST \/logout failed: the handler threw the string "oops", which is not an Error/,
      );
    }
  });

  it('a handler that throws is a 500 the check explains, and the server log reaches the result', async () => {
    const grade = await gradeLab(lab, {
      'routes/logout.ts':
        'export default function (app) { app.post("/logout", () => { throw new Error("learner bug"); }); }',
    });
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

describe('endless loops in the Node CLI (the app runs in a worker thread)', () => {
  const root = mkdtempSync(join(tmpdir(), 'lab-loops-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const folder = (name: string, source: string) => {
    mkdirSync(join(root, name, 'routes'), { recursive: true });
    writeFileSync(join(root, name, 'routes', 'logout.ts'), source);
    return join(root, name);
  };
  // Tight limits: a silent thread counts as stuck after 300 ms, a load after 1 s.
  const isolate = { stuckMs: 300, loadTimeoutMs: 1000 };
  const run = async (
    argv: string[],
    extra: { signal?: AbortSignal; onListening?: (url: string) => void } = {},
  ) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      isolate,
      timeoutMs: 4000,
      ...extra,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it(
    'check: a handler stuck in while (true) {} makes each check that reaches it an error, and exits 1',
    { timeout: 30_000 },
    async () => {
      const dir = folder(
        'handler-loop',
        `import type { LeafApp } from '@sandbox/app/types';
export default function logout(app: LeafApp): void {
  app.post('/logout', () => { while (true) {} });
}
`,
      );
      const started = Date.now();
      const { code, out } = await run(['check', '3', '--dir', dir, '--json']);
      expect(code).toBe(1);
      expect(Date.now() - started).toBeLessThan(25_000);
      const report = JSON.parse(out) as {
        ok: boolean;
        results: { id: string; status: string; message: string; serverLog: string }[];
      };
      expect(report.ok).toBe(false);
      // LO-01 (GET) and LO-02 (cross-site, refused before the handler) never reach the loop.
      expect(report.results.map((r) => `${r.id}:${r.status}`)).toEqual([
        'LO-01:pass',
        'LO-02:pass',
        'LO-03:error',
        'LO-05:error',
        'LO-07:error',
        'LO-08:error',
        'LO-09:error',
      ]);
      for (const r of report.results.filter((x) => x.status === 'error')) {
        expect(r.message).toMatch(
          /^The server got stuck answering POST \/logout: for 300 ms its process did not respond at all, which is what a loop that never ends does/,
        );
        expect(r.serverLog).toMatch(/checker: POST \/logout got stuck/);
      }
    },
  );

  it(
    'check and serve: a loop at load time is a bad input naming the file (exit 2), never a hang',
    { timeout: 30_000 },
    async () => {
      const dir = folder(
        'load-loop',
        `export default function logout(app) {
  while (true) {}
}
`,
      );
      const checked = await run(['check', '3', '--dir', dir]);
      expect(checked.code).toBe(2);
      expect(checked.err).toMatch(
        /load-loop\/routes\/logout\.ts: the file did not finish loading within 1000 ms: its exported function started registering routes and never returned\./,
      );
      expect(checked.err).toMatch(
        /\nLook for a loop that cannot finish at the top level of the file or in its exported function/,
      );
      const top = folder('top-loop', `for (;;) {}\nexport default function logout() {}\n`);
      const served = await run(['serve', '3', '--dir', top, '--port', '0']);
      expect(served.code).toBe(2);
      expect(served.err).toMatch(
        /top-loop\/routes\/logout\.ts: the file did not finish loading within 1000 ms: its top-level code never finished\./,
      );
    },
  );

  it(
    'serve: a request stuck in a loop gets a 500 that says so, and the next request a fresh server',
    { timeout: 30_000 },
    async () => {
      const dir = folder(
        'serve-loop',
        `export default function logout(app) {
  app.post('/logout', () => { while (true) {} });
}
`,
      );
      const controller = new AbortController();
      let url = '';
      const done = run(['serve', '3', '--dir', dir, '--port', '0'], {
        signal: controller.signal,
        onListening: (u) => (url = u),
      });
      while (url === '') await new Promise((r) => setTimeout(r, 10));
      const base = url.replace('localhost', '127.0.0.1');
      const stuck = await fetch(`${base}/logout`, { method: 'POST', headers: { origin: base } });
      expect(stuck.status).toBe(500);
      expect(await stuck.text()).toMatch(/The server got stuck answering POST \/logout/);
      expect((await fetch(`${base}/me`)).status).toBe(401);
      controller.abort();
      const { code, out } = await done;
      expect(code).toBe(0);
      expect(out).toMatch(/\[server\] checker: POST \/logout got stuck/);
    },
  );
});
