/** LO-17 logout is per session; LO-18 log out every device. */
import {
  CheckFailure,
  describe,
  explain,
  fail,
  loginConfirmed,
  logout,
  me,
  pass,
  type Browser,
  type CheckDefinition,
} from '../harness';
import { loginRemembered } from './cookies';
import { accepted, cookiePair, logoutProblem, theCookie } from './shared';

export const LO_17: CheckDefinition = {
  id: 'LO-17',
  title: 'Logout is per session, not per user',
  standards: ['OWASP Session Management CS "Simultaneous Session Logons"', 'ASVS 5.0 7.1.2'],
  hint: {
    concept: 'Sessions are keyed by session ID, so each device logs out on its own',
    lesson: '05-session-security',
  },
  async run(ctx) {
    const laptop = ctx.browser();
    const phone = ctx.browser();
    await loginConfirmed(laptop, { label: `device A: log in as ${ctx.user}` });
    await loginConfirmed(phone, { label: `device B: log in as ${ctx.user} again` });
    const laptopStill = await me(laptop, { label: 'device A: GET /me after device B logged in' });
    if (laptopStill.state !== 'authenticated') {
      return fail(
        explain({
          summary: 'Logging in on a second device logged the first one out.',
          sent: `two separate logins as ${ctx.user} (devices A and B), then GET /me on device A.`,
          got: `${describe(laptopStill.reply)}.`,
          expected: '200 on both devices: each login gets its own session.',
          why: 'one record per user means the newest login overwrites the others. Key sessions by a random session ID and keep a user → sessions index for "log out everywhere".',
        }),
      );
    }
    const out = await logout(laptop, { label: 'device A: log out' });
    const other = await me(phone, { label: 'device B: GET /me after device A logged out' });
    const self = await me(laptop, { label: 'device A: GET /me after logging out' });
    const sent = `log in as ${ctx.user} on devices A and B, POST /logout on device A, then GET /me on each.`;
    if (other.state !== 'authenticated') {
      return fail(
        explain({
          summary: 'Logging out on one device logged out the other too.',
          sent,
          got: `device A’s logout answered ${describe(out)}; device B’s GET /me answered ${describe(other.reply)}.`,
          expected: 'device B stays logged in (200); only device A is logged out.',
          why: 'a plain logout ends the session it was sent from. Ending every session is a separate, deliberate action (LO-18), usually offered after a password change.',
        }),
      );
    }
    if (self.state !== 'denied') {
      return fail(
        explain({
          summary: 'The device that logged out is still logged in.',
          sent,
          got: `device A’s logout answered ${describe(out)}; device A’s GET /me answered ${describe(self.reply)}.${logoutProblem(out)}`,
          expected: '401 or a redirect to /login on device A; 200 on device B.',
          why: 'logout has to end the session it was sent from.',
        }),
      );
    }
    return pass('Logging out on device A left device B logged in.');
  },
};

export const LO_18: CheckDefinition = {
  id: 'LO-18',
  title: 'Log out other devices / all sessions',
  standards: [
    'ASVS 4.0.3 3.3.3, 3.3.4 / 5.0 7.4.3, 7.5.2, 7.4.5',
    'OWASP Session Management CS "Simultaneous Session Logons"',
  ],
  hint: {
    concept: 'A per-user index of sessions and remember tokens for "log out everywhere"',
    lesson: '05-session-security',
  },
  store: {
    only: 'server',
    why: 'the cookie store keeps no list of the sessions a user has in other browsers, so no route can end them',
  },
  async run(ctx) {
    const { sessionCookie, rememberCookie, user } = ctx.config;
    const a = ctx.browser();
    const b = ctx.browser();
    const c = ctx.browser();
    await loginConfirmed(a, { label: 'device A: log in' });
    // docs/security-reference.md LO-18 requires device B's remember token to be denied too: without one, that
    // half of the check would silently never run, so a missing cookie fails the precondition.
    const bLogin = await loginRemembered(b, {
      label: 'device B: log in with remember me',
      confirm: true,
      why: 'log out everywhere must also revoke remember-me tokens, and this check replays device B’s to prove it.',
    });
    const cLogin = await loginConfirmed(c, { label: 'device C: log in' });
    const remember = bLogin.remember.value;
    const out = await logout(a, {
      path: '/logout-all',
      label: 'device A: log out everywhere',
      form: { password: user.password },
    });
    const sent = `log in as ${user.username} on devices A, B (with remember me) and C, then POST /logout-all from device A (with the password, in case it asks for it again).`;
    if (!accepted(out)) {
      throw new CheckFailure(
        explain({
          summary: 'POST /logout-all did not go through.',
          sent,
          got: `${describe(out)}.`,
          expected: '200/204 or a redirect.',
          why: 'users need a way to end sessions they left open on other devices, for example after a password change.',
        }),
      );
    }
    const probes: [string, Browser, string | undefined][] = [
      [
        `device B’s session (${theCookie(sessionCookie, bLogin.session.value)})`,
        b,
        cookiePair(sessionCookie, bLogin.session.value),
      ],
      [
        `device C’s session (${theCookie(sessionCookie, cLogin.session.value)})`,
        c,
        cookiePair(sessionCookie, cLogin.session.value),
      ],
      [
        `device B’s remember-me cookie alone (${theCookie(rememberCookie, remember)})`,
        b,
        cookiePair(rememberCookie, remember),
      ],
      ['device A’s own browser', a, undefined],
    ];
    const alive: string[] = [];
    for (const [what, browser, cookie] of probes) {
      const options =
        cookie === undefined ? { label: `GET /me with ${what}` } : { label: `GET /me with ${what}`, cookie };
      const result = await me(browser, options);
      if (result.state !== 'denied') alive.push(`${what} → ${describe(result.reply)}`);
    }
    if (alive.length === 0)
      return pass('After POST /logout-all, every session and the remember-me cookie were denied.');
    return fail(
      explain({
        summary: 'Some sessions survived “log out everywhere”.',
        sent: `${sent} Then GET /me with each device’s cookies.`,
        got: `logout-all answered ${describe(out)}; still working: ${alive.join('; ')}.`,
        expected: '401 or a redirect to /login for every device, including remember-me cookies.',
        why: 'to end every session you need to find them all: keep an index from user to session IDs (and remember tokens) and delete each one.',
      }),
    );
  },
};
