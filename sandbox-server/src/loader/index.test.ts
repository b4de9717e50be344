import { describe, expect, it } from 'vitest';
import { createLabApp, LeafRegistrationError } from '../app';
import { TestBrowser } from '../testing';
import type { LeafApp, LeafDeps } from '../app/types';
import {
  AWAIT_MESSAGE,
  buildModuleMap,
  compileLeaf,
  compileLeaves,
  findMisplacedAwait,
  LeafCompileError,
  LeafLoadError,
} from './index';

const LOGOUT = `
import { deleteCookie } from 'hono/cookie';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { safeNext } from '@sandbox/http';

export default function logout(app: LeafApp, { cookies }: LeafDeps): void {
  app.post('/logout', (c) => {
    const session = c.get('session');
    session.destroy();
    deleteCookie(c, cookies.session, { path: '/', secure: cookies.secure });
    console.log('bye');
    return c.redirect(safeNext(c.req.query('next')), 303);
  });
}
`;

describe('compileLeaves', () => {
  it('compiles TypeScript with hono and @sandbox imports into a working leaf', async () => {
    const lines: string[] = [];
    const leaves = compileLeaves(
      { 'routes/logout.ts': LOGOUT },
      { console: { ...console, log: (...a: unknown[]) => lines.push(a.join(' ')) } },
    );
    const { fetch } = createLabApp({ store: 'server', leaves, passwordIterations: 1000 });
    const b = new TestBrowser(fetch);
    await b.login();
    const res = await b.post('/logout?next=//evil.example');
    expect(res.headers.get('Location')).toBe('/');
    expect(res.cookies[0]).toMatchObject({ name: 'sid', value: '', maxAge: 0 });
    expect((await b.get('/me')).status).toBe(401);
    expect(lines).toEqual(['bye']);
  });

  it('says each step before it runs, so a watchdog can name the file that never finished', () => {
    const steps: string[] = [];
    const leaves = compileLeaves(
      {
        'a.ts': "console.log('loading a');\nexport default function () { console.log('registering a'); }",
        'b.ts': 'export default function () {}',
      },
      {
        console: { ...console, log: (text: string) => steps.push(text) },
        onStep: ({ file, stage }) => steps.push(`${stage} ${file}`),
      },
    );
    expect(steps).toEqual(['load a.ts', 'loading a', 'load b.ts']);
    leaves['a.ts']?.default({} as LeafApp, {} as LeafDeps);
    expect(steps.slice(3)).toEqual(['register a.ts', 'registering a']);
  });

  it('reports a syntax error with file, line and column', () => {
    try {
      compileLeaves({ 'routes/logout.ts': 'export default function (app) {\n  app.post(\n  const x = ;\n}' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LeafCompileError);
      const e = error as LeafCompileError;
      expect(e.file).toBe('routes/logout.ts');
      expect(e.line).toBe(3);
      expect(e.column).toBeGreaterThan(0);
      expect(e.message).toMatch(/^routes\/logout.ts:3:\d+: Unexpected token/);
    }
  });

  it('names the file when it throws at import, imports a forbidden module or exports no leaf', () => {
    const cases: [string, RegExp][] = [
      [
        'throw new Error("top-level boom"); export default function () {}',
        /routes\/login.ts: the file threw while loading: Error: top-level boom/,
      ],
      [
        'import { readFileSync } from "node:fs"; readFileSync("/etc/passwd"); export default function () {}',
        /cannot import "node:fs". Route files may import only: hono, hono\/cookie/,
      ],
      ['import x from "../app"; x(); export default function () {}', /cannot import "..\/app"/],
      ['export const notDefault = 1', /must `export default function/],
      ['export default 42', /must `export default function/],
    ];
    for (const [source, message] of cases) {
      expect(() => compileLeaf('routes/login.ts', source)).toThrow(LeafLoadError);
      expect(() => compileLeaf('routes/login.ts', source)).toThrow(message);
    }
  });

  it('exposes the module map the Worker reuses', () => {
    const map = buildModuleMap();
    expect(Object.keys(map)).toEqual(
      expect.arrayContaining([
        'hono',
        'hono/cookie',
        'hono/csrf',
        'hono/jwt',
        '@sandbox/http',
        '@sandbox/session',
        '@sandbox/app/types',
      ]),
    );
    expect((map['hono/cookie'] as Record<string, unknown>).deleteCookie).toBeTypeOf('function');
    expect(Object.keys(map).some((k) => k.startsWith('node:'))).toBe(false);
  });

  it('rejects non-object input', () => {
    expect(() => compileLeaves(null as never)).toThrow(/files must be/);
    expect(() => compileLeaf('routes/x.ts', 42 as never)).toThrow(/must be a string/);
  });
});

/** The thrown error of `run`, or a failed expectation. */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  return expect.unreachable('did not throw');
}

