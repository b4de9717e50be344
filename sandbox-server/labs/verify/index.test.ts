/**
 * verifyLab on small labs defined here (not the course's labs, which test/labs.test.ts proves),
 * so each way a lab can fail to prove itself has a pinned, readable report.
 */
import { describe, expect, it } from 'vitest';
import { formatLabReport, gradeLab, verifyLab, type Lab } from '.';
import { parseLabManifest } from '../manifest';

const route = (body: string) => `import type { LeafApp } from '@sandbox/app/types';
export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    ${body}
  });
}
`;

const SOLUTION = route(`c.get('session').pop('userId');\n    return c.redirect('/', 303);`);
const REDIRECT_ONLY = route(`return c.redirect('/', 303);`);
const CLEAR = route(`c.get('session').clear();\n    return c.redirect('/', 303);`);

function lab(
  overrides: Partial<Pick<Lab, 'starter' | 'solution' | 'mistakes'>> = {},
  mistakes: { name: string; fails: string[] }[] = [],
  provided: string[] = ['LO-03'],
): Lab {
  return {
    slug: '99-test-lab',
    dir: 'lessons/99-test-lab/lab',
    manifest: parseLabManifest(
      {
        title: 'Test lab',
        goal: 'Log out.',
        store: 'cookie',
        editable: ['routes/logout.ts'],
        checks: ['LO-03', 'LO-05', 'LO-08', 'LO-16'],
        provided,
        mistakes: mistakes.map((m) => ({ ...m, title: m.name })),
      },
      'lessons/99-test-lab/lab/lab.json',
    ),
    starter: { 'routes/logout.ts': REDIRECT_ONLY },
    solution: { 'routes/logout.ts': SOLUTION },
    mistakes: {},
    ...overrides,
  };
}

