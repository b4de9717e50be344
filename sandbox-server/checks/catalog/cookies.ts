/** LO-12 session cookie attributes; LO-13, LO-14 the remember-me cookie and its server-side token. */
import { isPersistent, type SetCookie } from '../cookies';
import {
  CheckFailure,
  clip,
  describe,
  explain,
  fail,
  login,
  loginConfirmed,
  logout,
  me,
  pass,
  setCookieText,
  type Browser,
  type CheckDefinition,
} from '../harness';
import { deletionProblem } from './invalidation';
import { cookiePair, logoutProblem, theCookie } from './shared';

/** Estimated entropy of an opaque ID from its alphabet and length, or undefined when it isn't opaque. */
export function estimateIdBits(value: string): number | undefined {
  if (/^[0-9a-f]+$/i.test(value)) return value.length * 4;
  const unpadded = value.replace(/(=|%3D)+$/i, '');
  if (/^[A-Za-z0-9_-]+$/.test(unpadded) || /^[A-Za-z0-9+/]+$/.test(unpadded))
    return Math.floor((unpadded.length * 6) / 8) * 8;
  return undefined;
}

export const LO_12: CheckDefinition = {
  id: 'LO-12',
  title: 'Session cookie attributes',
  standards: [
    'OWASP Session Management CS "Cookies" (Secure, HttpOnly, SameSite, __Host-, Domain, Path)',
    'ASVS 4.0.3 3.4.1–3.4.4 / 5.0 3.3.1–3.3.4',
    'ASVS 5.0 7.2.3 (≥128-bit IDs)',
  ],
  hint: {
    concept: 'Session cookie attributes: HttpOnly, SameSite, Secure, no Domain',
    lesson: '05-session-security',
  },
  async run(ctx) {
    const { config } = ctx;
    const browser = ctx.browser();
    const { session } = await login(browser);
    const problems: string[] = [];
    if (!session.httpOnly)
      problems.push('no HttpOnly: scripts (and any XSS) can read the session ID; add httpOnly: true');
    const sameSite = session.sameSite?.toLowerCase();
    if (sameSite !== 'lax' && sameSite !== 'strict') {
      problems.push(
        session.sameSite === undefined
          ? 'no SameSite: set sameSite: "Lax" (or "Strict") explicitly instead of relying on browser defaults'
          : `SameSite=${session.sameSite}: use Lax or Strict so other sites’ requests don’t carry the cookie`,
      );
    }
    if (session.domain !== undefined)
      problems.push(
        `Domain=${session.domain}: without a Domain the cookie stays on this exact host; with one, every subdomain receives it`,
      );
    if (session.pathAttribute !== undefined && session.path === undefined)
      problems.push(`Path=${session.pathAttribute} is not a path`);
    if (config.secure && !session.secure)
      problems.push('no Secure: over https the session cookie must never travel over plain http');
    if (isPersistent(session)) {
      problems.push(
        `a lifetime (${session.maxAge !== undefined ? `Max-Age=${session.maxAge}` : `Expires=${session.expires?.toUTCString() ?? ''}`}) without "remember me": a session cookie should die with the browser`,
      );
    }
    if (config.sessionIdMinBits !== null) {
      const bits = estimateIdBits(session.value);
      if (bits !== undefined && bits < config.sessionIdMinBits) {
        problems.push(
          `the ID carries about ${bits} bits of randomness; use at least ${config.sessionIdMinBits} (16 random bytes from crypto.getRandomValues)`,
        );
      }
    }
    if (problems.length > 0) {
      return fail(
        explain({
          summary: `The session cookie is missing ${problems.length === 1 ? 'a protection' : 'protections'}.`,
          sent: `POST /login as ${ctx.user} (without remember me).`,
          got: `Set-Cookie: ${clip(session.raw)}`,
          expected: `HttpOnly; SameSite=Lax or Strict; Path=/; no Domain${config.secure ? '; Secure' : ''}; no Max-Age or Expires. Problems: ${problems.join('; ')}.`,
          why: 'Hono’s setCookie only writes Path=/ unless you pass options, so each protection has to be asked for.',
        }),
      );
    }
    return pass(`Set-Cookie: ${clip(session.raw)}`);
  },
};

/** Logs in with remember me; fails the check when no remember cookie comes back. */
/**
 * Logs in with remember=1 and fails the check (a broken precondition, not a pass) when no
 * remember-me cookie comes back. `confirm` also checks GET /me, as `loginConfirmed` does.
 */
export async function loginRemembered(
  browser: Browser,
  options: { label?: string; confirm?: boolean; why?: string } = {},
): Promise<{ session: SetCookie; remember: SetCookie }> {
  const { config } = browser.ctx;
  const loginOptions = {
    remember: true,
    label: options.label ?? `log in as ${config.user.username} with remember=1`,
  };
  const result =
    options.confirm === true
      ? await loginConfirmed(browser, loginOptions)
      : await login(browser, loginOptions);
  if (result.remember === undefined) {
    throw new CheckFailure(
      explain({
        summary: 'Logging in with "remember me" set no remember-me cookie, so this check could not go on.',
        sent: `POST /login as ${config.user.username} with remember=1.`,
        got: `${describe(result.reply)}, ${setCookieText(result.reply)}.`,
        expected: `a Set-Cookie for ${config.rememberCookie} next to ${config.sessionCookie}.`,
        why: options.why ?? 'the remember-me checks follow that cookie through logout.',
      }),
    );
  }
  return { session: result.session, remember: result.remember };
}

