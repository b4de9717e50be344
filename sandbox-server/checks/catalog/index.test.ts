/**
 * Each check against a tiny reference server (testing/reference-app.ts): the clean server passes
 * everything, and every classic mistake fails exactly the checks listed here: the check written
 * for it, plus the honest knock-on effects (for example, with no POST /logout route nothing that
 * needs a logout can pass). A check that fires on the wrong mistake breaks this table.
 */
import { describe, expect, it } from 'vitest';
import { runChecks } from '../runner';
import { createReferenceApp, type Flaw } from '../testing/reference-app';
import { inProcess } from '../transport';
import {
  CHECK_RANGE_TEXT,
  CHECK_RANGES,
  FIRST_CHECK,
  LAST_CHECK,
  TOKEN_CHECKS,
  catalog,
  checkIds,
  isCheckId,
  isTokenCheck,
} from '.';

async function outcome(flaws: Flaw[]) {
  const app = createReferenceApp(flaws);
  const results = await runChecks({ transport: inProcess(app.fetch, 'http://localhost') });
  return results;
}

const notPassing = (results: Awaited<ReturnType<typeof outcome>>) =>
  results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`);

const NO_LOGOUT = [
  'LO-03',
  'LO-04',
  'LO-05',
  'LO-06',
  'LO-07',
  'LO-08',
  'LO-09',
  'LO-13',
  'LO-14',
  'LO-15',
  'LO-17',
];

const table: [Flaw[], string[]][] = [
  [['get-logout'], ['LO-01', ...NO_LOGOUT]],
  [['get-and-post-logout'], ['LO-01']],
  [['no-csrf'], ['LO-02']],
  [['strict-csrf'], NO_LOGOUT],
  [['open-redirect'], ['LO-03']],
  [['slash-slash-redirect'], ['LO-03']],
  // The old sandbox safeNext: a checked input, but the dot segments normalised away into "//host".
  [['normalised-redirect'], ['LO-03']],
  [['no-server-invalidation'], ['LO-04']],
  // A redirect without clearing anything: the browser and every copy stay logged in.
  [['redirect-only'], ['LO-04', 'LO-05', 'LO-06', 'LO-08', 'LO-09', 'LO-13', 'LO-14', 'LO-15', 'LO-17']],
  // The browser keeps the (now dead) logged-in cookie: no fresh ID, no carried-over theme.
  [['wrong-delete-path'], ['LO-06', 'LO-08', 'LO-09', 'LO-13']],
  // "sid=" with no Max-Age: the browser keeps an empty cookie. LO-13 judges it by LO-06's rule.
  [['session-emptied'], ['LO-06', 'LO-13']],
  [['crash-when-logged-out'], ['LO-07']],
  [['clear-wipes-prefs'], ['LO-08']],
  [['same-id-after-logout'], ['LO-06', 'LO-09', 'LO-13']],
  [['no-rotation'], ['LO-10']],
  [['permissive-store'], []],
  [
    ['permissive-store', 'no-rotation'],
    ['LO-10', 'LO-11'],
  ],
  [['cookie-no-httponly'], ['LO-12']],
  [['cookie-no-samesite'], ['LO-12']],
  [['cookie-domain'], ['LO-06', 'LO-12', 'LO-13']],
  [['cookie-persistent'], ['LO-12']],
  [['short-id'], ['LO-12']],
  [['remember-left'], ['LO-13']],
  [['remember-emptied'], ['LO-13']],
  // "Remember me" ignored: every check that follows a remember cookie fails its precondition.
  [['no-remember-cookie'], ['LO-13', 'LO-14', 'LO-18']],
  [['remember-not-revoked'], ['LO-14']],
  [['no-store-missing'], ['LO-15']],
  [['no-cache-only'], ['LO-15']],
  [['logout-kills-all'], ['LO-17']],
  [['logout-all-current-only'], ['LO-18']],
  [['logout-all-keeps-remember'], ['LO-18']],
  [['token-no-exp'], ['LO-19']],
  [['token-long-exp'], ['LO-19']],
  // Without a jti the denylist entry ("undefined") matches every later token, including the
  // access token a refresh hands out (LO-22 and LO-23 use it).
  [['token-no-jti'], ['LO-19', 'LO-21', 'LO-22', 'LO-23', 'LO-24']],
  [['forget-only'], ['LO-20', 'LO-21', 'LO-24']],
  [['denylist-raw'], ['LO-21']],
  [['no-refresh-rotation'], ['LO-22', 'LO-23']],
  [['no-reuse-detection'], ['LO-23']],
  [['logout-keeps-refresh'], ['LO-24']],
  // A refresh must hand out a usable access token as good as login's (LO-19 judges login's own).
  [['refresh-junk-access'], ['LO-22', 'LO-23']],
  [['refresh-access-no-exp'], ['LO-22', 'LO-23']],
  [['token-no-exp', 'refresh-access-no-exp'], ['LO-19']],
  [['refresh-not-awaited'], ['LO-22', 'LO-23']],
  [['replay-crashes'], ['LO-22', 'LO-23']],
  // Any password for a real name: the user is in, and a real name answers unlike an unknown one.
  [['login-any-password'], ['AU-01', 'AU-02']],
  [['login-enumeration'], ['AU-02']],
  [['login-failure-cookie'], ['AU-02']],
];

describe('catalog', () => {
  it('lists LO-01 … LO-24 in order, then AU-01, AU-02, each with a title, standards and a lesson hint', () => {
    expect(checkIds).toEqual([
      ...Array.from({ length: 24 }, (_, i) => `LO-${String(i + 1).padStart(2, '0')}`),
      'AU-01',
      'AU-02',
    ]);
    expect(CHECK_RANGES).toEqual([
      ['LO-01', 'LO-24'],
      ['AU-01', 'AU-02'],
    ]);
    expect(CHECK_RANGE_TEXT).toBe('LO-01 … LO-24 or AU-01 … AU-02');
    expect([FIRST_CHECK, LAST_CHECK]).toEqual(['LO-01', 'LO-24']);
    expect(TOKEN_CHECKS).toEqual(['LO-19', 'LO-20', 'LO-21', 'LO-22', 'LO-23', 'LO-24']);
    expect(['LO-19', 'LO-24', 'LO-18', 'AU-01', 'lo-19'].map(isTokenCheck)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    for (const check of catalog) {
      expect(check.title.length).toBeGreaterThan(5);
      expect(check.standards.length).toBeGreaterThan(0);
      expect(check.hint.lesson).toMatch(/^0[1-6]-[a-z-]+$/);
      expect(check.hint.concept.length).toBeGreaterThan(5);
    }
    expect(catalog.filter((c) => c.advisory).map((c) => c.id)).toEqual(['LO-16']);
    expect(isCheckId('LO-07')).toBe(true);
    expect(isCheckId('LO-25')).toBe(false);
    expect(isCheckId('lo-07')).toBe(false);
    expect(isCheckId('AU-02')).toBe(true);
    expect(isCheckId('AU-03')).toBe(false);
    expect(catalog.filter((c) => c.id.startsWith('AU-')).map((c) => c.hint.lesson)).toEqual([
      '02-authentication-basics',
      '02-authentication-basics',
    ]);
  });

  it('passes every check against the clean reference server', async () => {
    const results = await outcome([]);
    expect(notPassing(results)).toEqual([]);
    expect(results.map((r) => r.id)).toEqual(checkIds);
  });

  it.each(table)('flaw %j fails exactly %j', async (flaws, expected) => {
    const results = await outcome(flaws);
    const failing = expected.map((id) => `${id}:fail`);
    expect(notPassing(results).filter((r) => !r.startsWith('LO-16'))).toEqual(failing);
    for (const result of results.filter((r) => r.status === 'fail')) {
      // Every failure explains itself in the fixed order and carries its trace.
      expect(result.message).toMatch(/\nSent: .+\nCame back: .+\nExpected: .+\nWhy it matters: .+/s);
      expect(result.trace.length).toBeGreaterThan(0);
    }
  });

  it.each([
    [['csd-none'], /no Clear-Site-Data header/],
    [['csd-unquoted'], /malformed: cache, storage.*quoted string/],
    [['csd-cookies'], /deletes every cookie.*LO-08/],
  ] as [Flaw[], RegExp][])('LO-16 gives advice (never a failure) for %j', async (flaws, advice) => {
    const [result] = await runChecks({
      transport: inProcess(createReferenceApp(flaws).fetch, 'http://localhost'),
      ids: ['LO-16'],
    });
    expect(result?.status).toBe('advisory');
    expect(result?.message).toMatch(advice);
  });
});

describe('failure messages', () => {
  const message = async (flaws: Flaw[], id: string) => {
    const [result] = await runChecks({
      transport: inProcess(createReferenceApp(flaws).fetch, 'http://localhost'),
      ids: [id],
    });
    return result?.message ?? '';
  };

  it('LO-01 names the GET request, the deletion and the fix', async () => {
    const text = await message(['get-and-post-logout'], 'LO-01');
    expect(text).toMatch(/^A plain GET \/logout logged the user out\./);
    expect(text).toMatch(/Sent: GET \/logout with sid=\S+ and no Origin header/);
    expect(text).toMatch(/Came back: 303 redirect to \/, Set-Cookie: sid=; Max-Age=0; Path=\//);
    expect(text).toMatch(/app\.post, never app\.get/);
  });

  it('LO-04 shows the replayed cookie and the 200', async () => {
    const text = await message(['no-server-invalidation'], 'LO-04');
    expect(text).toMatch(/^A copy of the session cookie still works after logout\./);
    expect(text).toMatch(/Came back: 200 with alice's data\./);
    expect(text).toMatch(/Expected: 401 or a redirect to \/login\./);
  });

  it('LO-06 points at the mismatched Path', async () => {
    const text = await message(['wrong-delete-path'], 'LO-06');
    expect(text).toMatch(
      /uses Path=\/app while the login used Path=\/, no Domain, so the browser keeps the original cookie/,
    );
  });

  it('LO-13 fails an emptied, unexpired session cookie with LO-06’s words, never "removed from the browser"', async () => {
    const text = await message(['session-emptied'], 'LO-13');
    expect(text).toMatch(
      /^The sid cookie is emptied but not expired\. The remember-me cookie was removed, but the session cookie was not\./,
    );
    expect(text).toMatch(
      /Came back: Set-Cookie: sid=; Path=\/; HttpOnly; SameSite=Lax: no Max-Age=0 or past Expires/,
    );
    expect(text).not.toMatch(/removed sid/);
    const six = await message(['session-emptied'], 'LO-06');
    expect(six).toMatch(/^The sid cookie is emptied but not expired\./);
    const remember = await message(['remember-emptied'], 'LO-13');
    expect(remember).toMatch(/^The remember cookie is emptied but not expired\./);
    expect(remember).toMatch(/no Max-Age=0 or past Expires, so the browser keeps an empty remember cookie/);
  });

  it('LO-03 names the dot-segment probe that escaped', async () => {
    const text = await message(['normalised-redirect'], 'LO-03');
    expect(text).toMatch(/^Logout lets \?next= send the browser to another site \(an open redirect\)\./);
    expect(text).toMatch(/next="\/\.\/\/evil\.example\/phish"/);
    expect(text).toMatch(/Came back: 303 redirect to \/\/evil\.example\/phish\./);
    expect(text).toMatch(/"\/\.\/\/evil\.example" normalises to "\/\/evil\.example"/);
  });

  it('LO-07 reports a crash on logout without a session', async () => {
    const text = await message(['crash-when-logged-out'], 'LO-07');
    expect(text).toMatch(/^Logging out while not logged in crashed the server\./);
    expect(text).toMatch(/Sent: POST \/logout with no cookie at all/);
    expect(text).toMatch(/Came back: 500 \(a server error/);
  });

  it('LO-12 lists each missing attribute with its fix', async () => {
    const text = await message(['cookie-no-httponly', 'cookie-no-samesite', 'short-id'], 'LO-12');
    expect(text).toMatch(/no HttpOnly/);
    expect(text).toMatch(/no SameSite: set sameSite: "Lax"/);
    expect(text).toMatch(/about 48 bits of randomness; use at least 128/);
  });

  it('LO-22 and LO-23 refuse a refresh whose new access token is junk or weaker than login’s', async () => {
    const junk = await message(['refresh-junk-access'], 'LO-22');
    expect(junk).toMatch(/^The access token that the refresh returned does not work/);
    expect(junk).toMatch(/GET \/api\/me with Authorization: Bearer not-a-jwt/);
    expect(junk).toMatch(/Came back: 401\./);
    const noExp = await message(['refresh-access-no-exp'], 'LO-23');
    expect(noExp).toMatch(/^The access token from the refresh is weaker than the one from login\./);
    expect(noExp).toMatch(
      /Came back: A2 has no numeric exp, so it never expires\. Claims of A2: \{"sub":"alice"/,
    );
  });

  it('LO-22 and LO-23 say what was wrong: a 500 replay is a crash, and a refresh_token of {} is a missing await', async () => {
    const crash = await message(['replay-crashes'], 'LO-22');
    expect(crash).toMatch(
      /^Replaying an already-used refresh token crashed the server instead of being refused\./,
    );
    expect(crash).not.toMatch(/still works/);
    expect(crash).toMatch(/Came back: the replay of R1 answered 500/);
    expect(await message(['replay-crashes'], 'LO-23')).toMatch(
      /^Replaying a used refresh token crashed the server, so the family was never revoked\./,
    );
    for (const id of ['LO-22', 'LO-23']) {
      const text = await message(['refresh-not-awaited'], id);
      expect(text).toMatch(/^Refreshing answered 200, but not with a usable pair of tokens/);
      expect(text).toMatch(
        /Came back: 200, but refresh_token was \{\}, not a string \(a Promise turns into \{\} in JSON: is an await missing/,
      );
    }
  });

  it('AU-01 shows the wrong password that signed the user in', async () => {
    const text = await message(['login-any-password'], 'AU-01');
    expect(text).toMatch(/^A wrong password signed the user in\./);
    expect(text).toMatch(
      /Sent: POST \/login with username=alice and a wrong password \("not the right password"\)/,
    );
    expect(text).toMatch(
      /Came back: the login answered 303 redirect to \/dashboard with Set-Cookie: sid=.*; GET \/me then answered 200 with alice's data\./,
    );
  });

  it('AU-01 fails, not passes, when login refuses even the right password', async () => {
    const app = createReferenceApp();
    const refuseAll = (request: Request) =>
      new URL(request.url).pathname === '/login'
        ? new Response('Invalid credentials', { status: 401 })
        : app.fetch(request);
    const [result] = await runChecks({ transport: inProcess(refuseAll, 'http://localhost'), ids: ['AU-01'] });
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(
      /^Logging in did not work, so this check could not tell a refused password from a login that refuses everyone\./,
    );
  });

  it('AU-02 quotes where the two answers part, and names differing cookies', async () => {
    const text = await message(['login-enumeration'], 'AU-02');
    expect(text).toMatch(
      /^The login answers an unknown username differently from a wrong password, so it reveals which usernames exist\./,
    );
    expect(text).toMatch(
      /Came back: status 401 for the real user but 404 \(no such route\) for the unknown one; the bodies differ: "Wrong password for \{username\}" versus "No such user"\./,
    );
    const cookie = await message(['login-failure-cookie'], 'AU-02');
    expect(cookie).toMatch(/Came back: cookies set: sid for the real user but none for the unknown one\./);
  });

  it('LO-18 fails (never skips the remember probe) when device B gets no remember cookie', async () => {
    const text = await message(['no-remember-cookie'], 'LO-18');
    expect(text).toMatch(
      /^Logging in with "remember me" set no remember-me cookie, so this check could not go on\./,
    );
    expect(text).toMatch(/Why it matters: log out everywhere must also revoke remember-me tokens/);
  });

  it('LO-21 explains the re-encoding bypass', async () => {
    const text = await message(['denylist-raw'], 'LO-21');
    expect(text).toMatch(/^A re-encoded copy of a logged-out token still works\./);
    expect(text).toMatch(/denylist of jti values/);
  });
});