describe('verifyLab', () => {
  it('proves a good lab and says so line by line', async () => {
    const report = await verifyLab(
      lab(
        {
          mistakes: {
            'redirect-only': { 'routes/logout.ts': REDIRECT_ONLY },
            'session-clear': { 'routes/logout.ts': CLEAR },
          },
        },
        [
          { name: 'redirect-only', fails: ['LO-05', 'LO-08'] },
          { name: 'session-clear', fails: ['LO-08'] },
        ],
      ),
    );
    expect(report.ok).toBe(true);
    expect(formatLabReport(report)).toBe(
      [
        '✔ 99-test-lab: Test lab',
        '  ✔ solution: passes every check',
        '  ✔ starter: fails LO-05, LO-08',
        '  ✔ mistake redirect-only: fails exactly LO-05, LO-08',
        '  ✔ mistake session-clear: fails exactly LO-08',
      ].join('\n'),
    );
  });

  it('fails a lab whose listed check no mistake fails and that is not provided, saying how to fix it', async () => {
    const report = await verifyLab(
      lab(
        { mistakes: { 'session-clear': { 'routes/logout.ts': CLEAR } } },
        [{ name: 'session-clear', fails: ['LO-08'] }],
        [],
      ),
    );
    expect(report.ok).toBe(false);
    // LO-16 is advisory, so it never needs a failing mistake.
    expect(report.unproven).toEqual(['LO-03', 'LO-05']);
    const text = formatLabReport(report);
    expect(text).toMatch(/^✘ 99-test-lab: Test lab/);
    expect(text).toContain('  ✘ checks no mistake fails: LO-03, LO-05');
    expect(text).toContain('or, when no edit of the learner\'s files can fail one, list it in "provided"');
    // Listing them as provided (or adding mistakes) is what proves the lab again.
    const fixed = await verifyLab(
      lab(
        { mistakes: { 'redirect-only': { 'routes/logout.ts': REDIRECT_ONLY } } },
        [{ name: 'redirect-only', fails: ['LO-05', 'LO-08'] }],
        ['LO-03'],
      ),
    );
    expect(fixed.ok).toBe(true);
    expect(fixed.unproven).toEqual([]);
  });

  it('flags a mistake that fails checks it does not name, and one that passes a named check', async () => {
    const report = await verifyLab(
      lab(
        { mistakes: { 'redirect-only': { 'routes/logout.ts': REDIRECT_ONLY } } },
        [{ name: 'redirect-only', fails: ['LO-03', 'LO-05'] }],
        [],
      ),
    );
    expect(report.ok).toBe(false);
    const text = formatLabReport(report);
    expect(text).toContain('✘ 99-test-lab: Test lab');
    expect(text).toContain('  ✘ mistake redirect-only: fails LO-05, LO-08; expected exactly LO-03, LO-05');
    expect(text).toContain(
      '      - LO-03 passes, but the manifest says this mistake fails it (the check cannot tell this mistake apart)',
    );
    expect(text).toContain(
      '      - LO-08 also fails (not listed in "fails"): The preference survived, but so did the login.',
    );
  });

  it('flags a failing solution and a starter with nothing left to do', async () => {
    const report = await verifyLab(
      lab({ solution: { 'routes/logout.ts': CLEAR }, starter: { 'routes/logout.ts': SOLUTION } }),
    );
    const text = formatLabReport(report);
    expect(text).toContain(
      '  ✘ solution: does not pass\n      - LO-08 fails: Logout wiped the user’s preferences too.',
    );
    expect(text).toContain(
      '  ✘ starter: does not fail\n      - passes every check; a starter must leave work to do (at least one failing check)',
    );
  });

  it('reports a syntax error with file, line and column instead of crashing', async () => {
    const report = await verifyLab(
      lab(
        {
          mistakes: {
            broken: { 'routes/logout.ts': 'export default function (app) {}\nconst broken = ;\n' },
          },
        },
        [{ name: 'broken', fails: ['LO-05'] }],
      ),
    );
    const text = formatLabReport(report);
    expect(text).toContain(
      '  ✘ mistake broken: fails nothing; expected exactly LO-05\n      - does not build: routes/logout.ts:2:16: Unexpected token',
    );
  });

  it('grades a syntax error inside the arrow handler, and an `await` in it, at the learner’s line and column', async () => {
    // route(): line 3 is `app.post('/logout', (c) => {`, line 4 the body.
    const paren = await gradeLab(lab(), {
      'routes/logout.ts': route(`c.get('session').pop('userId'\n    return c.redirect('/', 303);`),
    });
    expect(paren).toEqual({
      ok: false,
      problem: {
        kind: 'compile',
        file: 'routes/logout.ts',
        line: 5,
        column: 5,
        message: expect.stringMatching(/^Unexpected token `return`, expected `,`/),
      },
    });
    const awaited = await gradeLab(lab(), {
      'routes/logout.ts': route(`await c.get('session').pop('userId');\n    return c.redirect('/', 303);`),
    });
    expect(awaited).toEqual({
      ok: false,
      problem: {
        kind: 'compile',
        file: 'routes/logout.ts',
        line: 4,
        column: 5,
        message: '`await` is only allowed inside an async function: make the handler `async (c) => …`',
      },
    });
  });

  it('reports a file that throws at import', async () => {
    const grade = await gradeLab(lab(), {
      'routes/logout.ts': 'throw new Error("top-level boom");\nexport default function () {}',
    });
    expect(grade).toEqual({
      ok: false,
      problem: {
        kind: 'load',
        file: 'routes/logout.ts',
        line: expect.any(Number),
        column: expect.any(Number),
        message: 'the file threw while loading: Error: top-level boom',
      },
    });
  });

  it('turns a handler that never resolves into timed-out errors, never a pass', async () => {
    const hang = route(`return new Promise<Response>(() => {});`);
    const report = await verifyLab(
      lab({ mistakes: { hang: { 'routes/logout.ts': hang } } }, [{ name: 'hang', fails: ['LO-05'] }]),
      { timeoutMs: 100 },
    );
    const mistake = report.variants.find((v) => v.name === 'hang');
    expect(mistake?.ok).toBe(false);
    // The advisory LO-16 errors too: an error is never softened into advice.
    expect(mistake?.failed).toEqual(['LO-03', 'LO-05', 'LO-08', 'LO-16']);
    expect(mistake?.problems[0]).toMatch(
      /^LO-03 errored: Timed out after 100 ms waiting for log out \(same-origin form POST\) \(POST \/logout\)\./,
    );
  });

  it('captures the learner’s console output in each result', async () => {
    const noisy = route(
      `console.log('logging out', 42);\n    c.get('session').pop('userId');\n    return c.redirect('/', 303);`,
    );
    const grade = await gradeLab(lab(), { 'routes/logout.ts': noisy });
    expect(grade.ok).toBe(true);
    if (grade.ok) expect(grade.results.find((r) => r.id === 'LO-05')?.logs).toContain('logging out 42');
  });

  it('keeps the server’s own log out of logs: it goes to serverLog', async () => {
    const grade = await gradeLab(lab(), {
      'routes/logout.ts': route(`c.get('session').pop('userId');
    return c.redirect('/', 303);`),
    });
    expect(grade.ok).toBe(true);
    if (!grade.ok) return;
    for (const r of grade.results) expect(r.logs, r.id).toBe('');
    const flow = grade.results.find((r) => r.id === 'LO-05');
    expect(flow?.serverLog).toMatch(/login: alice signed in/);
  });
});