/** The first frame of `file` in a stack trace, as `file:line:column`. */
const frame = (stack: string | undefined, file: string): string | undefined =>
  new RegExp(`${file.replace(/[./]/g, '\\$&')}:\\d+:\\d+`).exec(stack ?? '')?.[0];

describe('stack traces point at the learner’s own lines and columns', () => {
  // Line 6 has a type annotation and a call of an imported name before the throw, so sucrase
  // moves its columns (`const n: number` → `const n`, `safeNext(` → `_http.safeNext.call(void 0, `).
  const HANDLER = [
    "import type { LeafApp } from '@sandbox/app/types';",
    "import { safeNext } from '@sandbox/http';",
    '',
    'export default function logout(app: LeafApp): void {',
    "  app.post('/logout', (c) => {",
    "    const n: number = 1; const to: string = safeNext(c.req.query('next')); undefinedThing.call(n, to);",
    "    return c.redirect('/', 303);",
    '  });',
    '}',
    '',
  ].join('\n');

  it('a handler that throws: the server log says routes/logout.ts:6:<column of the throw>', async () => {
    const log: string[] = [];
    const leaves = compileLeaves({ 'routes/logout.ts': HANDLER });
    const { fetch } = createLabApp({
      store: 'server',
      leaves,
      passwordIterations: 1000,
      log: (line) => log.push(line),
    });
    const res = await fetch(
      new Request('http://localhost/logout', {
        method: 'POST',
        headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
      }),
    );
    expect(res.status).toBe(500);
    const error = log.find((line) =>
      line.startsWith('error: POST /logout failed: ReferenceError: undefinedThing is not defined'),
    );
    expect(error).toBeDefined();
    // Column 76 is `undefinedThing` in the TypeScript; in the JavaScript the engine ran it is further right.
    expect(HANDLER.split('\n')[5]?.indexOf('undefinedThing')).toBe(75);
    expect(frame(error, 'routes/logout.ts')).toBe('routes/logout.ts:6:76');
  });

  it('a handler that throws a TypeError on a known line', async () => {
    const source =
      "export default (app) => {\n  app.get('/boom', (c) => {\n    const x: { y?: { z: number } } = {};\n    return c.text(String(x.y.z));\n  });\n};\n";
    const log: string[] = [];
    const { fetch } = createLabApp({
      store: 'server',
      leaves: compileLeaves({ 'routes/logout.ts': source }),
      passwordIterations: 1000,
      log: (line) => log.push(line),
    });
    expect((await fetch(new Request('http://localhost/boom'))).status).toBe(500);
    const error = log.find((line) => line.startsWith('error: GET /boom failed: TypeError:'));
    // `x.y.z`: the engine points at `z` (line 4, column 30).
    expect(frame(error, 'routes/logout.ts')).toBe('routes/logout.ts:4:30');
  });

  it('a file that throws at top level: the LeafLoadError’s cause points at its line and column', () => {
    const source =
      "import type { LeafApp } from '@sandbox/app/types';\n\nconst limit: number = 3; throw new TypeError(`limit ${limit}`);\nexport default function (app: LeafApp) {}\n";
    const error = thrown(() => compileLeaf('routes/logout.ts', source));
    expect(error).toBeInstanceOf(LeafLoadError);
    expect(error.message).toBe('routes/logout.ts: the file threw while loading: TypeError: limit 3');
    // `new TypeError` starts at column 32 of line 3 (the engine points at the `new`).
    expect(frame((error.cause as Error).stack, 'routes/logout.ts')).toBe('routes/logout.ts:3:32');
  });

  it('a throw on line 1 is not moved by the loader’s wrapper, which shares that line', () => {
    const error = thrown(() =>
      compileLeaf('routes/logout.ts', "throw new Error('first line');\nexport default function () {}"),
    );
    expect(frame((error.cause as Error).stack, 'routes/logout.ts')).toBe('routes/logout.ts:1:7');
  });

  it('a leaf that throws while registering its routes', () => {
    const leaves = compileLeaves({
      'routes/logout.ts': "export default function (app) {\n\n  app.post('/logout', null.handler);\n}\n",
    });
    const error = thrown(() => createLabApp({ store: 'server', leaves, passwordIterations: 1000 }));
    expect(error).toBeInstanceOf(LeafRegistrationError);
    expect(frame((error.cause as Error).stack, 'routes/logout.ts')).toBe('routes/logout.ts:3:28');
  });

  it('a throw in the first argument of an imported call (sucrase rewrites that call)', () => {
    const source =
      "import { safeNext } from '@sandbox/http';\nexport default function (app) {\n  const n: number = 1; safeNext(missing, n);\n}\n";
    const leaf = compileLeaf('routes/logout.ts', source);
    const error = thrown(() => leaf.default({} as LeafApp, {} as LeafDeps));
    expect(error.message).toBe('missing is not defined');
    expect(source.split('\n')[2]?.indexOf('missing')).toBe(32);
    expect(frame(error.stack, 'routes/logout.ts')).toBe('routes/logout.ts:3:33');
  });

  it('maps a stack only once, however often it is asked', () => {
    const leaf = compileLeaf(
      'routes/logout.ts',
      'export default function () {\n  const a: number = 1; throw new Error(String(a));\n}',
    );
    const error = thrown(() => leaf.default({} as LeafApp, {} as LeafDeps));
    leaf.mapStack?.(error);
    leaf.mapStack?.(error);
    expect(frame(error.stack, 'routes/logout.ts')).toBe('routes/logout.ts:2:30');
  });
});

