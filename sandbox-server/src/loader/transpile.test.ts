import { describe, expect, it } from 'vitest';
import { LeafCompileError, transpileLeaf } from './transpile';

/** The handler of lab 5's solution, the shape most learner mistakes happen in. */
const LOGOUT = `import { deleteCookie } from 'hono/cookie';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { cookies, remember }: LeafDeps): void {
  app.post('/logout', async (c) => {
    const session = c.get('session');
    const theme = session.get('theme');
    session.destroy();
    if (theme) {
      session.set('theme', theme);
    } else {
      deleteCookie(c, cookies.session, { path: '/', secure: cookies.secure });
    }
    await remember.revoke(c);
    c.header('Clear-Site-Data', '"cache", "storage"');
    return c.redirect('/', 303);
  });
}
`;

/** The same handler as a plain arrow (lab 3's starter shape), which sucrase parses speculatively. */
const SYNC = LOGOUT.replace('async (c) =>', '(c) =>').replace('await remember', 'void remember');

/** The compile error of `source`, or a failed expectation when it compiles. */
function compileError(source: string, file = 'routes/logout.ts'): LeafCompileError {
  try {
    transpileLeaf(file, source);
  } catch (error) {
    expect(error).toBeInstanceOf(LeafCompileError);
    return error as LeafCompileError;
  }
  return expect.unreachable(`compiled:\n${source}`);
}

/** `source` with `from` replaced (exactly once) by `to`. */
function edit(source: string, from: string, to: string): string {
  expect(source.split(from)).toHaveLength(2);
  return source.replace(from, to);
}

