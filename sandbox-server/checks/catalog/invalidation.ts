/** LO-04 … LO-09: logout ends the session on the server and in the browser, and nothing else. */
import { isDeletion, rejectionReason, type SetCookie } from '../cookies';
import {
  CheckFailure,
  describe,
  explain,
  fail,
  follow,
  lastSet,
  login,
  loginConfirmed,
  logout,
  me,
  pass,
  setCookieText,
  type Browser,
  type CheckContext,
  type CheckDefinition,
  type Reply,
} from '../harness';
import { accepted, cookiePair, logoutProblem, theCookie } from './shared';

export const LO_04: CheckDefinition = {
  id: 'LO-04',
  title: 'Old cookie replay is dead (server-side invalidation)',
  standards: [
    'OWASP Session Management CS "Session Expiration" (server side is mandatory), "Logout Button"',
    'ASVS 4.0.3 3.3.1 / 5.0 7.4.1',
    'WSTG-SESS-06 (restore the old cookie value)',
  ],
  hint: {
    concept: 'Invalidate the session on the server, not only in the browser',
    lesson: '05-session-security',
  },
  store: {
    only: 'server',
    why: 'a signed cookie holds the session itself and the server keeps no record of it, so a copy taken before logout still signs in until the cookie is too old',
  },
  async run(ctx) {
    const name = ctx.config.sessionCookie;
    const browser = ctx.browser();
    const { session } = await loginConfirmed(browser);
    const out = await logout(browser);
    const replay = await me(browser, {
      label: 'GET /me with the old session cookie, copied before logout',
      cookie: cookiePair(name, session.value),
    });
    if (replay.state === 'denied')
      return pass(`After logout, the old session cookie got ${describe(replay.reply)}.`);
    return fail(
      explain({
        summary:
          replay.state === 'authenticated'
            ? 'A copy of the session cookie still works after logout.'
            : 'After logout, the old session cookie got an unexpected answer.',
        sent: `GET /me with the old ${theCookie(name, session.value)}, set by hand after POST /logout (which answered ${describe(out)}), the way an attacker who copied the cookie would.`,
        got: `${describe(replay.reply)}.${logoutProblem(out)}`,
        expected: '401 or a redirect to /login.',
        why: 'deleting the cookie in the browser does not revoke copies of it (from another device, a proxy log, malware). Logout has to end the session record on the server, so the old ID means nothing.',
      }),
    );
  },
};

export const LO_05: CheckDefinition = {
  id: 'LO-05',
  title: 'Browser-style flow ends logged out',
  standards: ['OWASP Session Management CS "Session Expiration" (clear the cookie on the client)'],
  hint: { concept: 'Logout must clear the session, not only redirect', lesson: '03-basic-logout-route' },
  async run(ctx) {
    const name = ctx.config.sessionCookie;
    const browser = ctx.browser();
    const { session } = await loginConfirmed(browser);
    const out = await logout(browser);
    await follow(browser, out);
    const after = await me(browser, { label: 'GET /me with the browser’s cookies after logout' });
    if (after.state === 'denied')
      return pass(`After logout, the browser’s next GET /me got ${describe(after.reply)}.`);
    return fail(
      explain({
        summary:
          after.state === 'authenticated'
            ? 'After clicking logout, the browser is still logged in.'
            : 'After logout, GET /me gave an unexpected answer.',
        sent: `POST /logout from a browser holding ${theCookie(name, session.value)}, applied the response’s cookies like a browser, followed any redirect, then GET /me.`,
        got: `logout answered ${describe(out)}, ${setCookieText(out, name)}; the browser then held ${theCookie(name, browser.session)} and GET /me answered ${describe(after.reply)}.${logoutProblem(out)}`,
        expected: 'GET /me answers 401 or redirects to /login.',
        why: 'a redirect alone changes nothing: the browser keeps sending the same session cookie. Remove the user from the session (and the cookie) before redirecting.',
      }),
    );
  },
};

/** What is wrong with how a logout response handled the session cookie, in LO-06's words. */
export interface DeletionProblem {
  summary: string;
  got: string;
  why: string;
}

const DELETION_WHY =
  'a browser identifies a cookie by name, domain and path. A deletion with a different Path or Domain names a different cookie: the browser removes that one if it exists, creates nothing (an already-expired cookie is dropped on arrival, RFC 6265 §5.3), and the real session cookie stays behind.';

