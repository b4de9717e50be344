/**
 * A class test: 30 submissions of lab 3 as real learners hand them in (passing in different ways,
 * failing in the common ways, broken, and three hostile ones), graded by the real CLI in a child
 * process into CSV and HTML in one run. Every row is asserted, and the whole run must take at most
 * 60 s on a 2-core machine.
 *
 * The hostile rows expect the sandbox (labs/sandbox, the permission-model child process) to
 * contain them. The grader runs as a child process here so that, should a hostile submission
 * escape and kill its grader, this test fails with that fact instead of taking Vitest down.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandIn } from '../handin';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'lab-class-'));
const submissions = join(work, 'class');
const canary = join(work, 'instructor-secret.txt');
const CANARY = `canary-${Math.random().toString(36).slice(2)}`;
writeFileSync(canary, CANARY);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const head = "import type { LeafApp, LeafDeps } from '@sandbox/app/types';\n";

/** lab 3's checks, in catalog order. */
const CHECKS = ['LO-01', 'LO-02', 'LO-03', 'LO-05', 'LO-07', 'LO-08', 'LO-09'] as const;
type Status = 'pass' | 'fail' | 'error';
type Expected = {
  verdict: 'pass' | 'fail' | 'broken' | 'tampered';
  fails?: readonly (typeof CHECKS)[number][];
  errors?: readonly (typeof CHECKS)[number][];
  reason?: RegExp;
  notes?: RegExp;
};

interface Student {
  name: string;
  /** Path inside the submissions folder → text (a folder, a nested repository, or a hand-in file). */
  files: Record<string, string>;
  expected: Expected;
}

const pass: Expected = { verdict: 'pass' };
const folder = (name: string, source: string, expected: Expected, at = 'routes/logout.ts'): Student => ({
  name,
  files: { [`${name}/${at}`]: source },
  expected,
});

