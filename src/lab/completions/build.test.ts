/**
 * The completion table comes from the sandbox's declarations: signatures and doc comments as
 * written there, every dep of LeafDeps, the Hono context and request, the cookie helpers.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import served from 'virtual:lab-completions';
import { buildCompletionTable, type BuiltTable } from './build';
import type { CompletionEntry, CompletionTable } from './table';

let built: BuiltTable;
let table: CompletionTable;
beforeAll(async () => {
  built = await buildCompletionTable();
  table = built.table;
}, 60_000);

const sandbox = (path: string) =>
  readFileSync(new URL(`../../../sandbox-server/src/${path}`, import.meta.url), 'utf8');

function member(type: string, label: string): CompletionEntry {
  const entry = table.types[type]?.find((e) => e.label === label);
  if (!entry)
    throw new Error(`${type} has no ${label}: ${table.types[type]?.map((e) => e.label).join(', ')}`);
  return entry;
}
const global = (label: string) => table.globals.find((e) => e.label === label);

/** The doc comment right above `declaration` in a sandbox file, as one line (what the checker reads). */
function docAbove(file: string, declaration: string): string {
  const text = sandbox(file);
  const at = text.indexOf(declaration);
  expect(at, `${declaration} in ${file}`).toBeGreaterThan(0);
  const above = text.slice(0, at);
  const comment = /\/\*\*([\s\S]*?)\*\/\s*$/.exec(above.slice(above.lastIndexOf('/**')))?.[1] ?? '';
  return comment
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, '').trim())
    .filter(Boolean)
    .join(' ');
}
/** A doc as one line: the table keeps the comment's line breaks, the info panel flows them. */
const flat = (doc: string) => doc.replace(/\s+/g, ' ');

describe('the completion table', () => {
  it('types each expression a learner writes before a dot', () => {
    expect(table.roots).toMatchObject({
      c: 'Context',
      'c.req': 'HonoRequest',
      "c.get('session')": 'Session',
      'c.var.session': 'Session',
      session: 'Session',
      deps: 'LeafDeps',
      tokens: 'TokenService',
      loginManager: 'LoginManager',
      users: 'UserDirectory',
      remember: 'RememberMe',
    });
  });

  it('has every session method with its signature and doc comment from session/index.ts', () => {
    const session = sandbox('session/index.ts');
    const body = session.slice(session.indexOf('export interface Session {'));
    const methods = [...body.slice(0, body.indexOf('\n}')).matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]);
    expect(methods).toContain('destroy');
    expect(table.types['Session']!.map((e) => e.label)).toEqual(expect.arrayContaining(methods));
    expect(member('Session', 'destroy')).toMatchObject({ type: 'method', detail: '(): void' });
    expect(member('Session', 'destroy').doc).toBe(docAbove('session/index.ts', 'destroy(): void;'));
    expect(member('Session', 'pop')).toMatchObject({
      detail: '(key: string): string | undefined',
      doc: docAbove('session/index.ts', 'pop(key: string)'),
    });
    expect(member('Session', 'set').detail).toBe('(key: string, value: string): void');
    expect(member('Session', 'store')).toMatchObject({ type: 'property', detail: 'StoreKind' });
  });

  it('offers every dep of LeafDeps at the top level, and follows them one level deeper', () => {
    const types = sandbox('app/types.ts');
    const body = types.slice(types.indexOf('export interface LeafDeps {'));
    const deps = [...body.slice(0, body.indexOf('\n}')).matchAll(/^ {2}(\w+)[:(]/gm)].map((m) => m[1]);
    expect(deps).toEqual(expect.arrayContaining(['users', 'loginManager', 'tokens', 'log']));
    expect(table.globals.map((e) => e.label)).toEqual(expect.arrayContaining(deps));
    expect(global('log')).toMatchObject({
      type: 'function',
      detail: '(line: string): void',
      doc: docAbove('app/types.ts', 'log: (line: string) => void;'),
    });
    expect(global('tokens')).toMatchObject({ type: 'variable', detail: 'TokenService', of: 'TokenService' });
    expect(member('TokenService', 'denylist').of).toBe('Denylist');
    expect(member('Denylist', 'add')).toMatchObject({
      detail: '(key: string, untilEpochSeconds: number): void',
      doc: docAbove('tokens/index.ts', 'add(key: string, untilEpochSeconds: number)'),
    });
    expect(member('RefreshTokens', 'revoke').detail).toBe('(token: unknown): Promise<void>');
    expect(member('LoginManager', 'logoutUser').detail).toBe('(c: Context): Promise<void>');
    expect(flat(member('LoginManager', 'logoutUser').doc)).toBe(
      docAbove('login-manager/index.ts', 'async logoutUser('),
    );
    expect(member('LoginManager', 'remember').of).toBe('RememberMe');
  });

  it('leaves out private members, constructors and what Hono marks deprecated', () => {
    const labels = Object.values(table.types).flatMap((entries) => entries.map((e) => e.label));
    expect(labels.filter((l) => l.startsWith('#') || l.startsWith('__') || l === 'constructor')).toEqual([]);
    // LoginManager keeps #users, #cookies... to itself.
    expect(table.types['LoginManager']!.map((e) => e.label)).not.toContain('users');
    // HonoRequest's routePath and matchedRoutes are @deprecated in Hono's declarations.
    expect(table.types['HonoRequest']!.map((e) => e.label)).not.toContain('routePath');
  });

  it("has the Hono context methods the labs use, with Hono's own docs and examples", () => {
    for (const label of ['json', 'redirect', 'text', 'html', 'header', 'body', 'status', 'get', 'set'])
      expect(member('Context', label).type).toBe('method');
    expect(member('Context', 'redirect')).toMatchObject({
      detail: expect.stringContaining('(location: string | URL, status?: T)'),
      doc: expect.stringContaining('Redirect'),
    });
    expect(member('Context', 'redirect').examples?.[0]).toContain("c.redirect('/')");
    // Overloads are all kept; `json` has two in hono's JSONRespond.
    expect(member('Context', 'json').overloads?.length).toBeGreaterThan(1);
    expect(member('Context', 'req')).toMatchObject({ type: 'property', of: 'HonoRequest' });
    // c.get is typed by the app's Variables: the key is the session.
    expect(member('Context', 'get').detail).toContain('session: Session');
    for (const label of ['header', 'query', 'param', 'json', 'parseBody', 'url', 'method', 'path'])
      expect(table.types['HonoRequest']!.map((e) => e.label)).toContain(label);
    expect(member('HonoRequest', 'header').doc).toContain('header');
  });

  it('has the cookie helpers of hono/cookie and the request helpers of @sandbox/http, with where to import them', () => {
    for (const label of ['getCookie', 'setCookie', 'deleteCookie', 'getSignedCookie', 'setSignedCookie'])
      expect(global(label)).toMatchObject({ type: 'function', module: 'hono/cookie' });
    expect(global('deleteCookie')!.detail).toBe(
      '(c: Context, name: string, opt?: CookieOptions): string | undefined',
    );
    expect(global('getCookie')!.overloads).toContain('(c: Context): Cookie');
    expect(global('readForm')).toMatchObject({
      module: '@sandbox/http',
      detail: '(c: Context): Promise<Record<string, string>>',
      doc: docAbove('http/index.ts', 'export async function readForm'),
    });
    expect(global('default')).toBeUndefined();
  });

  it('is what virtual:lab-completions serves, and names the sandbox files it read', () => {
    expect(served).toEqual(table);
    expect(built.files).toEqual(
      expect.arrayContaining([expect.stringMatching(/sandbox-server\/src\/session\/index\.ts$/)]),
    );
  });
});