/**
 * The deletion rule shared by LO-06 (session cookie) and LO-13 (session and remember-me cookies):
 * the logout response must either delete `name` (Max-Age=0 or a past Expires) with the same Path
 * and Domain as `set`, or replace it there with a new value. An emptied value that is not expired
 * stays in the browser, so it does not count. Judged on `browser`'s jar after the response.
 */
export function deletionProblem(
  ctx: CheckContext,
  browser: Browser,
  out: Reply,
  set: SetCookie,
  options: { replaceable: boolean },
): DeletionProblem | undefined {
  const { name } = set;
  const loginPath = set.path ?? '/';
  const scope = `Path=${loginPath}${set.domain === undefined ? ', no Domain' : `, Domain=${set.domain}`}`;
  const lines = out.setCookies.filter((c) => c.name === name);
  if (lines.length === 0) {
    return {
      summary: `The logout response does not touch the ${name} cookie.`,
      got: `${describe(out)}, with no Set-Cookie for ${name}.${logoutProblem(out)}`,
      why: DELETION_WHY,
    };
  }
  const refused = refusal(ctx, lines);
  if (refused !== undefined)
    return {
      summary: `A browser would ignore the deletion of ${name}.`,
      got: `${setCookieText(out, name)}: ${refused}.`,
      why: DELETION_WHY,
    };
  const remaining = browser.jar.all(name).filter((c) => c.path === loginPath && c.domain === set.domain);
  const stray = browser.jar.all(name).filter((c) => c.path !== loginPath || c.domain !== set.domain);
  if (remaining.some((c) => c.value === set.value) || stray.length > 0) {
    const wrong = lines.find((c) => (c.path ?? '/') !== loginPath || c.domain !== set.domain);
    const detail =
      wrong !== undefined
        ? `it uses ${`Path=${wrong.pathAttribute ?? '(none)'}`}${wrong.domain === undefined ? '' : `, Domain=${wrong.domain}`} while the login used ${scope}, so the browser keeps the original cookie`
        : 'it does not expire the cookie, so the browser keeps it';
    return {
      summary: `The deletion cookie misses the real ${name} cookie.`,
      got: `${setCookieText(out, name)}: ${detail}.`,
      why: DELETION_WHY,
    };
  }
  if (remaining.some((c) => c.value === '')) {
    return {
      summary: `The ${name} cookie is emptied but not expired.`,
      got: `${setCookieText(out, name)}: no Max-Age=0 or past Expires, so the browser keeps an empty ${name} cookie.`,
      why: 'without an expiry the browser stores the empty value and keeps sending it; Max-Age=0 removes the cookie. Hono’s deleteCookie adds it for you.',
    };
  }
  if (!options.replaceable && remaining.length > 0) {
    return {
      summary: `The ${name} cookie is replaced instead of deleted.`,
      got: `${setCookieText(out, name)}: the browser now holds a new ${name} value.`,
      why: `nothing should stay behind under the name ${name} after logout: delete it with Max-Age=0 (Hono’s deleteCookie with the same Path).`,
    };
  }
  return undefined;
}

export const LO_06: CheckDefinition = {
  id: 'LO-06',
  title: 'Deletion cookie is well-formed',
  standards: [
    'OWASP Session Management CS "Session Expiration" (empty value and a past expiry)',
    'RFC 6265 §5.3 (a cookie is name + domain + path)',
  ],
  hint: {
    concept: 'deleteCookie with the same Path and Domain the cookie was set with',
    lesson: '05-session-security',
  },
  async run(ctx) {
    const name = ctx.config.sessionCookie;
    const browser = ctx.browser();
    const { session } = await login(browser);
    const loginScope = `Path=${session.path ?? '/'}${session.domain === undefined ? ', no Domain' : `, Domain=${session.domain}`}`;
    const out = await logout(browser);
    const lines = out.setCookies.filter((c) => c.name === name);
    const sent = `POST /logout with ${theCookie(name, session.value)}; the login had set it with ${loginScope}.`;
    const expected = `a Set-Cookie for ${name} with the same Path and Domain as at login (${loginScope}), an empty value and Max-Age=0 (or Expires in the past)${name.startsWith('__Host-') ? ', plus Secure (required for __Host- names)' : ''}; replacing it with a new anonymous session ID also works.`;
    const problem = deletionProblem(ctx, browser, out, session, { replaceable: true });
    if (problem !== undefined)
      return fail(explain({ summary: problem.summary, sent, got: problem.got, expected, why: problem.why }));
    const how = lines.some((c) => isDeletion(c)) ? 'deleted' : 'replaced with a new value';
    return pass(
      `The logout response ${how} ${name} with a matching ${loginScope.replace(', no Domain', '')}.`,
    );
  },
};