describe('`await` outside an async function', () => {
  const cases: [string, string, number, number][] = [
    [
      'in a plain arrow handler',
      "export default (app) => {\n  app.post('/logout', (c) => {\n    await x();\n    return c.redirect('/', 303);\n  });\n};\n",
      3,
      5,
    ],
    [
      'in a `function` helper inside an async handler, after type annotations and an imported call on the same line',
      "import { deleteCookie } from 'hono/cookie';\nexport default (app) => {\n  app.post('/logout', async (c) => {\n    await Promise.resolve();\n    const clear = function (c: unknown) { deleteCookie(c as never, 'sid'); await 1; };\n    clear(c);\n    return c.redirect('/', 303);\n  });\n};\n",
      5,
      76,
    ],
    [
      'at the top level of the file',
      "import type { LeafApp } from '@sandbox/app/types';\nconst ready: boolean = await Promise.resolve(true);\nexport default function (app: LeafApp) {}\n",
      2,
      24,
    ],
    [
      'in a function declaration',
      'export default function logout(app) {\n  app.post("/logout", handler);\n}\nfunction handler(c) {\n  const s = c.get("session"); await s.destroy();\n  return c.redirect("/", 303);\n}\n',
      5,
      31,
    ],
  ];
  it.each(cases)('%s: a LeafCompileError at the `await`', (_name, source, line, column) => {
    const error = thrown(() => compileLeaves({ 'routes/logout.ts': source }));
    expect(error).toBeInstanceOf(LeafCompileError);
    expect(error).toMatchObject({ file: 'routes/logout.ts', line, column });
    expect(error.message).toBe(`routes/logout.ts:${line}:${column}: ${AWAIT_MESSAGE}`);
    expect(source.split('\n')[line - 1]?.slice(column - 1)).toMatch(/^await /);
  });

  it('leaves an `await` inside async functions, and the words "await" in strings, alone', () => {
    const source =
      "export default (app) => {\n  app.post('/logout', async (c) => {\n    await Promise.resolve('await');\n    return c.text('no await here');\n  });\n};\n";
    expect(() => compileLeaf('routes/logout.ts', source)).not.toThrow();
    expect(
      findMisplacedAwait(
        'async function f() { await 1 }\nfunction g() { const s = "await"; }\nfunction h() { await 2 }',
      ),
    ).toEqual({ line: 3, column: 16 });
  });
});

