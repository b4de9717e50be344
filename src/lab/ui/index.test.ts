/** The pure parts of the lab views (the DOM parts are covered by test/e2e/lab-*.spec.ts). */
import { describe, expect, it } from 'vitest';
import type { CheckResult, LabResponse } from '../runtime';
import { lessonName, runShortcut } from './checks-view';
import { explain, formBody, siteHeaders } from './console-view';
import { checkRunThrows } from './log-view';
import { thrownPlace } from './thrown-view';
import { previewDocument } from './preview-view';
import { PREVIEW_BRIDGE_SCRIPT } from './preview-bridge';

const response = (status: number, body = '', headers: [string, string][] = []): LabResponse => ({
  status,
  statusText: '',
  headers,
  body,
  durationMs: 1,
});

describe('console helpers', () => {
  it('adds the headers a browser sends from each site, as the checks do', () => {
    expect(siteHeaders('same-origin', 'POST', 'http://localhost:8787')).toEqual([
      ['origin', 'http://localhost:8787'],
      ['sec-fetch-site', 'same-origin'],
    ]);
    expect(siteHeaders('same-origin', 'GET', 'http://localhost:8787')).toEqual([
      ['sec-fetch-site', 'same-origin'],
    ]);
    expect(siteHeaders('cross-site', 'POST', 'http://x')).toEqual([
      ['origin', 'https://evil.example'],
      ['sec-fetch-site', 'cross-site'],
    ]);
    expect(siteHeaders('none', 'POST', 'http://x')).toEqual([]);
  });

  it('encodes form lines or a query string', () => {
    expect(formBody('username=alice\npassword=correct horse battery staple')).toBe(
      'username=alice&password=correct+horse+battery+staple',
    );
    expect(formBody('a=1&b=2')).toBe('a=1&b=2');
    expect(formBody('')).toBe('');
  });

  it('explains what a response means for the session', () => {
    const me = { method: 'GET', path: '/me', headers: [] };
    expect(explain(me, response(200, '{"user":{"username":"alice","name":"Alice"}}'))).toBe(
      'Logged in: the server accepts these credentials as Alice.',
    );
    expect(explain(me, response(401, '{}'))).toBe(
      'Denied (401): the server does not accept these credentials.',
    );
    const logout = { method: 'POST', path: '/logout', headers: [] };
    expect(
      explain(
        logout,
        response(303, '', [
          ['location', '/'],
          ['set-cookie', 'sid=; Max-Age=0; Path=/'],
          ['set-cookie', 'sid=new; Path=/'],
        ]),
      ),
    ).toBe('Redirect (303) to /. Cookies: sid deleted, sid set.');
    expect(explain(logout, response(403))).toMatch(/^Refused \(403\)/);
  });
});

describe('preview document', () => {
  it('puts the bridge first in an HTML page and wraps anything else in <pre>', () => {
    const html = previewDocument(
      response(200, '<!doctype html><html><head><title>x</title></head><body>hi</body></html>', [
        ['content-type', 'text/html; charset=UTF-8'],
      ]),
    );
    expect(html.indexOf(PREVIEW_BRIDGE_SCRIPT)).toBeLessThan(html.indexOf('<title>'));
    const json = previewDocument(response(401, '{"error":"<nope>"}', [['content-type', 'application/json']]));
    expect(json).toContain('&lt;nope&gt;');
    expect(json).toContain('HTTP 401');
  });
});

describe('hints', () => {
  it('names lessons by number and topic', () => {
    expect(lessonName('05-session-security')).toBe('Lesson 5 (session security)');
  });
});

describe('run shortcut', () => {
  it('says Cmd on Apple devices and Ctrl elsewhere, as CodeMirror’s Mod-Enter means', () => {
    expect(runShortcut('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15')).toBe(
      'Cmd+Enter',
    );
    expect(runShortcut('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)')).toBe('Cmd+Enter');
    expect(runShortcut('Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0')).toBe('Ctrl+Enter');
  });
});

describe('a handler that threw', () => {
  const thrown = {
    request: 'POST /logout',
    message: "TypeError: Cannot read properties of undefined (reading 'y')",
    at: { file: 'routes/logout.ts', line: 14, column: 26 },
  };
  const result = (id: string, extra: Partial<CheckResult> = {}): CheckResult => ({
    id: id as CheckResult['id'],
    title: id,
    status: 'fail',
    message: '',
    hint: { concept: 'x', lesson: '03-basic-logout-route' },
    trace: [],
    logs: '',
    serverLog: '',
    ...extra,
  });

  it('is placed as the editor numbers lines: file:line', () => {
    expect(thrownPlace(thrown)).toBe('routes/logout.ts:14');
    expect(thrownPlace({ request: 'GET /', message: 'the handler threw the string "x"' })).toBeNull();
  });

  it('a check run adds one server log line per distinct error, naming the checks that met it', () => {
    const other = { ...thrown, request: 'GET /me', at: { ...thrown.at, line: 20 } };
    const lines = checkRunThrows(
      [
        result('LO-01', { status: 'pass' }),
        result('LO-05', { thrown }),
        result('LO-07', { thrown: other }),
        result('LO-08', { thrown }),
      ],
      7,
    );
    expect(lines).toEqual([
      {
        at: 7,
        level: 'error',
        text: "POST /logout failed while the checks ran (LO-05, LO-08): TypeError: Cannot read properties of undefined (reading 'y')",
        thrown,
      },
      {
        at: 7,
        level: 'error',
        text: "GET /me failed while the checks ran (LO-07): TypeError: Cannot read properties of undefined (reading 'y')",
        thrown: other,
      },
    ]);
    expect(checkRunThrows([result('LO-05')])).toEqual([]);
  });
});