/** Why a browser would ignore one of these Set-Cookie lines, or undefined. Shared wording with LO-13. */
export function refusal(ctx: CheckContext, lines: readonly SetCookie[]): string | undefined {
  for (const line of lines) {
    const reason = rejectionReason(line, ctx.host);
    if (reason !== null) return `${reason}, so browsers ignore that line`;
  }
  return undefined;
}

/** Sends a logout and says whether it broke (5xx or unexpected status), for LO-07. */
async function safeLogout(browser: Browser, label: string, cookie: string | undefined): Promise<Reply> {
  return cookie === undefined ? await logout(browser, { label }) : await logout(browser, { label, cookie });
}

export const LO_07: CheckDefinition = {
  id: 'LO-07',
  title: 'Logout is safe when already logged out',
  standards: [
    'RFC 7009 §2.2 (revocation answers 200 for invalid tokens; idempotent)',
    'Django 1.8.4 fix (logout must not create sessions)',
  ],
  hint: {
    concept: 'A logout route that copes with a missing or unknown session',
    lesson: '03-basic-logout-route',
  },
  async run(ctx) {
    const name = ctx.config.sessionCookie;
    const cases: { what: string; prepare: (browser: Browser) => Promise<string | undefined> }[] = [
      { what: 'with no cookie at all', prepare: async () => '' },
      { what: `with a made-up cookie ${name}=xyz`, prepare: async () => cookiePair(name, 'xyz') },
      {
        what: 'a second time with the same cookie, right after a first logout',
        prepare: async (browser) => {
          const { session } = await login(browser);
          await logout(browser, { label: 'first logout' });
          return cookiePair(name, session.value);
        },
      },
    ];
    for (const { what, prepare } of cases) {
      const browser = ctx.browser();
      const cookie = await prepare(browser);
      const reply = await safeLogout(browser, `log out ${what}`, cookie);
      if (!accepted(reply)) {
        const missing = reply.status === 404 || reply.status === 405;
        return fail(
          explain({
            summary:
              reply.status >= 500
                ? 'Logging out while not logged in crashed the server.'
                : missing
                  ? 'There is no POST /logout route to call.'
                  : 'Logging out while not logged in was refused.',
            sent: `POST /logout ${what} (a same-origin form post).`,
            got: `${describe(reply)}.`,
            expected: '200/204 or a redirect, exactly as for a logged-in user.',
            why:
              reply.status >= 500
                ? 'people click logout twice, in two tabs, or after their session expired. Check that the session or user exists before reading from it (a missing session is a normal case, not an error).'
                : missing
                  ? 'register the route with app.post("/logout", …); LO-03 checks it too.'
                  : 'logout should be idempotent: ending a session that is already gone is a success, so a stale tab never shows an error.',
          }),
        );
      }
      // Only what this response set counts: a session that was already valid is LO-04's business.
      const fresh = ctx.browser();
      fresh.jar.apply(reply.setCookies, ctx.surface.logout.path);
      if (fresh.jar.header(ctx.surface.me.path) === '') continue;
      const state = await me(fresh, { label: 'GET /me with only the cookies that logout set' });
      if (state.state === 'authenticated') {
        return fail(
          explain({
            summary: 'Logging out while not logged in produced a logged-in session.',
            sent: `POST /logout ${what}, then GET /me with only the cookies that response set.`,
            got: `${setCookieText(reply, name)}; GET /me answered ${describe(state.reply)}.`,
            expected: 'GET /me answers 401 or redirects to /login.',
            why: 'a logout must never create authenticated state.',
          }),
        );
      }
    }
    return pass('POST /logout answered normally with no cookie, with a made-up cookie and when repeated.');
  },
};

/** Reads the theme from GET /prefs. */
async function theme(browser: Browser, label: string): Promise<{ reply: Reply; theme: unknown }> {
  const reply = await browser.get('/prefs', { label });
  const json = reply.json;
  const value =
    typeof json === 'object' && json !== null ? (json as Record<string, unknown>).theme : undefined;
  return { reply, theme: value };
}

