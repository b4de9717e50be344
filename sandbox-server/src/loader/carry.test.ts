/**
 * The WebContainer's path: the page transpiles (transpileCarryingPositions), and the container's
 * loader gets JavaScript with sucrase replaced by a stub that returns the code as it is
 * (scripts/build-webcontainer-tree.mjs). Positions must still be the learner's TypeScript ones.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Sucrase from 'sucrase';
import { createLabApp } from '../app';
import { AWAIT_MESSAGE, compileLeaf, compileLeaves, LeafCompileError } from './index';
import { transpileCarryingPositions } from './transpile';

const stub = vi.hoisted(() => ({ on: false }));
vi.mock('sucrase', async (importOriginal) => {
  const real = await importOriginal<typeof Sucrase>();
  // The tree's stub: `export function transform(code) { return { code }; }`.
  return {
    ...real,
    transform: (code: string, options: Sucrase.Options) =>
      stub.on ? { code } : real.transform(code, options),
  };
});
afterEach(() => {
  stub.on = false;
});

/** The page's transpile, then the container's loader input. */
function inTheContainer(file: string, source: string): string {
  const code = transpileCarryingPositions(file, source);
  stub.on = true;
  return code;
}

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

const frame = (stack: string | undefined): string | undefined =>
  /routes\/logout\.ts:\d+:\d+/.exec(stack ?? '')?.[0];

describe('code transpiled in the page, loaded in the WebContainer', () => {
  it('carries the map on one extra last line and keeps every other line where it was', () => {
    const code = transpileCarryingPositions('routes/logout.ts', HANDLER);
    const lines = code.split('\n');
    expect(lines).toHaveLength(HANDLER.split('\n').length + 1);
    expect(lines.at(-1)).toMatch(/^\/\/# leafPositions=[\w%.!~*'()-]+$/);
  });

  it('a handler that throws: the stack names the TypeScript line and column', async () => {
    const log: string[] = [];
    const leaves = compileLeaves({ 'routes/logout.ts': inTheContainer('routes/logout.ts', HANDLER) });
    const { fetch } = createLabApp({
      store: 'server',
      leaves,
      passwordIterations: 1000,
      log: (line) => log.push(line),
    });
    await fetch(
      new Request('http://localhost/logout', {
        method: 'POST',
        headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
      }),
    );
    expect(frame(log.find((line) => line.includes('undefinedThing is not defined')))).toBe(
      'routes/logout.ts:6:76',
    );
  });

  it('the same through a loader with the real sucrase (which transpiles the JavaScript again)', async () => {
    const log: string[] = [];
    const leaves = compileLeaves({
      'routes/logout.ts': transpileCarryingPositions('routes/logout.ts', HANDLER),
    });
    const { fetch } = createLabApp({
      store: 'server',
      leaves,
      passwordIterations: 1000,
      log: (line) => log.push(line),
    });
    await fetch(
      new Request('http://localhost/logout', {
        method: 'POST',
        headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
      }),
    );
    expect(frame(log.find((line) => line.includes('undefinedThing is not defined')))).toBe(
      'routes/logout.ts:6:76',
    );
  });

  it('an `await` in a plain arrow, after an imported call on the same line: a LeafCompileError at the TypeScript column', () => {
    const source =
      "import { deleteCookie } from 'hono/cookie';\nexport default (app) => {\n  app.post('/logout', (c) => {\n    deleteCookie(c, 'sid'); await c.get('session').destroy();\n    return c.redirect('/', 303);\n  });\n};\n";
    const code = inTheContainer('routes/logout.ts', source);
    let error: unknown;
    try {
      compileLeaf('routes/logout.ts', code);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LeafCompileError);
    expect(error).toMatchObject({
      file: 'routes/logout.ts',
      line: 4,
      column: 29,
      message: `routes/logout.ts:4:29: ${AWAIT_MESSAGE}`,
    });
    expect(source.split('\n')[3]?.slice(28)).toMatch(/^await /);
  });

  it('a file the page did not transpile this way keeps the code’s own positions', () => {
    stub.on = true;
    let error: Error | undefined;
    try {
      compileLeaf('routes/logout.ts', "'use strict';\n  null.x;\nexports.default = function () {};");
    } catch (caught) {
      error = caught as Error;
    }
    expect(frame((error?.cause as Error | undefined)?.stack)).toBe('routes/logout.ts:2:8');
  });
});
