import { describe, expect, it } from 'vitest';
import type { AuditReport } from '..';
import { PROFILE_FORMAT } from '../profile';
import { formatHtml, formatJson, formatJunit, formatMarkdown, formatText, maskReport, xml } from '.';
import { fence, mdText } from './markdown';

const PASSWORD = 'hunter 2&x';

function report(): AuditReport {
  return {
    schema: 'logout-lab/audit@1',
    target: 'http://127.0.0.1:5000',
    results: [
      {
        id: 'LO-04',
        status: 'fail',
        title: 'Old cookie replay is dead (server-side invalidation)',
        message: 'A copy of the session cookie still works.\nSent: GET /dashboard with sid=abcdefghijkl…',
        standards: ['ASVS 5.0 7.4.1'],
        hint: { concept: 'x', lesson: '05-session-security' },
        fix: { stack: 'Flask-Login', text: 'Keep `logout_user()` and use a server-side session store.' },
        trace: [
          {
            label: 'log in',
            request: {
              method: 'POST',
              url: 'http://127.0.0.1:5000/login',
              headers: { cookie: 'sid=0123456789abcdef; theme=dark' },
              body: 'username=alice&password=hunter+2%26x&csrf_token=TOKEN1234567890',
            },
            response: {
              status: 303,
              headers: { location: '/dashboard' },
              setCookie: ['sid=fedcba9876543210; HttpOnly; Path=/', 'remember=r3m3mb3rt0k3n; Max-Age=99'],
              body: '<input type="hidden" name="csrf_token" value="PAGETOKEN987654"> hunter 2&x',
            },
          },
        ],
      },
      {
        id: 'LO-08',
        status: 'skipped',
        title: 'Non-auth prefs survive, auth does not',
        message: 'LO-08 follows a preference <&> through logout.',
        standards: [],
        hint: { concept: 'x', lesson: '03-basic-logout-route' },
        trace: [],
      },
      {
        id: 'LO-16',
        status: 'advisory',
        title: 'Clear-Site-Data on logout (advisory)',
        message: 'No Clear-Site-Data.',
        standards: [],
        hint: { concept: 'x', lesson: '05-session-security' },
        trace: [],
      },
    ],
    summary: { pass: 0, fail: 1, error: 0, advisory: 1, skipped: 1 },
    found: [],
    profile: {
      format: PROFILE_FORMAT,
      login: {
        page: '/login',
        action: '/login',
        fields: { username: 'username', password: 'password', remember: null },
        extra: {},
        csrf: { field: 'csrf_token' },
      },
      proof: { page: '/dashboard', kind: 'username-in-body' },
      logout: { page: '/dashboard', action: '/logout', method: 'POST', csrf: { field: 'csrf_token' } },
      cookies: { session: 'sid', remember: 'remember' },
      store: 'server',
      headers: {},
    },
    stack: {
      guess: 'Flask + Flask-Login',
      evidence: ['cookie "remember_token": Flask-Login’s remember-me cookie'],
    },
    requests: 4,
    durationMs: 1234,
  };
}

describe('maskReport', () => {
  it('removes the password in every spelling and keeps a 6-character prefix of cookies and tokens', () => {
    const masked = JSON.stringify(maskReport(report(), { password: PASSWORD, showSecrets: false }));
    for (const secret of [
      PASSWORD,
      'hunter+2%26x',
      '0123456789',
      'fedcba9876',
      'r3m3mb3rt',
      'TOKEN12345',
      'PAGETOKEN9',
      'abcdefghijkl',
    ])
      expect(masked).not.toContain(secret);
    for (const kept of [
      'sid=012345…',
      'sid=fedcba…',
      'remember=r3m3mb…',
      'csrf_token=TOKEN1…',
      'value=\\"PAGETO…',
      'sid=abcdef…',
      'theme=dark',
      'password=********',
    ])
      expect(masked).toContain(kept);
  });

  it('with --show-secrets shows cookies and tokens whole, but never the password', () => {
    const masked = JSON.stringify(maskReport(report(), { password: PASSWORD, showSecrets: true }));
    expect(masked).toContain('sid=0123456789abcdef');
    expect(masked).toContain('csrf_token=TOKEN1234567890');
    expect(masked).not.toContain(PASSWORD);
    expect(masked).not.toContain('hunter+2%26x');
  });
});

describe('report formats', () => {
  it('json: schema, target and results first', () => {
    expect(Object.keys(JSON.parse(formatJson(report())) as object).slice(0, 3)).toEqual([
      'schema',
      'target',
      'results',
    ]);
  });

  it('junit: one testcase per check; a skip is <skipped/>, a failure <failure>, an advisory passes', () => {
    const junit = formatJunit(report());
    expect(junit).toContain(
      '<testsuites name="logout-lab audit" tests="3" failures="1" errors="0" skipped="1" time="1.234">',
    );
    expect(junit).toContain(
      '<testcase classname="logout-lab.audit" name="LO-08 Non-auth prefs survive, auth does not">\n      <skipped message="LO-08 follows a preference &lt;&amp;&gt; through logout."/>\n    </testcase>',
    );
    expect(junit).toContain('<failure message="A copy of the session cookie still works.">');
    expect(junit).toContain('<system-out>No Clear-Site-Data.</system-out>');
    expect(xml('a\u0000b"\'')).toBe('ab&quot;&apos;');
  });

  it('text: colour only when asked (a terminal), the skip reason under the line, a summary', () => {
    const plain = formatText(report(), false);
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('✘ LO-04 Old cookie replay is dead (server-side invalidation) (fail)');
    expect(plain).toContain(
      '- LO-08 Non-auth prefs survive, auth does not (skipped)\n    LO-08 follows a preference',
    );
    expect(plain).toContain(
      '0 passed, 1 failed, 1 advisory, 1 skipped (not run, so not passed). 4 requests in 1.2 s.',
    );
    expect(formatText(report(), true)).toContain('\u001b[31m✘ LO-04');
  });
});