const PREFS_HINT = {
  concept: 'Read and write the theme in the session (GET and POST /prefs)',
  lesson: '01-understanding-sessions',
} as const;

/** Anonymous `POST /prefs theme=dark`, as a visitor picking a theme before logging in. */
export async function chooseTheme(browser: Browser): Promise<Reply> {
  const { ctx } = browser;
  const reply = await browser.post('/prefs', {
    label: 'choose theme=dark before logging in',
    form: { theme: 'dark' },
  });
  if (reply.status >= 400) {
    const owner = ctx.owner('POST /prefs');
    if (owner === 'learner') ctx.hint = PREFS_HINT;
    throw new CheckFailure(
      explain({
        summary: `Saving a preference did not work, so this check could not go on.`,
        sent: 'POST /prefs with theme=dark as a same-origin form, before logging in.',
        got: `${describe(reply)}.`,
        expected: '200 or a redirect (the starter answers 303 to /settings).',
        why:
          owner === 'learner'
            ? 'this check follows a preference through login and logout, and POST /prefs is yours in this lab: accept theme=dark, store it in the session and answer with a redirect.'
            : owner === 'server'
              ? 'this check follows a preference through login and logout; the preferences route is part of the server in this lab, not of your exercise, so this points at a broken server setup.'
              : 'this check follows a preference through login and logout (docs/security-reference.md §4.1: GET/POST /prefs).',
      }),
    );
  }
  return reply;
}

/**
 * A visitor's first step before logging in, so the browser may hold a pre-login session (LO-09,
 * LO-10): the sandbox's theme choice, or loading the surface's page (a real app's login page).
 * Returns how it was done, in words for messages.
 */
export async function startAnonymous(browser: Browser): Promise<string> {
  const { anonymous } = browser.ctx.surface;
  if (anonymous === 'prefs') {
    await chooseTheme(browser);
    return 'POST /prefs';
  }
  await browser.get(anonymous.path, { label: `visit ${anonymous.path} before logging in` });
  return `GET ${anonymous.path}`;
}

/**
 * Confirms, before any login, that the theme chosen with POST /prefs comes back from GET /prefs.
 * Otherwise LO-08 would blame login or logout for a preference that was never kept.
 */
async function themeKept(browser: Browser, chosen: Reply): Promise<void> {
  const { ctx } = browser;
  const back = await theme(browser, 'GET /prefs before logging in');
  if (back.theme === 'dark') return;
  const name = ctx.config.sessionCookie;
  const cookie = lastSet(chosen, name);
  // No cookie on the first visit means nothing was stored: the fault is in POST /prefs.
  const route = cookie === undefined ? 'POST /prefs' : 'GET /prefs';
  if (ctx.owner('POST /prefs') === 'learner' || ctx.owner('GET /prefs') === 'learner') ctx.hint = PREFS_HINT;
  throw new CheckFailure(
    explain({
      summary:
        cookie === undefined
          ? `The theme was never stored: ${ctx.route('POST /prefs')} set no ${name} cookie, so GET /prefs could not find it, even before login.`
          : `${ctx.route('GET /prefs')} does not read the theme that POST /prefs stored, even before login.`,
      sent: 'POST /prefs theme=dark as a new visitor, then GET /prefs in the same browser (no login yet).',
      got: `POST /prefs answered ${describe(chosen)}, ${setCookieText(chosen, name)}; GET /prefs answered ${describe(back.reply)} with theme ${JSON.stringify(back.theme)}.`,
      expected: `theme "dark" from GET /prefs: the session carries it from one request to the next.`,
      why:
        ctx.owner(route) === 'learner'
          ? `this check follows the theme through login and logout, so it has to survive one request first. ${route === 'POST /prefs' ? 'Store it with c.get("session").set("theme", theme): a changed session sends its cookie.' : 'Read it with c.get("session").get("theme"), and answer "light" only when there is none.'}`
          : 'this check follows the theme through login and logout, so it has to survive one request first.',
    }),
  );
}

