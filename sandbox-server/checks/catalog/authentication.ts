/**
 * AU-01, AU-02: the login route itself, beyond the logout catalog of docs/security-reference.md
 * §4.3. Lab 2 teaches "verify the password" and "one answer for every failed login"; without
 * these two checks a login that signs in anyone, or that says "No such user", would pass that
 * lab. Their own id namespace (AU-) keeps the LO-01 … LO-24 numbering identical to the reference.
 */
import {
  CheckFailure,
  clip,
  describe,
  explain,
  fail,
  isRedirect,
  loginConfirmed,
  me,
  pass,
  submitLogin,
  type Browser,
  type CheckDefinition,
  type Reply,
} from '../harness';

/** A username no demo server has; the same wrong password goes with it and with the real user. */
const UNKNOWN_USER = 'nobody-here-7f3a';

function wrongPasswordFor(real: string): string {
  return real === 'not the right password' ? 'still not the right password' : 'not the right password';
}

const attempt = (browser: Browser, username: string, password: string, label: string): Promise<Reply> =>
  submitLogin(browser, { username, password, label });

/** A login that crashes is not a refusal; neither check can judge it. */
function crashed(reply: Reply, what: string): CheckFailure | undefined {
  if (reply.status < 500) return undefined;
  return new CheckFailure(
    explain({
      summary: `The login crashed on ${what} instead of refusing it.`,
      sent: `POST /login with ${what}.`,
      got: `${describe(reply)}.`,
      expected: 'a deliberate refusal: 401 (or 400/403, or the login page again) with one fixed message.',
      why: 'a failed login is an everyday event, not an error: answer it like any other request. The lab log shows the stack trace of the crash.',
    }),
  );
}

export const AU_01: CheckDefinition = {
  id: 'AU-01',
  title: 'A wrong password is refused and no session is issued',
  standards: [
    'OWASP Authentication CS "Authentication and Error Messages" (a failed login gets a generic refusal)',
    'OWASP Authentication CS "Compare Password Hashes Using Safe Functions"',
    'WSTG-ATHN-04 (bypassing the authentication schema)',
  ],
  hint: {
    concept: 'Check the password (users.verify) before anything goes into the session',
    lesson: '02-authentication-basics',
  },
  async run(ctx) {
    const { username, password } = ctx.config.user;
    const wrong = wrongPasswordFor(password);
    const browser = ctx.browser();
    const reply = await attempt(browser, username, wrong, `log in as ${username} with a wrong password`);
    const problem = crashed(reply, `a wrong password for ${username}`);
    if (problem !== undefined) throw problem;
    const after = await me(browser, { label: 'GET /me after the failed login' });
    const sent = `POST /login with username=${username} and a wrong password ("${wrong}"), then GET /me with whatever cookies that answer set.`;
    if (after.state === 'authenticated') {
      return fail(
        explain({
          summary: 'A wrong password signed the user in.',
          sent,
          got: `the login answered ${describe(reply)}${reply.setCookies.length > 0 ? ` with ${reply.setCookies.map((c) => `Set-Cookie: ${clip(c.raw, 80)}`).join(' / ')}` : ''}; GET /me then answered ${describe(after.reply)}.`,
          expected:
            'the login refused (401 with one fixed message) and GET /me denied (401 or a redirect to /login).',
          why: 'the password is the only proof that the person is the user. A login that skips users.verify (or ignores its answer) lets anyone who knows a username in.',
        }),
      );
    }
    // The control step: a login that refuses everyone must not pass by accident.
    await loginConfirmed(ctx.browser(), {
      label: `control: log in as ${username} with the right password`,
      purpose: {
        could: 'tell a refused password from a login that refuses everyone',
        why: 'the wrong password was refused, but so is the right one; finish the success path of the login first.',
      },
    });
    return pass(
      `A wrong password got ${describe(reply)} and GET /me stayed ${describe(after.reply)}; the right password still signs in.`,
    );
  },
};