const students: Student[] = [
  // ---- passing, each its own way ----
  folder(
    'ada',
    `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId');\n    return c.redirect('/', 303);\n  });\n}\n`,
    pass,
  ),
  folder(
    'ben',
    `${head}function forgetUser(c: any) {\n  const session = c.get('session');\n  if (session.has('userId')) session.pop('userId');\n}\n\nexport default function (app: LeafApp) {\n  app.post('/logout', (c) => {\n    forgetUser(c);\n    return c.redirect('/', 303);\n  });\n}\n`,
    pass,
  ),
  folder(
    'chen',
    `${head}export default function logout(app: LeafApp, { loginManager }: LeafDeps): void {\n  app.post('/logout', async (c) => {\n    await loginManager.logoutUser(c);\n    return c.redirect('/', 303);\n  });\n}\n`,
    pass,
  ),
  // Other order: the response is built first; the session is written after the handler anyway.
  folder(
    'dara',
    `${head}export default (app: LeafApp) => {\n  app.post('/logout', (c) => {\n    const response = c.redirect('/', 303);\n    c.get('session').pop('userId');\n    return response;\n  });\n};\n`,
    pass,
  ),
  folder(
    'eli',
    `${head}import { safeNext } from '@sandbox/http';\n\nexport default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId');\n    return c.redirect(safeNext(c.req.query('next'), '/'), 303);\n  });\n}\n`,
    pass,
  ),
  // By file name at the top of the folder, not at the lab path.
  folder(
    'fay',
    `${head}export default function logout(app: LeafApp) {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId')\n    return c.body(null, 303, { Location: '/' })\n  })\n}\n`,
    pass,
    'logout.ts',
  ),
  // A type error that still runs: the loader strips types and does not type-check.
  folder(
    'gus',
    `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    const who: number = c.get('session').pop('userId');\n    console.log('logged out', who);\n    return c.redirect('/', 303);\n  });\n}\n`,
    pass,
  ),
  // GitHub Classroom clones: the files nested in the student's repository.
  {
    name: 'logout-lab-hana',
    files: {
      'logout-lab-hana/lessons/lab/routes/logout.ts': `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId');\n    return c.redirect('/', 303);\n  });\n}\n`,
      'logout-lab-hana/README.md': '# my lab',
    },
    expected: pass,
  },

  // ---- failing, the usual ways ----
  folder(
    'ivan',
    `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    return c.redirect('/', 303);\n  });\n}\n`,
    { verdict: 'fail', fails: ['LO-05', 'LO-08', 'LO-09'] },
  ),
  folder(
    'jo',
    `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').clear();\n    return c.redirect('/', 303);\n  });\n}\n`,
    { verdict: 'fail', fails: ['LO-08'] },
  ),
  folder(
    'kai',
    `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId');\n    return c.redirect(c.req.query('next') ?? '/', 303);\n  });\n}\n`,
    { verdict: 'fail', fails: ['LO-03'] },
  ),
  // 302 instead of 303: LO-03 takes any redirect to this site (a browser follows a 302 after a POST with a GET too).
  folder(
    'lea',
    `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId');\n    return c.redirect('/');\n  });\n}\n`,
    pass,
  ),
  // The wrong key: the user stays signed in.
  folder(
    'mia',
    `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').pop('user');\n    return c.redirect('/', 303);\n  });\n}\n`,
    { verdict: 'fail', fails: ['LO-05', 'LO-08', 'LO-09'] },
  ),
  // A GET route as well: any link or prefetch logs the user out.
  folder(
    'noor',
    `${head}export default function logout(app: LeafApp): void {\n  app.on(['GET', 'POST'], '/logout', (c) => {\n    c.get('session').pop('userId');\n    return c.redirect('/', 303);\n  });\n}\n`,
    { verdict: 'fail', fails: ['LO-01'] },
  ),
  // Forgot to return the response: every logout is a 500 (after the session was changed).
  folder(
    'omar',
    `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId');\n    c.redirect('/', 303);\n  });\n}\n`,
    { verdict: 'fail', fails: ['LO-03', 'LO-07'] },
  ),
  // Answers 200 with a page instead of redirecting: nothing in lab 3 requires the redirect itself.
  folder(
    'pia',
    `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId');\n    return c.html('<p>You are logged out.</p>');\n  });\n}\n`,
    pass,
  ),
  // Forgotten await: the handler returns before the async logout ran its course.
  folder(
    'quin',
    `${head}export default function logout(app: LeafApp, { loginManager }: LeafDeps): void {\n  app.post('/logout', (c) => {\n    void (async () => {\n      await new Promise((r) => setTimeout(r, 5));\n      await loginManager.logoutUser(c);\n    })();\n    return c.redirect('/', 303);\n  });\n}\n`,
    { verdict: 'fail', fails: ['LO-05', 'LO-08', 'LO-09'] },
  ),
  // Throws when nobody is signed in (LO-07), works otherwise.
  folder(
    'rui',
    `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    const session = c.get('session');\n    if (!session.has('userId')) throw new Error('nobody to log out');\n    session.pop('userId');\n    return c.redirect('/', 303);\n  });\n}\n`,
    { verdict: 'fail', fails: ['LO-07'] },
  ),

  // ---- broken ----
  folder(
    'sam',
    `${head}export default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId'\n    return c.redirect('/', 303);\n  });\n}\n`,
    // The missing `)` is on line 4; sucrase alone blames the handler's `(c) =>` on line 3.
    {
      verdict: 'broken',
      reason:
        /^sam\/routes\/logout\.ts:5:5: Unexpected token `return`, expected `,`\. The `\(` at line 4, column 25 is still open here/,
    },
  ),
  folder(
    'tess',
    `${head}export default function logout(app: LeafApp): void {}\n`,
    { verdict: 'broken', reason: /^missing file routes\/logout\.ts/ },
    'routes/logut.ts',
  ),
  folder(
    'uma',
    `import { readFileSync } from 'node:fs';\n${head}const users = readFileSync('users.json', 'utf8');\nexport default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => c.redirect('/', 303));\n}\n`,
    { verdict: 'broken', reason: /node:fs/ },
  ),
  folder(
    'vic',
    `${head}export function logout(app: LeafApp): void {\n  app.post('/logout', (c) => c.redirect('/', 303));\n}\n`,
    { verdict: 'broken', reason: /default/ },
  ),
  {
    name: 'xia',
    files: { 'xia/v1/routes/logout.ts': 'old', 'xia/v2/routes/logout.ts': 'new' },
    expected: {
      verdict: 'broken',
      reason: /^2 candidates for routes\/logout\.ts \(v1\/routes\/logout\.ts, v2\/routes\/logout\.ts\)/,
    },
  },

  // ---- hostile: each must be contained by the sandbox ----
  folder(
    'yuri',
    `${head}(globalThis as any).process.kill((globalThis as any).process.pid, 'SIGKILL');\nexport default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId');\n    return c.redirect('/', 303);\n  });\n}\n`,
    { verdict: 'broken' },
  ),
  folder(
    'zed',
    `${head}const cp = (globalThis as any).process.getBuiltinModule('node:child_process');\nconst secret = String(cp.execFileSync('cat', [${JSON.stringify(canary)}]));\nexport default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId');\n    c.header('x-secret', secret);\n    console.log('secret:', secret);\n    return c.redirect('/?' + secret, 303);\n  });\n}\n`,
    { verdict: 'broken' },
  ),
  folder('abe', `${head}while (true) {}\nexport default function logout(app: LeafApp): void {}\n`, {
    verdict: 'broken',
    reason: /did not finish loading within/,
  }),
];

