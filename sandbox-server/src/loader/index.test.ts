import { describe, expect, it } from 'vitest';
import { createLabApp } from '../app';
import { TestBrowser } from '../testing';
import type { LeafApp, LeafDeps } from '../app/types';
import { buildModuleMap, compileLeaf, compileLeaves, LeafCompileError, LeafLoadError, transpileLeaf } from './index';

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
    const leaves = compileLeaves({ 'routes/logout.ts': LOGOUT }, { console: { ...console, log: (...a: unknown[]) => lines.push(a.join(' ')) } });
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
      { 'a.ts': "console.log('loading a');\nexport default function () { console.log('registering a'); }", 'b.ts': 'export default function () {}' },
      { console: { ...console, log: (text: string) => steps.push(text) }, onStep: ({ file, stage }) => steps.push(`${stage} ${file}`) },
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
      ['throw new Error("top-level boom"); export default function () {}', /routes\/login.ts: the file threw while loading: Error: top-level boom/],
      ['import { readFileSync } from "node:fs"; readFileSync("/etc/passwd"); export default function () {}', /cannot import "node:fs". Route files may import only: hono, hono\/cookie/],
      ['import x from "../app"; x(); export default function () {}', /cannot import "..\/app"/],
      ['export const notDefault = 1', /must `export default function/],
      ['export default 42', /must `export default function/],
    ];
    for (const [source, message] of cases) {
      expect(() => compileLeaf('routes/login.ts', source)).toThrow(LeafLoadError);
      expect(() => compileLeaf('routes/login.ts', source)).toThrow(message);
    }
  });

  it('preserves line numbers so stack traces point at the learner’s lines', () => {
    const code = transpileLeaf('routes/x.ts', 'const a: number = 1\n\n\nexport default function () { throw new Error(String(a)) }');
    expect(code.split('\n')).toHaveLength(4);
  });

  it('exposes the module map the Worker reuses', () => {
    const map = buildModuleMap();
    expect(Object.keys(map)).toEqual(
      expect.arrayContaining(['hono', 'hono/cookie', 'hono/csrf', 'hono/jwt', '@sandbox/http', '@sandbox/session', '@sandbox/app/types']),
    );
    expect((map['hono/cookie'] as Record<string, unknown>).deleteCookie).toBeTypeOf('function');
    expect(Object.keys(map).some((k) => k.startsWith('node:'))).toBe(false);
  });

  it('rejects non-object input', () => {
    expect(() => compileLeaves(null as never)).toThrow(/files must be/);
    expect(() => compileLeaf('routes/x.ts', 42 as never)).toThrow(/must be a string/);
  });
});