export const AU_02: CheckDefinition = {
  id: 'AU-02',
  title: 'Unknown user and wrong password get the same answer',
  standards: [
    'OWASP Authentication CS "Authentication and Error Messages" (respond generically, in HTTP and HTML)',
    'ASVS 5.0 6.3.8 (valid users cannot be deduced from failed authentication)',
    'CWE-204 (observable response discrepancy)',
  ],
  hint: {
    concept: 'One answer for every failed login, so the form does not reveal which usernames exist',
    lesson: '02-authentication-basics',
  },
  async run(ctx) {
    const { username, password } = ctx.config.user;
    const wrong = wrongPasswordFor(password);
    const known = await attempt(
      ctx.browser(),
      username,
      wrong,
      `log in as ${username} (exists) with a wrong password`,
    );
    const unknown = await attempt(
      ctx.browser(),
      UNKNOWN_USER,
      wrong,
      `log in as ${UNKNOWN_USER} (does not exist) with the same password`,
    );
    for (const [reply, what] of [
      [known, `a wrong password for ${username}`],
      [unknown, `the unknown username ${UNKNOWN_USER}`],
    ] as const) {
      const problem = crashed(reply, what);
      if (problem !== undefined) throw problem;
    }
    const differences = compareAnswers(known, unknown, [username, UNKNOWN_USER]);
    if (differences.length === 0) {
      // Two identical refusals prove nothing when the login refuses everyone (or does not exist).
      await loginConfirmed(ctx.browser(), {
        label: `control: log in as ${username} with the right password`,
        purpose: {
          could: 'compare failed logins with a login that works',
          why: 'both failed logins got the same answer, but so does the right password; finish the success path of the login first.',
        },
      });
      return pass(
        `A wrong password for ${username} and the unknown name ${UNKNOWN_USER} both got ${describe(known)}, with the same body and cookies.`,
      );
    }
    return fail(
      explain({
        summary:
          'The login answers an unknown username differently from a wrong password, so it reveals which usernames exist.',
        sent: `two fresh browsers: POST /login as ${username} (a real user) with a wrong password, and POST /login as ${UNKNOWN_USER} (no such user) with the same password.`,
        got: `${differences.join('; ')}.`,
        expected:
          'the same status, the same body (one message such as "Wrong username or password."; the username echoed back in the form is fine) and the same cookies, whichever part was wrong.',
        why: 'if "no such user" and "wrong password" look different, anyone can test a list of names and learn which accounts exist, then aim password guessing or phishing at exactly those. users.verify returns null for both cases on purpose; answer both the same way.',
      }),
    );
  },
};

/**
 * The differences between two failed-login answers that would let an attacker tell them apart:
 * status, redirect target, body and which cookies are set. The submitted usernames and anti-CSRF
 * token values are masked first: echoing the name back into the form tells nothing new, and
 * a token differs on every request anyway.
 */
export function compareAnswers(a: Reply, b: Reply, usernames: readonly string[]): string[] {
  const differences: string[] = [];
  if (a.status !== b.status)
    differences.push(`status ${describe(a)} for the real user but ${describe(b)} for the unknown one`);
  const [locationA, locationB] = [mask(a.location ?? '', usernames), mask(b.location ?? '', usernames)];
  if (isRedirect(a.status) && isRedirect(b.status) && locationA !== locationB) {
    differences.push(
      `the redirects go to different places: ${clip(a.location ?? '', 80)} versus ${clip(b.location ?? '', 80)}`,
    );
  }
  const [bodyA, bodyB] = [mask(a.text, usernames), mask(b.text, usernames)];
  if (bodyA !== bodyB) differences.push(`the bodies differ: ${firstDifference(bodyA, bodyB)}`);
  const [cookiesA, cookiesB] = [cookieNames(a), cookieNames(b)];
  if (cookiesA !== cookiesB)
    differences.push(
      `cookies set: ${cookiesA || 'none'} for the real user but ${cookiesB || 'none'} for the unknown one`,
    );
  return differences;
}

function mask(text: string, usernames: readonly string[]): string {
  let out = text;
  for (const name of usernames) {
    for (const spelling of new Set([name, encodeURIComponent(name), escapeHtml(name)]))
      out = out.split(spelling).join('{username}');
  }
  // Hidden anti-CSRF fields carry a fresh value per session.
  return out.replace(/(name=["']?[\w-]*(?:csrf|token)[\w-]*["']?[^>]*?value=["'])[^"']*/gi, '$1{token}');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `"…Wrong password for {username}…" versus "…No such user…"`: the first place two texts part. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const start = Math.max(0, i - 20);
  const excerpt = (text: string) => {
    const part = text.slice(start, i + 40).replace(/\s+/g, ' ');
    return `"${start > 0 ? '…' : ''}${part}${i + 40 < text.length ? '…' : ''}"`;
  };
  return `${excerpt(a)} versus ${excerpt(b)}`;
}

/** The names of the cookies an answer sets, sorted (values are random, so only names compare). */
function cookieNames(reply: Reply): string {
  return [...new Set(reply.setCookies.map((c) => c.name))].sort().join(', ');
}