const solution = readFileSync(
  join(repo, 'lessons/03-basic-logout-route/lab/solution/routes/logout.ts'),
  'utf8',
);
const redirectOnly = readFileSync(
  join(repo, 'lessons/03-basic-logout-route/lab/mistakes/redirect-only/routes/logout.ts'),
  'utf8',
);

/** Hand-ins exported from the site: one passing, one failing that the page claimed passed, one edited after export, one for another lab. */
async function handIns(): Promise<Student[]> {
  const good = await createHandIn({
    lab: '03-basic-logout-route',
    files: { 'routes/logout.ts': solution },
    courseVersion: '0.1.0',
    claimed: { passed: 7, total: 7, at: new Date().toISOString() },
  });
  const forged = await createHandIn({
    lab: '03-basic-logout-route',
    files: { 'routes/logout.ts': redirectOnly },
    courseVersion: '0.1.0',
    claimed: { passed: 7, total: 7, at: new Date().toISOString() },
  });
  const edited = { ...good, files: { 'routes/logout.ts': redirectOnly } };
  const other = await createHandIn({
    lab: '05-session-security',
    files: { 'routes/logout.ts': solution, 'routes/login.ts': '' },
    courseVersion: '0.1.0',
  });
  return [
    { name: 'bea', files: { 'bea.json': JSON.stringify(good) }, expected: pass },
    {
      name: 'cal',
      files: { 'cal.json': JSON.stringify(forged) },
      expected: {
        verdict: 'fail',
        fails: ['LO-05', 'LO-08', 'LO-09'],
        notes: /^the page showed 7\/7 when the work was exported; the grader's own run gives 4\/7$/,
      },
    },
    {
      name: 'dot',
      files: { 'dot.json': JSON.stringify(edited) },
      expected: {
        verdict: 'tampered',
        fails: ['LO-05', 'LO-08', 'LO-09'],
        reason: /^tampered: the files do not match the hand-in's SHA-256/,
      },
    },
    {
      name: 'eve',
      files: { 'eve.json': JSON.stringify(other) },
      expected: {
        verdict: 'broken',
        reason: /^hand-in eve\.json is for lab 05-session-security, not 03-basic-logout-route/,
      },
    },
  ];
}