describe('the learner’s console', () => {
  it('prints an Error’s stack at the learner’s positions, and passes everything else on as it is', async () => {
    const lines: unknown[][] = [];
    const capture = (...args: unknown[]) => lines.push(args);
    const source = [
      'export default (app) => {',
      "  app.get('/try', (c) => {",
      '    try {',
      "      const n: number = 2; JSON.parse('{' + n);",
      '    } catch (error) {',
      "      console.error('parse failed', error);",
      '    }',
      "    console.log('done', 1);",
      "    return c.text('ok');",
      '  });',
      '};',
    ].join('\n');
    const leaves = compileLeaves(
      { 'routes/logout.ts': source },
      { console: { log: capture, info: capture, warn: capture, error: capture, debug: capture } },
    );
    const { fetch } = createLabApp({ store: 'server', leaves, passwordIterations: 1000 });
    expect((await fetch(new Request('http://localhost/try'))).status).toBe(200);
    expect(lines[0]?.[0]).toBe('parse failed');
    expect(frame((lines[0]?.[1] as Error).stack, 'routes/logout.ts')).toBe('routes/logout.ts:4:33');
    expect(lines[1]).toEqual(['done', 1]);
  });
});

describe('a name declared twice in one scope (sucrase accepts it, the engine does not)', () => {
  it.each<[string, string, number, number, string]>([
    [
      'a `const` copied twice into a handler',
      "export default (app) => {\n  app.post('/logout', (c) => {\n    const session = c.get('session');\n    session.destroy();\n    const session = c.get('session');\n    return c.redirect('/', 303);\n  });\n};\n",
      5,
      11,
      '`session` is already declared at line 3, column 11 of this scope',
    ],
    [
      'a parameter declared again, after a type annotation on the same line',
      "export default (app) => {\n  app.post('/logout', (c) => {\n    const x: number = 1; const c = x;\n    return c;\n  });\n};\n",
      3,
      32,
      '`c` is already declared at line 2, column 24 of this scope',
    ],
  ])('%s: a LeafCompileError at the second declaration', (_name, source, line, column, message) => {
    const error = thrown(() => compileLeaves({ 'routes/logout.ts': source }));
    expect(error).toBeInstanceOf(LeafCompileError);
    expect(error).toMatchObject({ file: 'routes/logout.ts', line, column });
    expect(error.message).toContain(`routes/logout.ts:${line}:${column}: ${message}: rename one of them`);
  });

  it('a name declared three times is still a compile problem, without a position to guess', () => {
    const error = thrown(() =>
      compileLeaf('routes/logout.ts', 'let a = 1;\nlet a = 2;\nlet a = 3;\nexport default function () {}'),
    );
    expect(error).toBeInstanceOf(LeafLoadError);
    expect(error.message).toMatch(/^routes\/logout\.ts: the file does not compile: SyntaxError: .*\ba\b/);
  });
});

describe('file names', () => {
  it('refuses a file name with a line break (it ends the code in a //# sourceURL comment)', () => {
    expect(() =>
      compileLeaf('routes/x.ts\nglobalThis.pwned = 1; //', 'export default function () {}'),
    ).toThrow(/cannot contain a line break/);
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });
});
