/** Which completions the editor offers where: the context logic over real editor states and the real table. */
import { CompletionContext } from '@codemirror/autocomplete';
import { typescriptLanguage } from '../ui/language';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import table from 'virtual:lab-completions';
import { completion, completionsFor, completionTarget, infoBlocks, typeOf } from './index';

/** The document with `|` marking the cursor, as a completion context. */
function at(text: string, explicit = false): CompletionContext {
  const pos = text.indexOf('|');
  const state = EditorState.create({ doc: text.replace('|', ''), extensions: [typescriptLanguage] });
  return new CompletionContext(state, pos, explicit);
}
const handler = (body: string) =>
  `export default function logout(app: LeafApp, { tokens }: LeafDeps): void {\n  app.post('/logout', (c) => {\n    ${body}\n  });\n}\n`;

function labels(text: string, explicit = false): string[] {
  return completionsFor(table, at(text, explicit))?.options.map((o) => o.label) ?? [];
}

describe('where the editor completes what', () => {
  it('after c. offers the context methods, after c.req. the request methods', () => {
    const context = labels(handler('return c.re|'));
    expect(context).toEqual(expect.arrayContaining(['json', 'redirect', 'text', 'header', 'req', 'get']));
    expect(context).not.toContain('destroy');
    const result = completionsFor(table, at(handler('return c.re|')))!;
    // From the start of the word being typed, so accepting replaces `re`.
    expect(result.from).toBe(handler('return c.re|').indexOf('|') - 2);
    expect(labels(handler('const agent = c.req.|'))).toEqual(
      expect.arrayContaining(['header', 'query', 'parseBody', 'json', 'url']),
    );
  });

  it("after session. and c.get('session'). offers the session methods, however it is spelled", () => {
    for (const text of [
      'session.|',
      "c.get('session').|",
      'c.get("session").de|',
      "c\n      .get( 'session' )\n      .|",
      'c.var.session.|',
      'session?.|',
    ]) {
      expect(labels(handler(text)), text).toEqual(
        expect.arrayContaining(['destroy', 'pop', 'regenerate', 'clear', 'get', 'set']),
      );
    }
  });

  it('after a dep offers its members, one level deeper too', () => {
    expect(labels(handler('tokens.|'))).toEqual(
      expect.arrayContaining(['verifyAccess', 'denylist', 'refresh']),
    );
    expect(labels(handler('tokens.denylist.|'))).toEqual(expect.arrayContaining(['add', 'has']));
    expect(labels(handler('await tokens.refresh.re|'))).toEqual(expect.arrayContaining(['revoke', 'rotate']));
    expect(labels(handler('deps.loginManager.|'))).toContain('logoutUser');
    expect(typeOf(table, 'loginManager.remember')).toBe('RememberMe');
  });

  it('a bare word offers the deps and the helpers; an unknown object offers nothing', () => {
    const words = labels(handler('deleteC|'));
    expect(words).toEqual(
      expect.arrayContaining(['deleteCookie', 'getCookie', 'tokens', 'loginManager', 'readForm']),
    );
    expect(labels(handler('foo.|'))).toEqual([]);
    expect(labels(handler('user.|'))).toEqual([]);
    // Not on every space, but on Ctrl+Space.
    expect(labels(handler('|'))).toEqual([]);
    expect(labels(handler('|'), true)).toContain('deleteCookie');
    expect(completionTarget(at(handler('x = 1e|')))).toBeNull();
  });

  it('offers nothing inside strings and comments', () => {
    expect(labels(handler("c.req.header('Content-|')"))).toEqual([]);
    expect(labels(handler('// call session.|'))).toEqual([]);
    expect(labels(handler('/* c.| */'))).toEqual([]);
    expect(labels(handler('const s = `${c.|}`'))).toContain('json');
  });

  it('shows each completion with its signature as detail and its doc comment as info', () => {
    const destroy = table.types['Session']!.find((e) => e.label === 'destroy')!;
    expect(completion(destroy)).toMatchObject({ label: 'destroy', type: 'method', detail: '(): void' });
    expect(typeof completion(destroy).info).toBe('function');
    expect(infoBlocks(destroy)).toEqual([
      { kind: 'signature', text: 'destroy(): void' },
      { kind: 'doc', text: destroy.doc },
    ]);
    const deleteCookie = table.globals.find((e) => e.label === 'deleteCookie')!;
    expect(infoBlocks(deleteCookie)).toContainEqual({
      kind: 'import',
      text: "import { deleteCookie } from 'hono/cookie';",
    });
    const redirect = table.types['Context']!.find((e) => e.label === 'redirect')!;
    const blocks = infoBlocks(redirect);
    expect(blocks[0]!.text).toMatch(/^redirect<T>\(location: string \| URL/);
    expect(blocks.filter((b) => b.kind === 'example')[0]!.text).toContain("c.redirect('/')");
    const tokens = table.globals.find((e) => e.label === 'tokens')!;
    expect(infoBlocks(tokens)[0]).toEqual({ kind: 'signature', text: 'tokens: TokenService' });
  });
});
