/** LO-15 Cache-Control: no-store; LO-16 Clear-Site-Data (advisory). */
import {
  advisory,
  explain,
  fail,
  login,
  logout,
  me,
  pass,
  type CheckDefinition,
  type Reply,
} from '../harness';
import { cacheDirectives, logoutProblem } from './shared';

export const LO_15: CheckDefinition = {
  id: 'LO-15',
  title: 'Authenticated responses are not cacheable',
  standards: [
    'OWASP Session Management CS "Web Content Caching"',
    'ASVS 4.0.3 8.2.1 / 5.0 14.3.2',
    'ASVS 4.0.3 3.3.1 ("back button")',
  ],
  hint: { concept: 'Cache-Control: no-store on responses with session data', lesson: '05-session-security' },
  async run(ctx) {
    const browser = ctx.browser();
    const { reply: loginReply } = await login(browser);
    const meReply = (await me(browser, { label: 'GET /me while logged in' })).reply;
    const logoutReply = await logout(browser);
    const checked: [string, Reply][] = [
      ['the login response', loginReply],
      ['GET /me while logged in', meReply],
      ['the logout response', logoutReply],
    ];
    const missing = checked.filter(([, reply]) => !cacheDirectives(reply).includes('no-store'));
    if (missing.length === 0)
      return pass('Login, GET /me and logout all answered with Cache-Control: no-store.');
    const got = missing.map(
      ([what, reply]) =>
        `${what} had ${reply.headers.has('cache-control') ? `Cache-Control: ${reply.headers.get('cache-control') ?? ''}` : 'no Cache-Control header'}`,
    );
    return fail(
      explain({
        summary: 'Some responses that carry session data may be cached.',
        sent: `POST /login, GET /me and POST /logout as ${ctx.user}.`,
        got: `${got.join('; ')}.${logoutProblem(logoutReply)}`,
        expected:
          'Cache-Control containing no-store on all three (private, no-store is fine; no-cache alone is not).',
        why: 'without no-store, the browser (and any shared cache) may keep the logged-in page, so the back button shows it after logout. no-cache still stores the page. Hono’s secureHeaders() does not add this: set c.header("Cache-Control", "no-store").',
      }),
    );
  },
};

const DIRECTIVES = new Set([
  '"cache"',
  '"cookies"',
  '"storage"',
  '"executionContexts"',
  '"clientHints"',
  '"prefetchCache"',
  '"prerenderCache"',
  '"*"',
]);

export const LO_16: CheckDefinition = {
  id: 'LO-16',
  title: 'Clear-Site-Data on logout (advisory)',
  standards: [
    'OWASP Session Management CS "Web Content Caching" (Clear-Site-Data at logout)',
    'ASVS 5.0 14.3.1',
    'MDN Clear-Site-Data',
  ],
  hint: { concept: 'Clear-Site-Data: "cache", "storage" at logout', lesson: '05-session-security' },
  advisory: true,
  async run(ctx) {
    const browser = ctx.browser();
    await login(browser);
    const reply = await logout(browser);
    const header = reply.headers.get('clear-site-data');
    if (header === null) {
      return advisory(
        `The logout response has no Clear-Site-Data header (it answered ${reply.status}). Consider adding Clear-Site-Data: "cache", "storage" so the browser drops cached pages and stored data from the session. It is optional: the session is already ended on the server.${logoutProblem(reply)}`,
      );
    }
    const directives = header
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const invalid = directives.filter((directive) => !DIRECTIVES.has(directive));
    if (invalid.length > 0 || directives.length === 0) {
      return advisory(
        `Clear-Site-Data: ${header} is malformed: ${invalid.join(', ') || 'it is empty'}. Each directive must be a quoted string such as "cache" or "storage"; browsers silently ignore unquoted or unknown ones.`,
      );
    }
    if (directives.includes('"cookies"') || directives.includes('"*"')) {
      return advisory(
        `Clear-Site-Data: ${header} also deletes every cookie of the whole site, including the theme preference that should survive logout (LO-08), and cookies of sibling subdomains. Prefer "cache", "storage" and delete the session cookies yourself.`,
      );
    }
    return pass(`Clear-Site-Data: ${header}`);
  },
};
