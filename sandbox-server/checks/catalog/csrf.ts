/** LO-01 … LO-03: logout is a POST that other sites cannot forge, and it redirects safely. */
import {
  CheckFailure,
  EVIL_ORIGIN,
  describe,
  explain,
  fail,
  isRedirect,
  loginConfirmed,
  login,
  logout,
  me,
  pass,
  setCookieText,
  type Browser,
  type CheckContext,
  type CheckDefinition,
  type Reply,
} from '../harness';
import { cookiePair, theCookie } from './shared';

/** Is the user still logged in, both in this browser's jar and by the original cookie value? */
async function stillLoggedIn(
  ctx: CheckContext,
  browser: Browser,
  original: string,
): Promise<{ ok: boolean; detail: string }> {
  const name = ctx.config.sessionCookie;
  const jarValue = browser.session;
  const viaJar = await me(browser, { label: 'GET /me with the browser’s cookies afterwards' });
  if (viaJar.state !== 'authenticated') {
    return {
      ok: false,
      detail: `Afterwards the browser held ${theCookie(name, jarValue)} and GET /me answered ${describe(viaJar.reply)}: the user was logged out.`,
    };
  }
  if (jarValue !== original) {
    const viaOld = await me(browser, {
      label: 'GET /me with the original session cookie',
      cookie: cookiePair(name, original),
    });
    if (viaOld.state !== 'authenticated') {
      return {
        ok: false,
        detail: `Afterwards GET /me with the original ${theCookie(name, original)} answered ${describe(viaOld.reply)}: the session was ended on the server.`,
      };
    }
  }
  return { ok: true, detail: '' };
}

export const LO_01: CheckDefinition = {
  id: 'LO-01',
  title: 'GET does not log out',
  standards: [
    'OWASP CSRF Prevention CS (no state changes on GET; SameSite=Lax does not stop GET)',
    'ASVS 5.0 3.5.3 (4.0.3 4.2.2)',
  ],
  hint: {
    concept: 'Logout changes state, so it belongs on POST with CSRF protection',
    lesson: '05-session-security',
  },
  async run(ctx) {
    const browser = ctx.browser();
    const { session } = await loginConfirmed(browser);
    const name = ctx.config.sessionCookie;
    const reply = await browser.get(ctx.surface.logout.path, {
      label: 'a plain GET /logout, as a link or <img> on another site sends it',
    });
    const after = await stillLoggedIn(ctx, browser, session.value);
    if (!after.ok) {
      return fail(
        explain({
          summary: 'A plain GET /logout logged the user out.',
          sent: `GET /logout with ${theCookie(name, session.value)} and no Origin header, after logging in as ${ctx.user}.`,
          got: `${describe(reply)}, ${setCookieText(reply, name)}. ${after.detail}`,
          expected:
            '404 or 405 (no GET route), or a page that leaves the session alone; GET /me should still answer 200.',
          why: 'browsers send SameSite=Lax cookies on cross-site GET navigations, and link previews and prefetchers follow GET links, so any page could log your users out. Register the logout route with app.post, never app.get.',
        }),
      );
    }
    return pass(`GET /logout answered ${describe(reply)} and the session stayed valid.`);
  },
};

export const LO_02: CheckDefinition = {
  id: 'LO-02',
  title: 'Cross-site POST rejected',
  standards: [
    'OWASP CSRF Prevention CS (Fetch Metadata, Origin verification)',
    'ASVS 5.0 3.5.1',
    'ASVS 5.0 10.6.2 (forced logout)',
  ],
  // Lesson 3 is the one that introduces hono/csrf.
  hint: {
    concept: 'CSRF protection on POST /logout (Origin and Sec-Fetch-Site)',
    lesson: '03-basic-logout-route',
  },
  async run(ctx) {
    const browser = ctx.browser();
    const { session } = await loginConfirmed(browser);
    const name = ctx.config.sessionCookie;
    const reply = await browser.post(ctx.surface.logout.path, {
      label: 'a form POST /logout from another site',
      site: 'cross-site',
      form: {},
    });
    const sent = `POST /logout as a form (application/x-www-form-urlencoded) with ${theCookie(name, session.value)}, Origin: ${EVIL_ORIGIN} and Sec-Fetch-Site: cross-site, the way a hidden form on another site submits.`;
    const why =
      'a page on any other site can submit a hidden form to your logout URL, and the browser attaches the cookies. Rejecting requests whose Origin is not your own (Hono’s csrf() middleware does this) stops forced logout.';
    if (reply.status >= 500) {
      return fail(
        explain({
          summary: 'The server crashed on a cross-site logout request.',
          sent,
          got: `${describe(reply)}.`,
          expected: '403 (or 400/401) and no change to the session.',
          why,
        }),
      );
    }
    const after = await stillLoggedIn(ctx, browser, session.value);
    if (reply.status < 400 || !after.ok) {
      return fail(
        explain({
          summary: 'The server accepted a logout request forged by another site.',
          sent,
          got: `${describe(reply)}, ${setCookieText(reply, name)}.${after.ok ? '' : ` ${after.detail}`}`,
          expected: '403 (or 400/401) with no cookie deletion; GET /me should still answer 200 afterwards.',
          why,
        }),
      );
    }
    return pass(`A cross-site form POST /logout answered ${describe(reply)} and the session stayed valid.`);
  },
};

