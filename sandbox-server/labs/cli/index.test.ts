import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_RANGE_TEXT } from '../../checks/catalog';
import { MAX_REQUEST_BYTES, main, USAGE } from '.';

const GOOD = `import type { LeafApp } from '@sandbox/app/types';
export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    c.get('session').pop('userId');
    return c.redirect('/', 303);
  });
}
`;
const REDIRECT_ONLY = `export default function logout(app) {
  app.post('/logout', (c) => c.redirect('/', 303));
}
`;

const root = mkdtempSync(join(tmpdir(), 'lab-cli-'));
const lessons = join(root, 'lessons');
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const manifest = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    title: 'Write the logout route',
    goal: 'Log out.',
    store: 'cookie',
    editable: ['routes/logout.ts'],
    checks: ['LO-03', 'LO-05', 'LO-08'],
    provided: ['LO-03'],
    mistakes: [{ name: 'redirect-only', title: 'Redirects only', fails: ['LO-05', 'LO-08'] }],
    ...extra,
  });
write('lessons/03-basic-logout-route/lab/lab.json', manifest());
write('lessons/03-basic-logout-route/lab/starter/routes/logout.ts', REDIRECT_ONLY);
write('lessons/03-basic-logout-route/lab/solution/routes/logout.ts', GOOD);
write('lessons/03-basic-logout-route/lab/mistakes/redirect-only/routes/logout.ts', REDIRECT_ONLY);
write('lessons/04-no-lab/index.mdx', '---\ntitle: x\n---\n');
write('work/good/routes/logout.ts', GOOD);
write('work/flat/logout.ts', GOOD);
write('work/bad/routes/logout.ts', REDIRECT_ONLY);
write(
  'work/noisy/routes/logout.ts',
  `export default function logout(app) {
  app.post('/logout', (c) => { console.log('LEARNER logout ran'); return c.redirect('/', 303); });
}
`,
);
write('work/syntax/routes/logout.ts', 'export default function (app) {}\nconst broken = ;\n');
// The learner's commonest syntax error: a missing `)` inside an arrow handler (line 4).
write(
  'work/paren/routes/logout.ts',
  "export default (app) => {\n  app.post('/logout', (c) => {\n    c.header('Clear-Site-Data', '\"cookies\"'\n    return c.redirect('/', 303);\n  });\n};\n",
);
write('work/throws/routes/logout.ts', 'throw new Error("top-level boom");\n');
// A handler that throws a TypeError on line 4 of what the learner wrote (column 85: the `y` of `x.y`).
write(
  'work/handler-throws/routes/logout.ts',
  "import type { LeafApp } from '@sandbox/app/types';\nexport default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    const x: { y: string } = undefined as unknown as { y: string }; return c.text(x.y);\n  });\n}\n",
);
mkdirSync(join(root, 'work/empty'), { recursive: true });

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    lessonsDir: lessons,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = (name: string) => join(root, 'work', name);

