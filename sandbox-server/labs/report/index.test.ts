import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../checks/types';
import type { ClassReport, GradedRow } from '../grade';
import { cleanText, formatCsv, formatHtml, formatJunit, formatReport } from '.';

const hostileName = '=HYPERLINK("http://evil.example","click")<script>alert(1)</script>';
const hostileLog =
  '\x1b[32m✔ LO-05 passed\x1b[0m\nAll required checks pass.\x00</pre><img src=x onerror=alert(1)>';

function result(
  id: CheckResult['id'],
  status: CheckResult['status'],
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    id,
    title: `${id} title`,
    status,
    message: status === 'pass' ? 'ok' : `${id} failed: "quoted" & <b>bold</b>`,
    hint: { concept: 'Sessions', lesson: '03-basic-logout-route' },
    trace: [],
    logs: '',
    serverLog: '',
    ...extra,
  };
}

function row(
  student: string,
  verdict: GradedRow['verdict'],
  results: CheckResult[],
  reason?: string,
): GradedRow {
  const required = results.filter((r) => r.status !== 'advisory');
  const out: GradedRow = {
    student,
    kind: 'folder',
    source: `${student}/`,
    verdict,
    passed: required.filter((r) => r.status === 'pass').length,
    total: 2,
    results,
    notes: [],
    origins: {},
    ms: 1200,
  };
  if (reason !== undefined) out.reason = reason;
  return out;
}

const report: ClassReport = {
  lab: { slug: '03-basic-logout-route', title: 'Write the logout route' },
  checks: [
    { id: 'LO-05', title: 'Browser-style flow ends logged out', advisory: false },
    { id: 'LO-08', title: 'Non-auth prefs survive', advisory: false },
  ],
  submissionsDir: 'class',
  layout: 'folders',
  startedAt: '2026-12-02T10:00:00.000Z',
  durationMs: 4200,
  jobs: 2,
  rows: [
    row('alice', 'pass', [result('LO-05', 'pass'), result('LO-08', 'pass')]),
    row(hostileName, 'fail', [
      result('LO-05', 'fail', {
        logs: hostileLog,
        trace: [
          {
            label: 'log out',
            request: {
              method: 'POST',
              url: 'http://localhost/logout?next=%3Cx%3E',
              headers: { cookie: 'session=abc' },
            },
            response: { status: 303, headers: { location: '/<x>' }, setCookie: [], body: '' },
          },
        ],
      }),
      result('LO-08', 'error', { message: 'the server did not answer' }),
    ]),
    row(
      'carol, "the third"',
      'broken',
      [],
      'carol/routes/logout.ts:1:30: Unexpected token, expected ","\nsecond line',
    ),
  ],
  counts: { pass: 1, fail: 1, broken: 1, tampered: 0 },
};

describe('cleanText', () => {
  it('shows control characters and ANSI escapes as visible text, keeps newlines and tabs', () => {
    expect(cleanText('a\x1b[31mred\x1b[0m\tb\nc\x00\x07\u009b')).toBe(
      'a\\x1b[31mred\\x1b[0m\tb\nc\\x00\\x07\\x9b',
    );
    expect(cleanText('lone \ud800 surrogate')).toBe('lone \ufffd surrogate');
  });
});

describe('CSV', () => {
  it('has student, verdict, passed/total, one column per check, then reason and notes', () => {
    const lines = formatCsv(report).split('\r\n');
    expect(lines[0]).toBe('student,verdict,passed/total,LO-05,LO-08,reason,notes');
    expect(lines[1]).toBe('alice,pass,2/2,pass,pass,,');
    // A formula is defused with a leading quote; quotes are doubled inside a quoted cell.
    expect(lines[2]).toBe(
      `"'=HYPERLINK(""http://evil.example"",""click"")<script>alert(1)</script>",fail,0/2,fail,error,,`,
    );
    expect(formatCsv(report)).toContain(
      '"carol, ""the third""",broken,0/2,,,"carol/routes/logout.ts:1:30: Unexpected token, expected "",""\nsecond line",',
    );
  });
});