/** Where a redirect goes, resolved against the request URL; undefined for a malformed Location. */
function redirectTarget(ctx: CheckContext, reply: Reply): URL | undefined {
  try {
    return new URL(reply.location ?? '', `${ctx.transport.baseUrl}${reply.path}`);
  } catch {
    return undefined;
  }
}

function checkLogoutAnswer(ctx: CheckContext, reply: Reply, sent: string): void {
  if (reply.status === 200 || reply.status === 204) return;
  if (isRedirect(reply.status)) {
    const target = redirectTarget(ctx, reply);
    if (reply.location !== undefined && target !== undefined && target.origin === ctx.origin) return;
    throw new CheckFailure(
      explain({
        summary: 'The logout response redirected somewhere the browser cannot safely go.',
        sent,
        got: `${describe(reply)}.`,
        expected: 'a redirect (303 preferred) to a path on this site, such as Location: /.',
        why: 'after logout the browser follows the Location header; it must lead back to your own site.',
      }),
    );
  }
  const problems: Record<number, string> = {
    403: 'your CSRF protection also blocks real users. A same-origin form post carries Origin and Sec-Fetch-Site: same-origin; Hono’s csrf() accepts that, so check any extra rule you added.',
    404: 'there is no POST /logout route. Register it with app.post("/logout", …).',
    405: 'the route exists but not for POST. Register it with app.post("/logout", …).',
  };
  throw new CheckFailure(
    explain({
      summary:
        reply.status >= 500
          ? 'Logging out crashed the server.'
          : 'A normal logout from your own site did not go through.',
      sent,
      got: `${describe(reply)}.`,
      expected: '200/204, or a redirect (303 preferred) to a page on this site.',
      why:
        problems[reply.status] ??
        'the logout button on your own pages has to work, or users cannot end their session.',
    }),
  );
}

/**
 * `?next=` values LO-03 tries. Beyond the plain absolute and protocol-relative URLs: a backslash
 * and a tab (browsers read `\` as `/` and drop tabs), and dot segments, raw and percent-encoded,
 * which a URL parser normalises into `//evil.example`. A helper that checks the input but returns
 * the normalised path (the sandbox's own safeNext did) redirects off-site on those.
 */
export const OPEN_REDIRECT_NEXT: readonly string[] = [
  `${EVIL_ORIGIN}/phish`,
  '//evil.example/phish',
  '/\\evil.example/phish',
  '/\t/evil.example/phish',
  '/.//evil.example/phish',
  '/%2e%2e//evil.example/phish',
];

export const LO_03: CheckDefinition = {
  id: 'LO-03',
  title: 'Same-origin POST works; safe redirect',
  standards: [
    'OWASP Session Management CS "Logout Button"',
    'Flask-Login docs: validate next (open redirect)',
  ],
  hint: {
    concept: 'A POST logout route that answers with a 303 to a page on your own site',
    lesson: '03-basic-logout-route',
  },
  async run(ctx) {
    const name = ctx.config.sessionCookie;
    const first = ctx.browser();
    const { session } = await login(first);
    const reply = await logout(first);
    checkLogoutAnswer(
      ctx,
      reply,
      `POST /logout as a same-origin form (Origin: ${ctx.origin}, Sec-Fetch-Site: same-origin) with ${theCookie(name, session.value)}.`,
    );
    for (const next of OPEN_REDIRECT_NEXT) {
      const browser = ctx.browser();
      await login(browser);
      const query = `?next=${encodeURIComponent(next)}`;
      const probe = await logout(browser, { query, label: `log out with next=${next}` });
      const sent = `POST /logout${query} (next=${JSON.stringify(next)}) as a same-origin form, right after logging in.`;
      // Off-site first: checkLogoutAnswer would word it as a generic bad redirect.
      const target = isRedirect(probe.status) ? redirectTarget(ctx, probe) : undefined;
      if (target !== undefined && target.origin !== ctx.origin) {
        return fail(
          explain({
            summary: 'Logout lets ?next= send the browser to another site (an open redirect).',
            sent,
            got: `${describe(probe)}.`,
            expected: `a redirect that stays on ${ctx.origin}; ignore a next value that is not a local path (a single leading "/", not "//", no backslash or control character), and test the path again after any URL parsing: "/.//evil.example" normalises to "//evil.example".`,
            why: 'a phishing link can send users through your real logout to a look-alike login page. "//evil.example" counts as another site too.',
          }),
        );
      }
      checkLogoutAnswer(ctx, probe, sent);
    }
    return pass(`POST /logout answered ${describe(reply)}, and ?next= could not send the browser off-site.`);
  },
};