describe('syntax errors point at the real place', () => {
  it('compiles the reference handler', () => {
    expect(() => transpileLeaf('routes/logout.ts', LOGOUT)).not.toThrow();
    expect(() => transpileLeaf('routes/logout.ts', SYNC)).not.toThrow();
  });

  it.each<[string, string, number, number, RegExp]>([
    [
      'a missing `)` inside an arrow handler (the brief’s example)',
      "export default (app) => {\n  app.post('/logout', (c) => {\n    c.header('Clear-Site-Data', '\"cookies\"'\n    return c.redirect('/', 303);\n  });\n};\n",
      4,
      5,
      /^Unexpected token `return`, expected `,`\. The `\(` at line 3, column 13 is still open here: is a `\)` or a `,` missing before `return`\?$/,
    ],
    [
      'a missing `)` inside an async arrow',
      edit(
        LOGOUT,
        'c.header(\'Clear-Site-Data\', \'"cache", "storage"\');',
        'c.header(\'Clear-Site-Data\', \'"cache", "storage"\';',
      ),
      15,
      53,
      /^Unexpected token `;`, expected `,`\. The `\(` at column 13 is still open here/,
    ],
    [
      'a missing `)` of a multi-line call',
      edit(
        LOGOUT,
        "deleteCookie(c, cookies.session, { path: '/', secure: cookies.secure });",
        "deleteCookie(\n        c,\n        cookies.session,\n        { path: '/', secure: cookies.secure }\n      \n      session.destroy();",
      ),
      17,
      7,
      /^Unexpected token `session`, expected `,`\. The `\(` at line 12, column 19 is still open here/,
    ],
    [
      'a missing `}` of an if block',
      edit(LOGOUT, '    } else {', '    else {'),
      11,
      5,
      /^Unexpected token `else`\. The `{` at line 9, column 16 is still open here: is a `}` or a `,` missing before `else`\?$/,
    ],
    [
      'a missing `}` closing the handler',
      edit(LOGOUT, "    return c.redirect('/', 303);\n  });", "    return c.redirect('/', 303);\n  );"),
      17,
      3,
      /^Unexpected token `\)`\. The `{` at line 5, column 36 is still open here/,
    ],
    [
      'a missing `,` in an object literal',
      edit(LOGOUT, "{ path: '/', secure: cookies.secure }", "{ path: '/' secure: cookies.secure }"),
      12,
      52,
      /^Unexpected token `secure`, expected `,`\. The `{` at column 40 is still open here: is a `}` or a `,` missing before `secure`\?$/,
    ],
    [
      'a missing `,` in an argument list',
      edit(
        LOGOUT,
        'c.header(\'Clear-Site-Data\', \'"cache", "storage"\');',
        'c.header(\'Clear-Site-Data\' \'"cache", "storage"\');',
      ),
      15,
      32,
      /^Unexpected token `'"cache", "storage"'`, expected `,`\. The `\(` at column 13 is still open here/,
    ],
    [
      'a missing `)` inside a plain arrow handler',
      edit(
        SYNC,
        'c.header(\'Clear-Site-Data\', \'"cache", "storage"\');',
        'c.header(\'Clear-Site-Data\', \'"cache", "storage"\'',
      ),
      16,
      5,
      /^Unexpected token `return`, expected `,`\. The `\(` at line 15, column 13 is still open here/,
    ],
    [
      'a missing `}` of an if block inside a plain arrow handler',
      edit(SYNC, '    } else {', '    else {'),
      11,
      5,
      /^Unexpected token `else`\. The `{` at line 9, column 16 is still open here/,
    ],
    [
      'a missing `}` closing a plain arrow handler',
      edit(SYNC, "    return c.redirect('/', 303);\n  });", "    return c.redirect('/', 303);\n  );"),
      17,
      3,
      /^Unexpected token `\)`\. The `{` at line 5, column 30 is still open here/,
    ],
    [
      'a missing `,` in an object literal inside a plain arrow handler',
      edit(SYNC, "{ path: '/', secure: cookies.secure }", "{ path: '/' secure: cookies.secure }"),
      12,
      52,
      /^Unexpected token `secure`, expected `,`/,
    ],
    [
      'a mistake in a helper function declared with `function`',
      "import type { LeafApp } from '@sandbox/app/types';\n\nfunction clear(c) {\n  c.header('Clear-Site-Data', '\"cache\"'\n  return c;\n}\n\nexport default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => clear(c).redirect('/', 303));\n}\n",
      5,
      3,
      /^Unexpected token `return`, expected `,`/,
    ],
    [
      'a mistake in an arrow with typed parameters and a return type',
      "import type { Context } from 'hono';\nexport default (app) => {\n  const handler = async (c: Context): Promise<Response> => {\n    c.header('x', 'y'\n    return c.text('ok');\n  };\n  app.post('/logout', handler);\n};\n",
      5,
      5,
      /^Unexpected token `return`/,
    ],
    [
      'a mistake after a function type (not an arrow to make async)',
      "type Handler = (c: unknown) => Response;\nexport default (app) => {\n  app.post('/logout', (c) => {\n    c.header('x' 'y');\n  });\n};\n",
      4,
      18,
      /^Unexpected token `'y'`, expected `,`/,
    ],
  ])('%s', (_name, source, line, column, message) => {
    const error = compileError(source);
    expect({ file: error.file, line: error.line, column: error.column }).toEqual({
      file: 'routes/logout.ts',
      line,
      column,
    });
    expect(error.message.slice(`routes/logout.ts:${line}:${column}: `.length)).toMatch(message);
    expect(error.message.startsWith(`routes/logout.ts:${line}:${column}: `)).toBe(true);
  });

  it('a string left open at the end of its line: its opening quote, not where sucrase stopped', () => {
    const source = edit(SYNC, '\'"cache", "storage"\');', '\'"cache", "storage");');
    const error = compileError(source);
    expect([error.line, error.column]).toEqual([15, 33]);
    expect(error.message).toBe(
      "routes/logout.ts:15:33: Unterminated string: the `'` here has no closing `'` on its line",
    );
  });

  it('curried arrows: the mistake inside the inner one', () => {
    const error = compileError(
      "export default (app) => {\n  const go = (c) => (d) => {\n    d.header('a' 'b');\n  };\n};\n",
    );
    expect([error.line, error.column]).toEqual([3, 18]);
  });

  it('one `)` too many, and a keyword where a name goes (no bracket hint where none helps)', () => {
    const extra = compileError(
      "export default (app) => {\n  app.post('/logout', (c) => {\n    return c.redirect('/', 303);\n  }));\n};\n",
    );
    expect(extra.message).toBe(
      'routes/logout.ts:4:5: Unexpected token `)`, expected `;`. The `{` at line 1, column 25 is still open here: is a `}` missing before `)`, or is this `)` one too many?',
    );
    const keyword = compileError(
      "export default (app) => {\n  app.post('/logout', (c) => {\n    const return = 1;\n  });\n};\n",
    );
    expect(keyword.message).toBe('routes/logout.ts:3:11: Unexpected token `return`');
  });

  it('names the bracket that is never closed at the end of the file', () => {
    const error = compileError(
      "export default (app) => {\n  app.post('/logout', (c) => {\n    return c.redirect('/', 303);\n",
    );
    expect([error.line, error.column]).toEqual([4, 1]);
    expect(error.message).toBe(
      'routes/logout.ts:4:1: Unexpected end of file: the `{` at line 2, column 30 is never closed (a `}` is missing)',
    );
  });

  it('ignores brackets inside strings, template literals and comments when naming the open one', () => {
    const error = compileError(
      "export default (app) => {\n  // a ( in a comment\n  app.post('/logout', (c) => {\n    const s = `(${'['}`;\n    c.header('x', s\n    return c.text(')');\n  });\n};\n",
    );
    expect([error.line, error.column]).toEqual([6, 5]);
    expect(error.message).toMatch(/The `\(` at line 5, column 13 is still open here/);
  });

  it('keeps positions that sucrase already reports right', () => {
    const error = compileError('export default function (app) {}\nconst broken = ;\n');
    expect(error.message).toBe('routes/logout.ts:2:16: Unexpected token `;`');
  });
});

describe('transpileLeaf keeps lines', () => {
  it('keeps every line where it was across type annotations, imports and export default', () => {
    const code = transpileLeaf('routes/logout.ts', LOGOUT);
    const lines = code.split('\n');
    const source = LOGOUT.split('\n');
    expect(lines).toHaveLength(source.length);
    // Each statement is on its source line (columns move: types go, imported calls are rewritten).
    for (const [index, text] of source.entries()) {
      const token = /(session\.destroy|remember\.revoke|c\.header|c\.redirect|deleteCookie|app\.post)\(/.exec(
        text,
      )?.[1];
      if (token !== undefined) expect(lines[index], `line ${index + 1}`).toContain(`${token}`);
    }
    expect(lines[0]).toContain("require('hono/cookie')");
    expect(lines[3]).toMatch(/^ function logout\(app, \{ cookies, remember \}\) \{$/);
    expect(lines[11]).toContain('_cookie.deleteCookie.call(void 0, c,');
    expect(lines[17]).toContain('exports.default = logout');
  });
});
