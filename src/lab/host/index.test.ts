import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLabHost, serverLine, toProblem } from './index';

/** A default leaf rewritten the way learner files import the sandbox (`@sandbox/…`). */
const leaf = (name: string) =>
  readFileSync(new URL(`../../../sandbox-server/src/routes/${name}`, import.meta.url), 'utf8').replace(/from '\.\.\//g, "from '@sandbox/");

function host(store: 'cookie' | 'server' = 'server') {
  const lines: string[] = [];
  const h = createLabHost({ store, origin: 'http://localhost:8787', secret: 'x'.repeat(32), log: (level, text) => lines.push(`${level}: ${text}`), passwordIterations: 1000 });
  return { h, lines };
}

describe('lab host', () => {
  it('serves the learner file and passes the checks of the reference logout', async () => {
    const { h } = host();
    h.load({ 'routes/logout.ts': leaf('logout.ts') });
    const results = await h.runChecks(['LO-01', 'LO-03', 'LO-04', 'LO-05']);
    expect(results.map((r) => `${r.id}:${r.status}`)).toEqual(['LO-01:pass', 'LO-03:pass', 'LO-04:pass', 'LO-05:pass']);
  });

  it('captures the learner console output into the log and into check results', async () => {
    const { h, lines } = host();
    h.load({ 'routes/logout.ts': leaf('logout.ts').replace('await loginManager.logoutUser(c);', "console.log('bye', { n: 1 }); await loginManager.logoutUser(c);") });
    const [result] = await h.runChecks(['LO-05']);
    expect(result?.logs).toContain('bye {"n":1}');
    expect(lines).toContain('log: [checks] bye {"n":1}');
  });

  it('reports a syntax error with file, line and column, and keeps serving the last good version', async () => {
    const { h } = host();
    h.load({ 'routes/logout.ts': leaf('logout.ts') });
    let problem;
    const files = { 'routes/logout.ts': 'export default function (app) {\n  app.post("/logout", (c) => {\n    const = 1;\n  });\n}\n' };
    try {
      h.load(files);
    } catch (error) {
      problem = toProblem(error, files);
    }
    expect(problem).toMatchObject({ kind: 'compile', file: 'routes/logout.ts', line: 3, column: 11 });
    const res = await h.fetch(new Request('http://localhost:8787/me'));
    expect(res.status).toBe(401);
  });

  it.each([
    ["app.post('/logout', (c) => {\n  await loginManager.logoutUser(c;\n  return c.redirect('/', 303);\n});\n", 2, 34],
    ["const f = (c) => {\n  x(c;\n};\n", 2, 6],
    ["f((c: Context): Response => {\n  x(c;\n});\n", 2, 6],
    ["const g = async (c) => {\n  x(c;\n};\n", 2, 6],
  ])('points a syntax error inside an arrow handler at its real line: %s', (source, line, column) => {
    const files = { 'routes/logout.ts': source };
    let problem;
    try {
      host().h.load(files);
    } catch (error) {
      problem = toProblem(error, files);
    }
    expect(problem).toMatchObject({ kind: 'compile', line, column, message: expect.stringMatching(/Unexpected token/) });
  });

  it('logs a handler that throws as an error, stack included, and the rest of the server log as info', async () => {
    const { h, lines } = host();
    h.load({ 'routes/logout.ts': "export default function (app) {\n  app.post('/logout', () => {\n    throw new Error('boom');\n  });\n}\n" });
    const res = await h.fetch(new Request('http://localhost:8787/logout', { method: 'POST', headers: { origin: 'http://localhost:8787', 'sec-fetch-site': 'same-origin' } }));
    expect(res.status).toBe(500);
    const error = lines.find((line) => line.startsWith('error: '));
    expect(error).toMatch(/^error: POST \/logout failed: Error: boom\n\s+at /);
    expect(lines.filter((line) => !line.startsWith('error: ')).every((line) => line.startsWith('info: '))).toBe(true);
    expect(serverLine('session: destroyed on the server')).toEqual({ level: 'info', text: 'session: destroyed on the server' });
    expect(serverLine('event listener for logout failed: Error: x')).toMatchObject({ level: 'error' });
  });

  it('answers 503 before any code ran', async () => {
    const { h } = host('cookie');
    expect((await h.fetch(new Request('http://localhost:8787/'))).status).toBe(503);
    expect(h.config()).toMatchObject({ sessionCookie: 'session', sessionIdMinBits: null });
  });
});
