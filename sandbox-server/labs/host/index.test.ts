import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createLabHost,
  describeChecks,
  serverLine,
  stoppedResults,
  thrownIn,
  tidy,
  type HostLogEntry,
} from './index';

/** A default leaf rewritten the way learner files import the sandbox (`@sandbox/…`). */
const leaf = (name: string) =>
  readFileSync(new URL(`../../src/routes/${name}`, import.meta.url), 'utf8').replace(
    /from '\.\.\//g,
    "from '@sandbox/",
  );

const ORIGIN = 'http://localhost:8787';
const sameOrigin = { origin: ORIGIN, 'sec-fetch-site': 'same-origin' };

function host(store: 'cookie' | 'server' = 'server') {
  const lines: HostLogEntry[] = [];
  const h = createLabHost({
    lab: { store, editable: ['routes/logout.ts'] },
    origin: ORIGIN,
    secret: 'x'.repeat(32),
    log: (entry) => lines.push(entry),
    passwordIterations: 1000,
  });
  return { h, lines };
}

describe('createLabHost', () => {
  it.each([
    [{ lab: null }, 'createLabHost: pass the lab manifest as `lab`'],
    [
      { lab: { store: 'redis', editable: ['routes/logout.ts'] } },
      'createLabHost: lab.store must be "cookie" or "server", got "redis"',
    ],
    [{ lab: { store: 'server', editable: [] } }, 'createLabHost: lab.editable must list the learner’s files'],
    [
      { origin: 'localhost:8787' },
      'createLabHost: origin must be an http(s) origin such as "http://localhost:8787", got "localhost:8787"',
    ],
    [
      { origin: 'http://localhost:8787/' },
      'createLabHost: origin must be an http(s) origin such as "http://localhost:8787", got "http://localhost:8787/"',
    ],
    [{ secret: 'short' }, 'createLabHost: secret must have at least 32 characters'],
  ])('fails fast on bad options: %j', (bad, message) => {
    const options = { lab: { store: 'server', editable: ['routes/logout.ts'] }, origin: ORIGIN, ...bad };
    expect(() => createLabHost(options as Parameters<typeof createLabHost>[0])).toThrow(message);
  });

  it('serves the learner file and passes the checks of the reference logout', async () => {
    const { h } = host();
    expect(h.load({ 'routes/logout.ts': leaf('logout.ts') })).toEqual({ ok: true });
    const results = await h.runChecks(['LO-05', 'LO-01', 'LO-03', 'LO-04']);
    expect(results.map((r) => `${r.id}:${r.status}`)).toEqual([
      'LO-01:pass',
      'LO-03:pass',
      'LO-04:pass',
      'LO-05:pass',
    ]);
  });

  it('puts the learner’s console output of a check into that result, not into the live log', async () => {
    const { h, lines } = host();
    h.load({
      'routes/logout.ts': leaf('logout.ts').replace(
        'await loginManager.logoutUser(c);',
        "console.warn('bye', { n: 1 }); await loginManager.logoutUser(c);",
      ),
    });
    const [result] = await h.runChecks(['LO-05']);
    expect(result?.logs).toBe('warn: bye {"n":1}');
    expect(lines.filter((line) => line.source === 'console')).toEqual([]);
    await h.fetch(new Request(`${ORIGIN}/logout`, { method: 'POST', headers: sameOrigin }));
    expect(lines.filter((line) => line.source === 'console')).toEqual([
      { source: 'console', level: 'warn', text: 'bye {"n":1}' },
    ]);
  });

  it('reports a syntax error with file, line and column, and keeps serving the last good version', async () => {
    const { h } = host();
    h.load({ 'routes/logout.ts': leaf('logout.ts') });
    const loaded = h.load({
      'routes/logout.ts':
        'export default function (app) {\n  app.post("/logout", function (c) {\n    const = 1;\n  });\n}\n',
    });
    expect(loaded).toEqual({
      ok: false,
      problem: {
        kind: 'compile',
        file: 'routes/logout.ts',
        line: 3,
        column: 11,
        message: 'Unexpected token `=`',
      },
    });
    expect((await h.fetch(new Request(`${ORIGIN}/me`))).status).toBe(401);
  });

  it('reports a file that exports no routes, and one importing a module the sandbox does not have', () => {
    const { h } = host();
    expect(h.load({ 'routes/logout.ts': 'export const x = 1;\n' })).toEqual({
      ok: false,
      problem: {
        kind: 'load',
        file: 'routes/logout.ts',
        message: 'the file must `export default function (app, deps) { ... }` that registers its routes',
      },
    });
    expect(
      h.load({
        'routes/logout.ts': "import fs from 'node:fs';\nfs.existsSync('/');\nexport default function () {}\n",
      }),
    ).toMatchObject({
      ok: false,
      problem: {
        kind: 'load',
        file: 'routes/logout.ts',
        message: expect.stringMatching(/^cannot import "node:fs"\. Route files may import only: hono, /),
      },
    });
  });

  it('logs a handler that throws as an error whose stack shows only the learner’s frames', async () => {
    const { h, lines } = host();
    h.load({
      'routes/logout.ts':
        "export default function (app) {\n  app.post('/logout', () => {\n    throw new Error('boom');\n  });\n}\n",
    });
    const res = await h.fetch(new Request(`${ORIGIN}/logout`, { method: 'POST', headers: sameOrigin }));
    expect(res.status).toBe(500);
    const error = lines.find((line) => line.level === 'error');
    expect(error?.source).toBe('server');
    expect(error?.text).toMatch(
      /^POST \/logout failed: Error: boom\n {4}at .*routes\/logout\.ts:\d+:\d+\)?\n {4}at … \(the lab server\)$/,
    );
    expect(lines.filter((line) => line.level !== 'error').every((line) => line.level === 'info')).toBe(true);
  });

  it('says where a handler threw, on its line of the learner’s TypeScript: in the answer, the log and the check', async () => {
    const { h, lines } = host();
    // Type annotations and an imported helper move columns in the JavaScript the engine runs;
    // the throw is on line 14 of what the learner wrote.
    const source = [
      "import type { LeafApp } from '@sandbox/app/types';",
      "import { deleteCookie } from 'hono/cookie';",
      '',
      '/** Lab 3: the logout route. */',
      'export default function logout(app: LeafApp): void {',
      "  app.post('/logout', (c) => {",
      "    const session: { pop(key: string): unknown } = c.get('session');",
      "    deleteCookie(c, 'remember');",
      '    // (the logout itself comes after the line that throws)',
      '    const x: { y: { z: number } } | undefined = undefined as unknown as',
      '      | { y: { z: number } }',
      '      | undefined;',
      '    // the learner forgot that x may be undefined:',
      '    const z: number = x!.y.z;',
      "    session.pop('userId');",
      '    return c.text(String(z));',
      '  });',
      '}',
      '',
    ].join('\n');
    expect(h.load({ 'routes/logout.ts': source })).toEqual({ ok: true });
    const expected = {
      request: 'POST /logout',
      message: "TypeError: Cannot read properties of undefined (reading 'y')",
      at: { file: 'routes/logout.ts', line: 14, column: expect.any(Number) as number },
    };
    const { response, thrown } = await h.exchange(
      new Request(`${ORIGIN}/logout`, { method: 'POST', headers: sameOrigin }),
    );
    expect(response.status).toBe(500);
    expect(thrown).toEqual(expected);
    // The column is the learner's too: on `x!.y` (V8 points at the property it could not read).
    expect(source.split('\n')[13]?.slice((thrown?.at?.column ?? 0) - 1)).toMatch(/^(x!)?\.?y\.z;/);
    expect(lines.find((line) => line.level === 'error')?.thrown).toEqual(thrown);
    // A request that did not throw says nothing.
    expect((await h.exchange(new Request(`${ORIGIN}/`))).thrown).toBeUndefined();
    const results = await h.runChecks(['LO-01', 'LO-05']);
    expect(results.find((r) => r.id === 'LO-05')).toMatchObject({ status: 'fail', thrown });
    expect(results.find((r) => r.id === 'LO-01')?.thrown).toBeUndefined(); // it passed
  });

  it('names the learner file of a helper that threw, and the learner’s call when the sandbox’s code threw', async () => {
    const h = createLabHost({
      lab: { store: 'server', editable: ['routes/csrf.ts', 'routes/logout.ts'] },
      origin: ORIGIN,
      passwordIterations: 1000,
    });
    const csrf = [
      'export default function (app, deps) {',
      "  app.use('*', deps.csrfProtection);",
      "  app.use('*', async (c, next) => {",
      "    c.set('check', (value) => {",
      "      if (!value) throw new RangeError('no value');",
      '    });',
      '    await next();',
      '  });',
      '}',
    ].join('\n');
    const logout = [
      "import { setCookie } from 'hono/cookie';",
      'export default function (app) {',
      "  app.post('/logout', (c) => {",
      "    c.get('check')(c.req.query('value'));",
      "    setCookie(c, 'bye', '1', {",
      '      maxAge: 401 * 24 * 3600,',
      '    });',
      "    return c.text('bye');",
      '  });',
      '}',
    ].join('\n');
    expect(h.load({ 'routes/csrf.ts': csrf, 'routes/logout.ts': logout })).toEqual({ ok: true });
    const post = (path: string) =>
      h.exchange(new Request(`${ORIGIN}${path}`, { method: 'POST', headers: sameOrigin }));
    // Thrown in csrf.ts's helper, called from logout.ts: the frame on top is the helper's.
    expect((await post('/logout')).thrown).toEqual({
      request: 'POST /logout',
      message: 'RangeError: no value',
      at: { file: 'routes/csrf.ts', line: 5, column: 25 }, // the `new`
    });
    // Thrown inside Hono's cookie code: the first frame of the learner's is their call, on line 5.
    expect((await post('/logout?value=1')).thrown).toEqual({
      request: 'POST /logout',
      message: 'Error: Cookies Max-Age SHOULD NOT be greater than 400 days (34560000 seconds) in duration.',
      at: { file: 'routes/logout.ts', line: 5, column: 5 },
    });
  });

  it('reports a thrown non-Error without a place, since it has no stack', async () => {
    const { h } = host();
    h.load({
      'routes/logout.ts':
        "export default function (app) {\n  app.post('/logout', () => {\n    throw 'oops';\n  });\n}\n",
    });
    const { thrown } = await h.exchange(
      new Request(`${ORIGIN}/logout`, { method: 'POST', headers: sameOrigin }),
    );
    expect(thrown).toEqual({
      request: 'POST /logout',
      message: expect.stringMatching(/^the handler threw the string "oops", which is not an Error/) as string,
    });
  });

  it('a forged stack cannot name a place outside the learner files, nor leak a machine path', async () => {
    const { h } = host();
    const forged = [
      'Error: forged',
      '    at evil (/etc/passwd:7:7)',
      '    at up (routes/../../../../etc/passwd:5:5)',
      '    at ghost (routes/nothere.ts:4:4)',
      '    at host (/home/grader/sandbox-server/src/app/index.ts:1:1)',
    ].join('\\n');
    h.load({
      'routes/logout.ts': `export default function (app) {\n  app.post('/logout', () => {\n    const e = new Error('forged');\n    e.stack = '${forged}';\n    throw e;\n  });\n}\n`,
    });
    const { thrown } = await h.exchange(
      new Request(`${ORIGIN}/logout`, { method: 'POST', headers: sameOrigin }),
    );
    expect(thrown).toEqual({ request: 'POST /logout', message: 'Error: forged' });
    const results = await h.runChecks(['LO-05']);
    expect(results[0]?.thrown).toEqual({ request: 'POST /logout', message: 'Error: forged' });
    expect(results[0]?.serverLog).toContain('Error: forged');
    expect(results[0]?.serverLog).not.toMatch(/passwd|\/home\/grader|nothere/);
  });

  it('answers 503 before any code ran, and knows the check config of its store', async () => {
    const { h } = host('cookie');
    expect(h.running).toBe(false);
    expect((await h.fetch(new Request(`${ORIGIN}/`))).status).toBe(503);
    expect(h.checkConfig()).toEqual({
      baseUrl: ORIGIN,
      sessionCookie: 'session',
      rememberCookie: 'remember',
      secure: false,
      sessionIdMinBits: null,
      learnerRoutes: ['POST /logout'],
    });
  });

  it('stops a run whose check timed out on a server that no longer answers, and says why for the rest', async () => {
    const { h } = host();
    h.load({
      'routes/logout.ts':
        "export default function (app) {\n  app.use('*', () => new Promise(() => {}));\n}\n",
    });
    const results = await h.runChecks(['LO-01', 'LO-03', 'LO-05'], {
      timeoutMs: 200,
      answers: async () => false,
    });
    expect(results.map((r) => [r.id, r.status, r.message.split(':')[0]])).toEqual([
      ['LO-01', 'error', 'Stopped'],
      ['LO-03', 'error', 'Not run'],
      ['LO-05', 'error', 'Not run'],
    ]);
  });
});