describe('HTML', () => {
  const html = formatHtml(report);
  it('is one page with no script, a policy that forbids scripts, and every learner string escaped', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#60;/pre&#62;&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toContain('\x1b');
    expect(html).toContain('\\x1b[32m✔ LO-05 passed\\x1b[0m');
  });

  it('has a row per student that expands to each failure: explanation, hint, requests, framed console output', () => {
    expect(html.match(/<tr><td><details>/g)).toHaveLength(3);
    const bob = html.slice(html.indexOf('=HYPERLINK'), html.indexOf('carol'));
    expect(bob).toContain('<h3>LO-05 LO-05 title (fail)</h3>');
    expect(bob).toContain('LO-05 failed: &#34;quoted&#34; &#38; &#60;b&#62;bold&#60;/b&#62;');
    expect(bob).toContain('Hint: Sessions (lesson 03-basic-logout-route).');
    expect(bob).toContain(
      'log out: POST /logout?next=%3Cx%3E [Cookie: session=abc] → 303, Location: /&#60;x&#62;',
    );
    expect(bob).toContain(`<p class="log-title">The student's console output</p><pre class="log">\\x1b[32m`);
    expect(bob).toContain('<h3>LO-08 LO-08 title (error)</h3>');
    expect(html).toContain('<strong>Could not be graded:</strong> carol/routes/logout.ts:1:30');
    expect(html).toContain('1 passed, 1 failed, 1 broken.');
  });
});

describe('JUnit', () => {
  it('is XML with one suite per student and nothing XML 1.0 forbids', () => {
    const junit = formatJunit(report);
    expect(junit).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="lab 03-basic-logout-route" tests="3" failures="1" errors="1" time="4.200">/,
    );
    expect(junit).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f]/);
    expect(junit).toContain('<testsuite name="alice" tests="2" failures="0" errors="0"');
    expect(junit).toContain(
      '<testcase classname="=HYPERLINK(&#34;http://evil.example&#34;,&#34;click&#34;)&#60;script&#62;alert(1)&#60;/script&#62;" name="LO-05 LO-05 title"><failure message="LO-05 failed: &#34;quoted&#34; &#38; &#60;b&#62;bold&#60;/b&#62;">',
    );
    expect(junit).toContain('<error message="the server did not answer">');
    expect(junit).toContain(
      'name="load the submission"><error message="carol/routes/logout.ts:1:30: Unexpected token, expected &#34;,&#34;">',
    );
  });
});

describe('JSON', () => {
  it('is the whole report, with control characters made visible', () => {
    const parsed = JSON.parse(formatReport(report, 'json')) as ClassReport;
    expect(parsed.rows.map((r) => r.verdict)).toEqual(['pass', 'fail', 'broken']);
    expect(parsed.rows[1]?.results[0]?.logs).toMatch(/^\\x1b\[32m✔ LO-05 passed/);
  });
});

describe('a handler that threw', () => {
  const threw: ClassReport = {
    ...report,
    rows: [
      row('dave', 'fail', [
        result('LO-05', 'fail', {
          thrown: {
            request: 'POST /logout',
            message: 'TypeError: <img src=x onerror=alert(1)> is not a function',
            at: { file: 'routes/logout.ts', line: 14, column: 9 },
          },
        }),
        result('LO-08', 'pass'),
      ]),
    ],
  };

  it('HTML: the place the student should open first, escaped', () => {
    const html = formatHtml(threw);
    expect(html).toContain(
      '<p class="thrown">Your code threw at routes/logout.ts:14:9 (POST /logout): TypeError: &#60;img src=x onerror=alert(1)&#62; is not a function</p>',
    );
    expect(html).not.toContain('<img src=x');
  });

  it('JUnit: the same line in the failure body', () => {
    const junit = formatJunit(threw);
    expect(junit).toContain(
      'Your code threw at routes/logout.ts:14:9 (POST /logout): TypeError: &#60;img src=x onerror=alert(1)&#62; is not a function',
    );
  });
});