describe('markdown and html', () => {
  const masked = () => maskReport(report(), { password: PASSWORD, showSecrets: false });

  it('markdown: the stack guess, a table of checks, then a section per failure with its fix and trace', () => {
    const md = formatMarkdown(masked());
    expect(
      md.startsWith(
        '## Logout audit of http\\://127.0.0.1:5000\n\nStack (a guess from cookie names): Flask + Flask-Login\n',
      ),
    ).toBe(true);
    expect(md).toContain(
      '| Check | Status | Title |\n| --- | --- | --- |\n| LO-04 | ✘ fail | Old cookie replay is dead (server-side invalidation) |\n| LO-08 | - skipped | Non-auth prefs survive, auth does not |\n| LO-16 | i advisory | Clear-Site-Data on logout (advisory) |',
    );
    expect(md).toContain(
      '### Failures\n\n### ✘ LO-04 Old cookie replay is dead (server-side invalidation) (fail)',
    );
    expect(md).toContain('- **Sent:** GET /dashboard with sid=abcdef…');
    expect(md).toContain(
      '**Fix (Flask-Login, from the stack guess):** Keep `logout_user()` and use a server-side session store.',
    );
    expect(md).toContain(
      '```text\nPOST /login [Cookie: sid=012345…; theme=dark] → 303, Location: /dashboard, Set-Cookie: sid=fedcba…; HttpOnly; Path=/, Set-Cookie: remember=r3m3mb…; Max-Age=99\n```',
    );
    // Skips and advisories are in the table only.
    expect(md).not.toContain('### - LO-08');
  });

  it('markdown: text from the app cannot become HTML, links, emphasis or a closed fence', () => {
    expect(mdText('<script>x</script> *a* [l](https://evil.example) | www.evil.example `c`')).toBe(
      '&lt;script&gt;x&lt;/script&gt; \\*a\\* \\[l\\](https\\://evil.example) \\| www\\.evil.example \\`c\\`',
    );
    expect(fence(['a ``` b', '````'])).toBe('`````text\na ``` b\n````\n`````');
  });

  it('html: one self-contained page (no script, no external resource), collapsible traces, masked', () => {
    const html = formatHtml(masked());
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|src=|https?:\/\/(?!127\.0\.0\.1)/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(html).toContain('<p>Stack (a guess from cookie names): Flask + Flask-Login</p>');
    expect(html).toContain(
      '<tr><td><a href="#LO-04">LO-04</a></td><td><span class="status-fail">✘ fail</span></td>',
    );
    expect(html).toContain('<dt>Sent</dt><dd>GET /dashboard with sid=abcdef…</dd>');
    expect(html).toContain(
      '<p class="fix"><strong>Fix (Flask-Login, from the stack guess):</strong> Keep <code>logout_user()</code> and use a server-side session store.</p>',
    );
    expect(html).toContain(
      '<details><summary>Requests (1)</summary><pre>POST /login [Cookie: sid=012345…; theme=dark] → 303',
    );
    expect(html).toContain('LO-08 follows a preference &lt;&amp;&gt; through logout.');
    for (const secret of [PASSWORD, 'hunter+2%26x', '0123456789', 'fedcba9876', 'r3m3mb3rt', 'abcdefghijkl'])
      expect(html).not.toContain(secret);
    const shown = formatHtml(maskReport(report(), { password: PASSWORD, showSecrets: true }));
    expect(shown).toContain('sid=0123456789abcdef');
    expect(shown).not.toContain(PASSWORD);
  });

  it('text and json carry the stack and the fix too', () => {
    const text = formatText(masked(), false);
    expect(text).toContain(
      'Stack (a guess from cookie names): Flask + Flask-Login\n  cookie "remember_token"',
    );
    expect(text).toContain(
      '    Fix (Flask-Login, from the stack guess): Keep `logout_user()` and use a server-side session store.',
    );
    const json = JSON.parse(formatJson(masked())) as { stack: unknown; results: { fix?: unknown }[] };
    expect(json.stack).toEqual({
      guess: 'Flask + Flask-Login',
      evidence: ['cookie "remember_token": Flask-Login’s remember-me cookie'],
    });
    expect(json.results[0]?.fix).toEqual({
      stack: 'Flask-Login',
      text: 'Keep `logout_user()` and use a server-side session store.',
    });
    expect(json.results[1]?.fix).toBeUndefined();
  });
});