function csvRows(text: string): string[][] {
  // Quoted cells may hold commas, doubled quotes and newlines; rows end in CRLF.
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (quoted && char === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += char;
    }
  }
  return rows;
}

describe('a class of 30', () => {
  it('grades every submission right, into CSV and HTML, in at most 60 s', async () => {
    const all = [...students, ...(await handIns())];
    expect(all).toHaveLength(30);
    for (const student of all) {
      for (const [path, text] of Object.entries(student.files)) {
        mkdirSync(dirname(join(submissions, path)), { recursive: true });
        writeFileSync(join(submissions, path), text);
      }
    }
    const csvFile = join(work, 'grades.csv');
    const htmlFile = join(work, 'grades.html');
    const started = performance.now();
    const run = spawnSync(
      join(repo, 'node_modules/.bin/tsx'),
      ['scripts/lab.ts', 'grade', '3', '--submissions', submissions, '--out', csvFile, '--out', htmlFile],
      {
        cwd: repo,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, FORCE_COLOR: '0' },
      },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`class test: 30 submissions graded in ${seconds.toFixed(1)} s\n${run.stderr}`);
    expect(
      run.signal,
      `the grader was killed (${run.signal ?? ''}): a hostile submission reached the grader's process\n${run.stderr}`,
    ).toBeNull();
    expect(run.status, run.stderr).toBe(0);
    expect(seconds).toBeLessThanOrEqual(60);

    const csv = readFileSync(csvFile, 'utf8');
    const html = readFileSync(htmlFile, 'utf8');
    const json = `${csv}\n${html}\n${run.stdout}\n${run.stderr}`;
    // Nothing the instructor's machine holds reaches a report.
    expect(json).not.toContain(CANARY);

    const [header, ...rows] = csvRows(csv);
    expect(header).toEqual(['student', 'verdict', 'passed/total', ...CHECKS, 'reason', 'notes']);
    expect(rows.map((r) => r[0])).toEqual(all.map((s) => s.name).sort((a, b) => a.localeCompare(b)));
    for (const student of all) {
      const row = rows.find((r) => r[0] === student.name);
      const { verdict, fails = [], errors = [], reason, notes } = student.expected;
      const where = `${student.name}: ${JSON.stringify(row)}`;
      expect(row?.[1], where).toBe(verdict);
      const statuses = row?.slice(3, 3 + CHECKS.length) ?? [];
      if (verdict === 'broken') {
        expect(
          statuses.every((s) => s === ''),
          where,
        ).toBe(true);
        expect(row?.[2], where).toBe(`0/${CHECKS.length}`);
        expect(row?.[3 + CHECKS.length], where).not.toBe('');
      } else {
        const want = CHECKS.map((id): Status =>
          fails.includes(id) ? 'fail' : errors.includes(id) ? 'error' : 'pass',
        );
        expect(statuses, where).toEqual(want);
        expect(row?.[2], where).toBe(`${want.filter((s) => s === 'pass').length}/${CHECKS.length}`);
      }
      if (reason !== undefined) expect(row?.[3 + CHECKS.length], where).toMatch(reason);
      if (notes !== undefined) expect(row?.[4 + CHECKS.length], where).toMatch(notes);
      // The HTML page has the student's row with the same verdict and count.
      expect(html, where).toContain(`<summary>${student.name}</summary>`);
      const at = html.indexOf(`<summary>${student.name}</summary>`);
      const tr = html.slice(at, html.indexOf('</tr>', at));
      expect(tr, where).toContain(`<td class="v v-${verdict}">${verdict}</td><td>${row?.[2] ?? ''}</td>`);
      for (const id of fails) expect(tr, where).toContain(`<h3>${id} `);
    }
    expect(html).not.toMatch(/<script/i);
    expect(run.stderr).toMatch(
      /Graded 30 submissions of lab 03-basic-logout-route in [\d.]+ s \(\d+ at a time\): 11 passed, 9 failed, 9 broken, 1 tampered\./,
    );
  }, 150_000);
});