export const LO_08: CheckDefinition = {
  id: 'LO-08',
  title: 'Non-auth prefs survive, auth does not',
  standards: [
    'Flask-Login logout_user pops only its own keys (a tutorial design choice, not a standard)',
    'OWASP Session Management CS: the session itself is invalidated',
  ],
  hint: {
    concept: 'Remove only the login keys (pop) instead of clearing the whole session',
    lesson: '03-basic-logout-route',
  },
  async run(ctx) {
    const browser = ctx.browser();
    await themeKept(browser, await chooseTheme(browser));
    const loggedIn = await loginConfirmed(browser);
    const before = await theme(browser, 'GET /prefs while logged in');
    if (before.theme !== 'dark') {
      if (ctx.owner('POST /login') === 'learner')
        ctx.hint = {
          concept: 'Regenerate the session at login and keep the theme',
          lesson: '02-authentication-basics',
        };
      return fail(
        explain({
          summary: 'The preference chosen before login was lost at login.',
          sent: 'POST /prefs theme=dark, GET /prefs (answered "dark"), then POST /login in the same browser, then GET /prefs.',
          got: `${describe(before.reply)} with theme ${JSON.stringify(before.theme)}.`,
          expected: 'theme "dark": a new session at login should carry harmless preferences over.',
          why: 'regenerating the session at login is right, but copy non-sensitive values such as the theme into the new one.',
        }),
      );
    }
    const out = await logout(browser);
    await follow(browser, out);
    const after = await theme(browser, 'GET /prefs after logout');
    if (after.theme !== 'dark') {
      const kept = browser.session !== undefined && browser.session === loggedIn.session.value;
      return fail(
        explain({
          summary: 'Logout wiped the user’s preferences too.',
          sent: 'POST /prefs theme=dark, log in, POST /logout, then GET /prefs with the browser’s cookies.',
          got: `logout answered ${describe(out)}; GET /prefs answered ${describe(after.reply)} with theme ${JSON.stringify(after.theme)}.${logoutProblem(out)}`,
          expected: 'theme "dark": the preference is not about who is logged in, so it survives logout.',
          why: kept
            ? 'the browser still sends the logged-in session cookie, but the server no longer has that session, so the theme stored in it is gone too. Start a fresh anonymous session that carries the preferences, and make sure its cookie replaces the old one.'
            : 'clearing the whole session (session.clear()) throws away the theme and cart along with the login. Remove only the login keys, or carry the preferences into a fresh anonymous session.',
        }),
      );
    }
    const state = await me(browser, { label: 'GET /me after logout' });
    if (state.state !== 'denied') {
      return fail(
        explain({
          summary: 'The preference survived, but so did the login.',
          sent: 'POST /prefs theme=dark, log in, POST /logout, then GET /me with the browser’s cookies.',
          got: `GET /me answered ${describe(state.reply)}.`,
          expected: '401 or a redirect to /login.',
          why: 'keeping preferences must not keep the user logged in: remove the user from the session.',
        }),
      );
    }
    return pass('The theme survived logout and the login did not.');
  },
};

export const LO_09: CheckDefinition = {
  id: 'LO-09',
  title: 'New anonymous ID after logout',
  standards: [
    'WSTG-SESS-06 (new cookie values after logout)',
    'OWASP Session Management CS "Renew the Session ID"',
  ],
  hint: {
    concept: 'After logout the browser holds a fresh anonymous session, never the logged-in one',
    lesson: '03-basic-logout-route',
  },
  async run(ctx) {
    const name = ctx.config.sessionCookie;
    const browser = ctx.browser();
    await startAnonymous(browser);
    const { session } = await login(browser);
    const out = await logout(browser);
    await follow(browser, out);
    const after = browser.session;
    if (after === undefined || after !== session.value) {
      return pass(
        after === undefined
          ? `The browser holds no ${name} cookie after logout.`
          : `After logout the browser holds a new ${name} value.`,
      );
    }
    return fail(
      explain({
        summary: 'The session ID is the same before and after logout.',
        sent: `POST /logout with ${theCookie(name, session.value)} (after choosing a theme and logging in).`,
        got: `${describe(out)}, ${setCookieText(out, name)}; the browser still holds the same ${theCookie(name, after)}.${logoutProblem(out)}`,
        expected: `either no ${name} cookie at all, or a new value that differs from the one used while logged in.`,
        why: 'an ID that outlives a login can be fixed on a shared computer: whoever logs in next reuses it, and whoever copied it earlier rides along. Destroy the old session and issue a new ID.',
      }),
    );
  },
};