describe('helpers', () => {
  it('tidy folds frames outside the learner’s files and shows control characters', () => {
    const stack = [
      'TypeError: x is not a function',
      '    at eval (routes/logout.ts:4:11)',
      '    at dispatch (file:///work/node_modules/hono/dist/compose.js:22:23)',
      '    at /abs/path/app.js:1:2',
      '    at helper (routes/logout.ts:9:3)',
    ].join('\n');
    expect(tidy(stack, ['routes/logout.ts'])).toBe(
      [
        'TypeError: x is not a function',
        '    at eval (routes/logout.ts:4:11)',
        '    at … (the lab server)',
        '    at helper (routes/logout.ts:9:3)',
      ].join('\n'),
    );
    expect(tidy('a\u001b[31mred\rline', [])).toBe('ared\\x0dline');
  });

  it('tidy folds Firefox’s and Safari’s frames outside the learner’s files too', () => {
    const stack = [
      'error: POST /logout failed: TypeError: x is undefined',
      '@routes/logout.ts:4:11',
      'dispatch@http://localhost:4321/_astro/lab-worker-AbC123.js:1:2345',
      'async*fetch@http://localhost:4321/_astro/lab-worker-AbC123.js:1:99',
      'handler@[native code]',
    ].join('\n');
    expect(tidy(stack, ['routes/logout.ts'])).toBe(
      [
        'error: POST /logout failed: TypeError: x is undefined',
        '@routes/logout.ts:4:11',
        '    at … (the lab server)',
      ].join('\n'),
    );
  });

  it('thrownIn reads the request, the headline and the first learner frame of a handler’s error entry', () => {
    const files = ['routes/csrf.ts', 'routes/logout.ts'];
    const v8 = [
      'error: POST /logout failed: TypeError: a',
      'second line of the message, mentioning routes/csrf.ts:1:1',
      '    at … (the lab server)',
      '    at check (routes/logout.ts:9:3)',
      '    at routes/csrf.ts:2:5',
    ].join('\n');
    expect(thrownIn(v8, files)).toEqual({
      request: 'POST /logout',
      message: 'TypeError: a',
      at: { file: 'routes/logout.ts', line: 9, column: 3 },
    });
    expect(thrownIn('error: GET /me failed: Error: b\nhelper@routes/csrf.ts:7:12', files)).toMatchObject({
      at: { file: 'routes/csrf.ts', line: 7, column: 12 },
    });
    // Not a learner's file (a longer name that ends like one does not count either).
    expect(thrownIn('error: GET /me failed: Error: c\n    at x (my-routes/logout.ts:1:1)', files)).toEqual({
      request: 'GET /me',
      message: 'Error: c',
    });
    expect(thrownIn('login: alice signed in', files)).toBeUndefined();
    expect(thrownIn('event listener for logout failed: Error: d', files)).toBeUndefined();
  });

  it('serverLine gives handler failures and listener failures the error level', () => {
    expect(serverLine('session: destroyed on the server')).toEqual({
      level: 'info',
      text: 'session: destroyed on the server',
    });
    expect(serverLine('error: POST /logout failed: Error: x')).toEqual({
      level: 'error',
      text: 'POST /logout failed: Error: x',
    });
    expect(serverLine('event listener for logout failed: Error: x')).toMatchObject({ level: 'error' });
  });

  it('stoppedResults says which check stopped, within how long, and that the rest did not run', () => {
    const [stuck, rest] = stoppedResults(describeChecks(['LO-04', 'LO-08']), 4000);
    expect(stuck).toMatchObject({
      id: 'LO-04',
      status: 'error',
      message: expect.stringMatching(/^Stopped: your code did not finish check LO-04 within 4 seconds/),
    });
    expect(rest).toMatchObject({
      id: 'LO-08',
      status: 'error',
      message:
        'Not run: the lab stopped the server running the checks after LO-04 stopped answering. Fix the endless loop, then run the checks again.',
    });
    expect(stoppedResults([], 1000)).toEqual([]);
  });
});