describe('lab CLI', () => {
  it('prints usage for help, and exits 2 for no or an unknown command', async () => {
    expect(await run('help')).toEqual({ code: 0, out: USAGE, err: '' });
    expect((await run()).code).toBe(2);
    const unknown = await run('mark', '3');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^Unknown command "mark"\.\n\nUsage: npm run lab/);
  });

  it.each(['3', '03', '03-basic-logout-route', 'basic-logout-route', 'lessons/03-basic-logout-route/'])(
    'check accepts lesson "%s"',
    async (lesson) => {
      const { code, out } = await run('check', lesson, '--dir', dir('good'));
      expect(code).toBe(0);
      expect(out).toContain('Lab 03-basic-logout-route: Write the logout route');
    },
  );

  it('check prints a readable report and exits 0 when everything passes', async () => {
    const { code, out } = await run('check', '3', '--dir', dir('flat'));
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'Lab 03-basic-logout-route: Write the logout route',
        `Checked ${dir('flat')} against 3 checks.`,
        '',
        '✔ LO-03 Same-origin POST works; safe redirect',
        '✔ LO-05 Browser-style flow ends logged out',
        '✔ LO-08 Non-auth prefs survive, auth does not',
        '',
        '3 passed, 0 failed. All required checks pass.',
      ].join('\n'),
    );
  });

  it('check explains failures with message, hint and requests, and exits 1', async () => {
    const { code, out } = await run('check', '3', '--dir', dir('bad'));
    expect(code).toBe(1);
    expect(out).toContain(
      '✘ LO-05 Browser-style flow ends logged out (fail)\n    After clicking logout, the browser is still logged in.\n    Sent: ',
    );
    expect(out).toContain(
      '    Hint: Logout must clear the session, not only redirect (lesson 03-basic-logout-route).',
    );
    expect(out).toMatch(/ {4}Requests:\n {6}POST \/login → 303, Location: \/dashboard, Set-Cookie: session=/);
    expect(out).toMatch(/\n1 passed, 2 failed\.$/);
  });

  it('check shows the learner’s console output and the server log as two sections', async () => {
    const { code, out } = await run('check', '3', '--dir', dir('noisy'));
    expect(code).toBe(1);
    const lo05 = out.slice(out.indexOf('✘ LO-05'), out.indexOf('✘ LO-08'));
    expect(lo05).toMatch(
      /\n {4}┌─ Your console output \(printed by your code\)\n {4}│ LEARNER logout ran\n {4}└─\n {4}┌─ Server log \(the lab server and anything else your app printed\)\n {4}│ login: alice signed in/,
    );
    expect(lo05.slice(lo05.indexOf('Server log'))).not.toContain('LEARNER');
    const json = JSON.parse((await run('check', '3', '--dir', dir('noisy'), '--json')).out) as {
      results: { id: string; logs: string; serverLog: string }[];
    };
    const result = json.results.find((r) => r.id === 'LO-05');
    expect(result?.logs).toBe('LEARNER logout ran');
    expect(result?.serverLog).toMatch(/^login: alice signed in/);
  });

  it('check says where the learner’s handler threw, as file:line:column, under each check it broke', async () => {
    const { code, out } = await run('check', '3', '--dir', dir('handler-throws'));
    expect(code).toBe(1);
    const lo05 = out.slice(out.indexOf('✘ LO-05'), out.indexOf('✘ LO-08'));
    expect(lo05).toContain(
      "\n    Your code threw at routes/logout.ts:4:85 (POST /logout): TypeError: Cannot read properties of undefined (reading 'y')\n    Hint: ",
    );
    const json = JSON.parse((await run('check', '3', '--dir', dir('handler-throws'), '--json')).out) as {
      results: { id: string; thrown?: unknown }[];
    };
    expect(json.results.find((r) => r.id === 'LO-05')?.thrown).toEqual({
      request: 'POST /logout',
      message: "TypeError: Cannot read properties of undefined (reading 'y')",
      at: { file: 'routes/logout.ts', line: 4, column: 85 },
    });
  });

  it('check --json prints the results as JSON', async () => {
    const { code, out } = await run('check', '3', '--dir', dir('bad'), '--json');
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      lesson: string;
      ok: boolean;
      results: { id: string; status: string; trace: unknown[] }[];
    };
    expect(report.lesson).toBe('03-basic-logout-route');
    expect(report.ok).toBe(false);
    expect(report.results.map((r) => `${r.id}:${r.status}`)).toEqual([
      'LO-03:pass',
      'LO-05:fail',
      'LO-08:fail',
    ]);
    expect(report.results[1]?.trace.length).toBeGreaterThan(0);
  });

  it.each([
    [
      ['check', '9', '--dir', 'x'],
      'Unknown lesson "9": use a lesson number (3) or a slug (03-basic-logout-route).',
    ],
    [
      ['check', '4', '--dir', 'x'],
      'Lesson 04-no-lab has no lab: create lessons/04-no-lab/lab/lab.json to add one.',
    ],
    [['check', '3'], '"check" needs --dir <path>: the folder holding your editable files.'],
    [['check', '--dir', 'x'], '"check" needs a lesson, e.g. npm run lab -- check 3 --dir ./my-work.'],
    [['check', '3', '--dir'], '--dir needs a value, e.g. --dir ./my-work.'],
    [['check', '3', '--dir', 'x', '--port', '1'], 'Unknown option --port for "check".'],
    [['serve', '3', '--solution', '--dir', 'x'], 'Use either --solution or --dir <path>, not both.'],
    [['serve', '3', '--port', 'abc'], '--port must be a whole number from 0 to 65535, got "abc".'],
    [['serve', '3', '--solution=yes'], '--solution takes no value: write --solution on its own.'],
    [['serve', '3', '--dir', '--solution'], '--dir needs a value, e.g. --dir ./my-work.'],
    [['verify', '--json'], 'Unknown option --json for "verify".'],
    [['grade', '3', '--submissions'], '--submissions needs a value, e.g. --submissions ./class.'],
    [['grade', '3', '-s'], '-s needs a value, e.g. --submissions ./class.'],
    [['grade', '3', '--dir', 'x'], 'Unknown option --dir for "grade".'],
  ])('exits 2 for bad input %j', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe(message);
  });

  it('exits 2 naming a missing folder or file', async () => {
    const missingDir = await run('check', '3', '--dir', dir('nope'));
    expect(missingDir).toMatchObject({
      code: 2,
      err: `The folder ${dir('nope')} does not exist: pass --dir with the folder holding your routes/logout.ts.`,
    });
    const missingFile = await run('check', '3', '--dir', dir('empty'));
    expect(missingFile.code).toBe(2);
    expect(missingFile.err).toBe(
      `Missing file: ${join(dir('empty'), 'routes/logout.ts')}. Lesson 03-basic-logout-route grades routes/logout.ts; put your routes/logout.ts in ${dir('empty')} (as routes/logout.ts or logout.ts).`,
    );
  });

  it('exits 2 with file:line:column for a syntax error, and names a file that throws', async () => {
    const syntax = await run('check', '3', '--dir', dir('syntax'));
    expect(syntax.code).toBe(2);
    expect(syntax.err).toMatch(
      /^\S*work\/syntax\/routes\/logout\.ts:2:16: Unexpected token `;`\nFix the syntax error at that line and column, then run the check again\.$/,
    );
    // The missing `)` of line 3 is found at line 4 (`return`), not at the arrow on line 2.
    const paren = await run('check', '3', '--dir', dir('paren'));
    expect(paren.code).toBe(2);
    expect(paren.err).toMatch(
      /^\S*work\/paren\/routes\/logout\.ts:4:5: Unexpected token `return`, expected `,`\. The `\(` at line 3, column 13 is still open here: is a `\)` or a `,` missing before `return`\?\nFix the syntax error at that line and column/,
    );
    const throws = await run('check', '3', '--dir', dir('throws'));
    expect(throws.code).toBe(2);
    expect(throws.err).toMatch(
      /^\S*work\/throws\/routes\/logout\.ts:\d+:\d+: the file threw while loading: Error: top-level boom\nFix the file so it loads/,
    );
  });

  it('check --json answers a bad input with a JSON error on stdout too (exit 2)', async () => {
    const syntax = await run('check', '3', '--dir', dir('syntax'), '--json');
    expect(syntax.code).toBe(2);
    expect(syntax.err).toMatch(/routes\/logout\.ts:2:16: Unexpected token `;`\nFix the syntax error/);
    const report = JSON.parse(syntax.out) as { ok: boolean; error: Record<string, unknown> };
    expect(report).toEqual({
      ok: false,
      error: {
        file: expect.stringMatching(/work\/syntax\/routes\/logout\.ts$/),
        line: 2,
        column: 16,
        message: 'Unexpected token `;`',
      },
    });
    expect(Object.keys(report.error)).toEqual(['file', 'line', 'column', 'message']);
    const paren = JSON.parse((await run('check', '3', '--dir', dir('paren'), '--json')).out) as {
      error: Record<string, unknown>;
    };
    expect(paren.error).toMatchObject({
      file: expect.stringMatching(/work\/paren\/routes\/logout\.ts$/),
      line: 4,
      column: 5,
      message: expect.stringMatching(/^Unexpected token `return`/),
    });

    const throws = JSON.parse((await run('check', '3', '--dir', dir('throws'), '--json')).out) as {
      ok: boolean;
      error: Record<string, unknown>;
    };
    expect(throws).toEqual({
      ok: false,
      error: {
        file: expect.stringMatching(/work\/throws\/routes\/logout\.ts$/),
        line: expect.any(Number),
        column: expect.any(Number),
        message: expect.stringMatching(/^the file threw while loading: Error: top-level boom/),
      },
    });

    const unknown = await run('check', '9', '--dir', 'x', '--json');
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.out)).toEqual({
      ok: false,
      error: { message: 'Unknown lesson "9": use a lesson number (3) or a slug (03-basic-logout-route).' },
    });
    const usage = await run('check', '3', '--json');
    expect(JSON.parse(usage.out)).toEqual({
      ok: false,
      error: { message: '"check" needs --dir <path>: the folder holding your editable files.' },
    });
    // Without --json, stdout stays empty on bad input.
    expect((await run('check', '9', '--dir', 'x')).out).toBe('');
  });

  it('verify proves a lab (exit 0) and reports one that does not (exit 1)', async () => {
    const ok = await run('verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(
      '✔ 03-basic-logout-route: Write the logout route\n  ✔ solution: passes every check',
    );
    expect(ok.out).toMatch(/1 lab verified: every solution passes/);
    write(
      'lessons/03-basic-logout-route/lab/lab.json',
      manifest({ mistakes: [{ name: 'redirect-only', title: 'Redirects only', fails: ['LO-05'] }] }),
    );
    try {
      const bad = await run('verify', '3');
      expect(bad.code).toBe(1);
      expect(bad.out).toContain('  ✘ mistake redirect-only: fails LO-05, LO-08; expected exactly LO-05');
      expect(bad.out).toMatch(/1 of 1 lab failed verification\.$/);
      write(
        'lessons/03-basic-logout-route/lab/lab.json',
        manifest({ checks: ['LO-99'], provided: [], mistakes: [] }),
      );
      const invalid = await run('verify', '3');
      expect(invalid.code).toBe(1);
      expect(invalid.out).toContain(
        `  Invalid lab manifest in lessons/03-basic-logout-route/lab/lab.json: **checks[0]**: unknown check "LO-99". Fix: use one of ${CHECK_RANGE_TEXT} (the checks table in lessons/README.md)`,
      );
      const checkInvalid = await run('check', '3', '--dir', dir('good'));
      expect(checkInvalid.code).toBe(2);
    } finally {
      write('lessons/03-basic-logout-route/lab/lab.json', manifest());
    }
  });

  it('serve prints the URL, answers requests and stops when asked', async () => {
    const controller = new AbortController();
    let url = '';
    const out: string[] = [];
    const done = main(['serve', '3', '--solution', '--port', '0'], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
      lessonsDir: lessons,
      signal: controller.signal,
      onListening: (u) => {
        url = u;
      },
    });
    while (url === '') await new Promise((r) => setTimeout(r, 10));
    expect(out[0]).toMatch(
      /^Serving lab 03-basic-logout-route \(solution, cookie sessions\) at http:\/\/localhost:\d+\n/,
    );
    const me = await fetch(`${url.replace('localhost', '127.0.0.1')}/me`);
    expect(me.status).toBe(401);
    controller.abort();
    expect(await done).toBe(0);
  });

  it('serve refuses a request body over 1 MB with 413, declared or streamed, and still answers small ones', async () => {
    const controller = new AbortController();
    let url = '';
    const done = main(['serve', '3', '--solution', '--port', '0'], {
      stdout: () => undefined,
      stderr: () => undefined,
      lessonsDir: lessons,
      signal: controller.signal,
      onListening: (u) => {
        url = u.replace('localhost', '127.0.0.1');
      },
    });
    while (url === '') await new Promise((r) => setTimeout(r, 10));
    try {
      const declared = await fetch(`${url}/login`, {
        method: 'POST',
        body: new Uint8Array(MAX_REQUEST_BYTES + 1),
      });
      expect(declared.status).toBe(413);
      expect(await declared.text()).toMatch(
        /^413 Content Too Large\n\nThe lab server takes request bodies of up to 1 MB\./,
      );
      // No Content-Length: a chunked upload that only grows past the limit while it is read.
      const chunk = new Uint8Array(256 * 1024);
      let sent = 0;
      const streamed = await fetch(`${url}/login`, {
        method: 'POST',
        duplex: 'half',
        body: new ReadableStream<Uint8Array>({
          pull(c) {
            if (sent++ < 8) c.enqueue(chunk);
            else c.close();
          },
        }),
      } as RequestInit);
      expect(streamed.status).toBe(413);
      const small = await fetch(`${url}/me`);
      expect(small.status).toBe(401);
    } finally {
      controller.abort();
    }
    expect(await done).toBe(0);
  });
});

describe('npm run lab entry', () => {
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  const tsx = join(repo, 'node_modules/tsx/dist/cli.mjs');
  const spawn = (...argv: string[]) =>
    spawnSync(process.execPath, [tsx, 'scripts/lab.ts', ...argv], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('exits 0 for a passing solution and 2 for an unknown lesson', () => {
    const ok = spawn('check', '3', '--dir', 'lessons/03-basic-logout-route/lab/solution');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('All required checks pass.');
    const bad = spawn('check', '99', '--dir', '.');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^Unknown lesson "99": use a lesson number/);
  });
});