export const LO_13: CheckDefinition = {
  id: 'LO-13',
  title: 'Remember-me cookie is cleared',
  standards: ['Flask-Login logout_user → _clear_cookie', 'OWASP Session Management CS "Session Expiration"'],
  hint: { concept: 'logoutUser also deletes the remember-me cookie', lesson: '04-login-manager' },
  async run(ctx) {
    const { sessionCookie, rememberCookie } = ctx.config;
    const browser = ctx.browser();
    const { session, remember } = await loginRemembered(browser);
    const out = await logout(browser);
    const sent = `POST /logout with ${theCookie(sessionCookie, session.value)} and ${theCookie(rememberCookie, remember.value)}.`;
    const expected = `Set-Cookie lines that delete ${rememberCookie} (an empty value and Max-Age=0, the same Path as at login) and delete or replace ${sessionCookie} the same way (LO-06's rule).`;
    // The same deletion rule as LO-06, for both cookies: an emptied value without Max-Age=0 stays
    // in the browser, so "removed from the browser" must be true of the jar, not of the value.
    const rememberProblem = deletionProblem(ctx, browser, out, remember, { replaceable: false });
    if (rememberProblem !== undefined) {
      const left = browser.remember !== undefined && browser.remember !== '';
      return fail(
        explain({
          summary: left ? 'The remember-me cookie survives logout.' : rememberProblem.summary,
          sent,
          got: rememberProblem.got,
          expected,
          why: `${left ? 'a remember-me cookie left in the browser silently logs the user back in on the next visit, which undoes the logout. ' : ''}${rememberProblem.why}`,
        }),
      );
    }
    const sessionProblem = deletionProblem(ctx, browser, out, session, { replaceable: true });
    if (sessionProblem !== undefined) {
      return fail(
        explain({
          summary: `${sessionProblem.summary} The remember-me cookie was removed, but the session cookie was not.`,
          sent,
          got: sessionProblem.got,
          expected,
          why: `${sessionProblem.why} LO-06 explains the rule.`,
        }),
      );
    }
    return pass(
      `The logout response removed ${rememberCookie} from the browser and deleted or replaced ${sessionCookie} with a matching Path.`,
    );
  },
};

export const LO_14: CheckDefinition = {
  id: 'LO-14',
  title: 'Old remember token is revoked server-side',
  standards: [
    'OWASP Session Management CS (server-side invalidation)',
    'ASVS 5.0 7.4.1',
    'Flask-Login docs "Alternative Tokens"',
  ],
  hint: {
    concept: 'Store remember-me tokens on the server and delete them at logout',
    lesson: '04-login-manager',
  },
  async run(ctx) {
    const { sessionCookie, rememberCookie } = ctx.config;
    const browser = ctx.browser();
    const { remember } = await loginRemembered(browser);
    const out = await logout(browser);
    const replay = await me(browser, {
      label: 'GET /me with only the old remember-me cookie',
      cookie: cookiePair(rememberCookie, remember.value),
    });
    const sent = `after POST /logout (which answered ${describe(out)}), GET /me with only the old ${theCookie(rememberCookie, remember.value)}, copied before logout, and no session cookie.`;
    const why =
      'a remember-me token is a long-lived password substitute. If logout only deletes the browser’s copy, anyone who copied it stays logged in for weeks. Delete the token’s record on the server at logout.';
    if (replay.state === 'authenticated') {
      return fail(
        explain({
          summary: 'A copy of the remember-me cookie still logs in after logout.',
          sent,
          got: `${describe(replay.reply)}.${logoutProblem(out)}`,
          expected: '401 or a redirect to /login.',
          why,
        }),
      );
    }
    const fresh = replay.reply.setCookies.find((c) => c.name === sessionCookie && c.value !== '');
    if (fresh !== undefined) {
      const reuse = await me(browser, {
        label: 'GET /me with the session the old remember cookie produced',
        cookie: cookiePair(sessionCookie, fresh.value),
      });
      if (reuse.state === 'authenticated') {
        return fail(
          explain({
            summary: 'The old remember-me cookie still creates a logged-in session.',
            sent,
            got: `${describe(replay.reply)} with Set-Cookie: ${clip(fresh.raw)}; GET /me with that new session answered ${describe(reuse.reply)}.`,
            expected: 'no new session from a revoked token.',
            why,
          }),
        );
      }
    }
    // Make sure the pass is earned: a remember cookie that never logs anyone in proves nothing.
    const control = ctx.browser();
    const second = await loginRemembered(control);
    const works = await me(control, {
      label: 'control: GET /me with only a fresh remember-me cookie',
      cookie: cookiePair(rememberCookie, second.remember.value),
    });
    if (works.state !== 'authenticated') {
      return fail(
        explain({
          summary:
            'The remember-me cookie never logs anyone in, so revocation cannot be told apart from a broken feature.',
          sent: `a fresh login with remember=1, then GET /me with only its ${theCookie(rememberCookie, second.remember.value)}.`,
          got: `${describe(works.reply)}.`,
          expected: '200 with the user: a valid remember-me cookie restores the session.',
          why: 'remember me has to work before its logout can be tested.',
        }),
      );
    }
    return pass(
      `After logout the old remember-me cookie got ${describe(replay.reply)}, while a valid one still logs in.`,
    );
  },
};
