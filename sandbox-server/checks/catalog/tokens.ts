/** LO-19 … LO-24: short-lived access tokens, a jti denylist, rotating and revocable refresh tokens. */
import { preview } from '../cookies';
import {
  CheckFailure,
  clip,
  describe,
  explain,
  fail,
  pass,
  userOf,
  type Browser,
  type CheckDefinition,
  type Reply,
} from '../harness';
import type { CheckId } from '../types';

interface TokenPair {
  access: string;
  refresh: string;
  reply: Reply;
}

function readPair(reply: Reply): { access: string; refresh: string } | undefined {
  const json = reply.json;
  if (reply.status !== 200 || typeof json !== 'object' || json === null) return undefined;
  const { access_token: access, refresh_token: refresh } = json as Record<string, unknown>;
  return typeof access === 'string' && typeof refresh === 'string' ? { access, refresh } : undefined;
}

async function apiLogin(browser: Browser, label = 'token login (POST /api/login)'): Promise<TokenPair> {
  const { user } = browser.ctx.config;
  const reply = await browser.post('/api/login', {
    label,
    json: { username: user.username, password: user.password },
  });
  const pair = readPair(reply);
  if (pair === undefined) {
    throw new CheckFailure(
      explain({
        summary: 'The token login did not work, so this check could not go on.',
        sent: `POST /api/login with JSON {"username":"${user.username}","password":"…"}.`,
        got: `${describe(reply)}${pairBodyProblem(reply)}.`,
        expected: '200 with JSON { "access_token": "…", "refresh_token": "…" }.',
        why: 'every token check starts from a fresh pair of tokens.',
      }),
    );
  }
  return { ...pair, reply };
}

/** What is wrong with the body of a 200 token answer, in plain words; '' when it holds two strings. */
function pairBodyProblem(reply: Reply): string {
  if (reply.status !== 200) return '';
  const json = reply.json;
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return `, but the body is not a JSON object (${JSON.stringify(clip(reply.text, 80))})`;
  const fields = json as Record<string, unknown>;
  const problems = (['access_token', 'refresh_token'] as const).flatMap((name) => {
    const value = fields[name];
    if (typeof value === 'string') return [];
    if (value === undefined) return [`${name} is missing`];
    const shown = JSON.stringify(value) ?? String(value);
    // A Promise serialises as {}: the usual cause is a token call without await.
    const cause =
      typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
        ? ' (a Promise turns into {} in JSON: is an await missing before the call that makes it?)'
        : '';
    return [`${name} was ${shown}, not a string${cause}`];
  });
  return problems.length === 0 ? '' : `, but ${problems.join(' and ')}`;
}

const apiMe = (browser: Browser, token: string, label: string) =>
  browser.get('/api/me', { label, bearer: token });

const apiLogout = (
  browser: Browser,
  access: string,
  refresh: string,
  label = 'token logout (POST /api/logout)',
) => browser.post('/api/logout', { label, bearer: access, json: { refresh_token: refresh } });

const apiRefresh = (browser: Browser, refresh: string, label: string) =>
  browser.post('/api/refresh', { label, json: { refresh_token: refresh } });

const rejected = (reply: Reply) => reply.status === 400 || reply.status === 401 || reply.status === 403;

const short = (token: string) => preview(token, 16);

/** Decodes a JWT payload without verifying it; undefined when the token is not a JWT. */
export function decodeJwt(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (part === undefined) return undefined;
  try {
    const base64 = part.replaceAll('-', '+').replaceAll('_', '/');
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
    const payload = JSON.parse(json) as unknown;
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The same token with the signature's last base64url character swapped for a sibling that decodes
 * to the same bytes (only the unused low bits differ), or undefined when no such sibling exists.
 */
export function reencodeSignature(token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  const signature = token.slice(dot + 1);
  const spareBits = (signature.length * 6) % 8;
  const last = signature.at(-1);
  if (dot < 0 || spareBits === 0 || last === undefined) return undefined;
  const index = ALPHABET.indexOf(last);
  if (index < 0) return undefined;
  return `${token.slice(0, -1)}${ALPHABET[index ^ 1] ?? last}`;
}

/** One thing wrong with an access token's claims, by kind, so two tokens can be compared. */
interface ClaimProblem {
  kind: 'not-jwt' | 'no-exp' | 'long-exp' | 'no-jti';
  text: string;
}

/** What LO-19 requires of an access token: a JWT with a numeric exp within `max` seconds and a jti. */
function claimProblems(token: string, name: string, max: number, now: number): ClaimProblem[] {
  const claims = decodeJwt(token);
  if (claims === undefined) return [{ kind: 'not-jwt', text: `${name} is not a JWT (${short(token)})` }];
  const problems: ClaimProblem[] = [];
  const { exp, iat, jti } = claims;
  if (typeof exp !== 'number')
    problems.push({ kind: 'no-exp', text: `${name} has no numeric exp, so it never expires` });
  else {
    const lifetime = typeof iat === 'number' ? exp - iat : exp - now;
    if (lifetime > max)
      problems.push({
        kind: 'long-exp',
        text: `${name} lives ${lifetime} s (exp − ${typeof iat === 'number' ? 'iat' : 'now'}), more than ${max} s`,
      });
  }
  if (typeof jti !== 'string' || jti === '')
    problems.push({ kind: 'no-jti', text: `${name} has no jti, so it cannot be denylisted on its own` });
  return problems;
}

export const LO_19: CheckDefinition = {
  id: 'LO-19',
  title: 'Access tokens are short-lived and identifiable',
  standards: ['OWASP JWT CS (short expiry; denylist by jti)', 'ASVS 5.0 9.2.1'],
  hint: { concept: 'Sign access tokens with exp, iat and a unique jti', lesson: '06-token-logout' },
  async run(ctx) {
    const max = ctx.config.maxAccessTokenLifetime;
    const browser = ctx.browser();
    const first = await apiLogin(browser, 'token login #1');
    const second = await apiLogin(browser, 'token login #2');
    const now = Math.floor(Date.now() / 1000);
    const problems = [first, second].flatMap((pair, i) =>
      claimProblems(pair.access, `token #${i + 1}`, max, now).map((p) => p.text),
    );
    const jtis = [first, second].map((pair) => decodeJwt(pair.access)?.jti);
    if (problems.length === 0 && jtis[0] === jtis[1])
      problems.push(`both tokens share jti ${JSON.stringify(jtis[0])}; every token needs its own`);
    if (problems.length === 0)
      return pass(`Both access tokens have exp within ${max} s and distinct jti values.`);
    return fail(
      explain({
        summary: 'The access tokens are too long-lived or cannot be told apart.',
        sent: 'POST /api/login twice, then decoded both access tokens (no signature check needed to read claims).',
        got: `${problems.join('; ')}. Claims of token #1: ${JSON.stringify(decodeJwt(first.access) ?? {})}.`,
        expected: `a numeric exp at most ${max} s after iat, and a unique jti (for example crypto.randomUUID()) in every token.`,
        why: 'hono/jwt sign() adds no claims: without exp a token is valid forever, and without a jti logout has nothing precise to put on the denylist.',
      }),
    );
  },
};

/** Log in, confirm the token works, log out; shared by LO-20 and LO-21. */
async function loginUseLogout(browser: Browser): Promise<{ pair: TokenPair; out: Reply }> {
  const pair = await apiLogin(browser);
  const before = await apiMe(browser, pair.access, 'GET /api/me with the new access token');
  if (before.status !== 200) {
    throw new CheckFailure(
      explain({
        summary: 'A fresh access token was refused, so this check could not test logout.',
        sent: `GET /api/me with Authorization: Bearer ${short(pair.access)} right after POST /api/login.`,
        got: `${describe(before)}.`,
        expected: '200 with the user.',
        why: 'the denylist check compares before and after logout.',
      }),
    );
  }
  const out = await apiLogout(browser, pair.access, pair.refresh);
  return { pair, out };
}

export const LO_20: CheckDefinition = {
  id: 'LO-20',
  title: 'Access token rejected after logout (denylist)',
  standards: ['OWASP JWT CS "JWT denylist"', 'OWASP REST Security CS', 'ASVS 5.0 7.4.1'],
  hint: { concept: 'Put the token’s jti on a denylist at logout', lesson: '06-token-logout' },
  async run(ctx) {
    const browser = ctx.browser();
    const { pair, out } = await loginUseLogout(browser);
    const after = await apiMe(browser, pair.access, 'GET /api/me with the same token after logout');
    if (after.status === 401) return pass(`After POST /api/logout the access token got 401.`);
    return fail(
      explain({
        summary:
          after.status === 200
            ? 'The access token still works after logout.'
            : 'After logout the access token got an unexpected answer.',
        sent: `POST /api/logout with Bearer ${short(pair.access)} (answered ${describe(out)}), then GET /api/me with the same token.`,
        got: `${describe(after)}.`,
        expected: '401.',
        why: 'telling the client to forget the token is not a logout: a copy keeps working until exp. Record the jti on a denylist until the token expires, and reject denylisted tokens.',
      }),
    );
  },
};

export const LO_21: CheckDefinition = {
  id: 'LO-21',
  title: 'Denylist cannot be bypassed by re-encoding',
  standards: ['OWASP JWT CS "JWT denylist" (raw-token or hash denylists are not safe; key by jti)'],
  hint: {
    concept: 'Key the denylist by jti, not by the token string or its hash',
    lesson: '06-token-logout',
  },
  async run(ctx) {
    const browser = ctx.browser();
    const { pair, out } = await loginUseLogout(browser);
    const variants: [string, string][] = [];
    const sibling = reencodeSignature(pair.access);
    if (sibling !== undefined)
      variants.push(['the last signature character swapped for one that decodes to the same bytes', sibling]);
    variants.push(['a trailing "=" added', `${pair.access}=`]);
    variants.push(['the original token', pair.access]);
    for (const [what, token] of variants) {
      const reply = await apiMe(browser, token, `GET /api/me with ${what}`);
      if (reply.status !== 401) {
        const original = token === pair.access;
        return fail(
          explain({
            summary: original
              ? 'The original token still works after logout, so no re-encoding is even needed (see LO-20).'
              : 'A re-encoded copy of a logged-out token still works.',
            sent: `POST /api/logout with Bearer ${short(pair.access)} (answered ${describe(out)}), then GET /api/me with ${what}: …${token.slice(-8)}.`,
            got: `${describe(reply)}.`,
            expected: '401: it is the same token with the same jti.',
            why: 'base64url has several spellings for the same signature bytes, and hono/jwt accepts them. A denylist of token strings or their SHA-256 misses these copies; a denylist of jti values does not.',
          }),
        );
      }
    }
    return pass('Re-encoded copies of the logged-out token got 401.');
  },
};

/**
 * Login, first refresh, replay of R1; shared by LO-22 and LO-23. The refresh must really work: its
 * new access token A2 must be accepted by GET /api/me and be as short-lived and identifiable as
 * the login's A1 (LO-19 judges A1 itself, so a flaw both share fails only LO-19). Otherwise a
 * refresh that hands back junk ("not-a-jwt") would pass rotation checks without refreshing anything.
 */
async function rotateAndReplay(browser: Browser) {
  const first = await apiLogin(browser);
  const refresh = await apiRefresh(browser, first.refresh, 'refresh with R1');
  const second = readPair(refresh);
  const sentRefresh = `POST /api/refresh with {"refresh_token":"${short(first.refresh)}"} right after POST /api/login`;
  if (second === undefined) {
    throw new CheckFailure(
      explain({
        summary:
          refresh.status === 200
            ? 'Refreshing answered 200, but not with a usable pair of tokens, so this check could not go on.'
            : 'Refreshing with a valid refresh token did not work, so this check could not go on.',
        sent: `${sentRefresh}.`,
        got: `${describe(refresh)}${pairBodyProblem(refresh)}.`,
        expected: '200 with a new { "access_token", "refresh_token" }.',
        why: 'rotation is tested by refreshing once and then replaying the old token.',
      }),
    );
  }
  const use = await apiMe(browser, second.access, 'GET /api/me with the access token from the refresh (A2)');
  if (use.status !== 200 || userOf(use) === undefined) {
    throw new CheckFailure(
      explain({
        summary:
          'The access token that the refresh returned does not work, so the refresh did not really refresh anything.',
        sent: `${sentRefresh}, then GET /api/me with Authorization: Bearer ${short(second.access)} (A2, from that refresh).`,
        got: `${describe(use)}.`,
        expected:
          '200 with the user: a refresh hands out a new access token signed like the one login gives.',
        why: 'a client refreshes to get an access token it can use; without one it has to log in again, and the rotation checks would be testing a refresh that does nothing.',
      }),
    );
  }
  const { maxAccessTokenLifetime: max } = browser.ctx.config;
  const now = Math.floor(Date.now() / 1000);
  const fromLogin = new Set(claimProblems(first.access, 'A1', max, now).map((p) => p.kind));
  const problems = claimProblems(second.access, 'A2', max, now)
    .filter((p) => !fromLogin.has(p.kind))
    .map((p) => p.text);
  const [jti1, jti2] = [decodeJwt(first.access)?.jti, decodeJwt(second.access)?.jti];
  if (typeof jti1 === 'string' && jti1 !== '' && jti1 === jti2)
    problems.push(`A2 has the same jti as A1 (${JSON.stringify(jti1)}), so denying one would deny the other`);
  if (problems.length > 0) {
    throw new CheckFailure(
      explain({
        summary: 'The access token from the refresh is weaker than the one from login.',
        sent: `${sentRefresh}, then decoded the new access token A2 and compared it with A1 from the login.`,
        got: `${problems.join('; ')}. Claims of A2: ${JSON.stringify(decodeJwt(second.access) ?? {})}.`,
        expected: `an A2 like A1: a numeric exp at most ${max} s after iat, and its own jti (tokens.signAccess(userId) does both).`,
        why: 'a refresh is a second way to get an access token: if it mints tokens without exp or jti, logout and the denylist cannot end them (LO-19 explains why).',
      }),
    );
  }
  const replay = await apiRefresh(browser, first.refresh, 'replay R1 (already used)');
  return { first, second, replay };
}

export const LO_22: CheckDefinition = {
  id: 'LO-22',
  title: 'Refresh token rotation',
  standards: ['RFC 9700 §2.2.2, §4.14.2', 'OWASP OAuth2 CS', 'ASVS 5.0 10.4.5'],
  hint: {
    concept: 'Issue a new refresh token on every refresh and invalidate the old one',
    lesson: '06-token-logout',
  },
  async run(ctx) {
    const browser = ctx.browser();
    const { first, second, replay } = await rotateAndReplay(browser);
    const sent = `POST /api/login → R1; POST /api/refresh with R1 → R2; POST /api/refresh with R1 again.`;
    const why =
      'a stolen refresh token that keeps working mints access tokens indefinitely. Rotation makes each refresh token single-use, so a replay shows up.';
    if (second.refresh === first.refresh) {
      return fail(
        explain({
          summary: 'Refreshing returned the same refresh token.',
          sent,
          got: `R2 = R1 = ${short(first.refresh)}.`,
          expected: 'a new refresh token R2 ≠ R1, and R1 rejected afterwards.',
          why,
        }),
      );
    }
    if (replay.status >= 500) {
      return fail(
        explain({
          summary: 'Replaying an already-used refresh token crashed the server instead of being refused.',
          sent,
          got: `the replay of R1 answered ${describe(replay)}.`,
          expected: '400 (invalid_grant) or 401: a used token is an expected case, so answer it.',
          why: 'a 500 is not a refusal the client can act on, and it hides whether the token was rejected. Look up the token first and answer invalid_grant when its status is not "active" (see the server log for the error).',
        }),
      );
    }
    if (!rejected(replay)) {
      return fail(
        explain({
          summary: 'An already-used refresh token still works.',
          sent,
          got: `the replay of R1 answered ${describe(replay)}.`,
          expected: '400 (invalid_grant) or 401.',
          why,
        }),
      );
    }
    return pass(`Refresh rotated R1 → R2 and the replay of R1 got ${describe(replay)}.`);
  },
};

export const LO_23: CheckDefinition = {
  id: 'LO-23',
  title: 'Reuse detection revokes the family',
  standards: [
    'RFC 9700 §4.14.2 (revoke the active refresh token)',
    'ASVS 5.0 10.4.5 (revoke all refresh tokens of the authorization)',
  ],
  hint: { concept: 'Track refresh-token families and revoke the family on reuse', lesson: '06-token-logout' },
  async run(ctx) {
    const browser = ctx.browser();
    const { second, replay } = await rotateAndReplay(browser);
    const after = await apiRefresh(browser, second.refresh, 'refresh with R2 after the replay of R1');
    if (rejected(after)) return pass(`After R1 was replayed, R2 got ${describe(after)} too.`);
    if (replay.status >= 500) {
      return fail(
        explain({
          summary: 'Replaying a used refresh token crashed the server, so the family was never revoked.',
          sent: 'POST /api/login → R1; refresh with R1 → R2; replay R1; then refresh with R2.',
          got: `the replay of R1 answered ${describe(replay)}; the refresh with R2 answered ${describe(after)}.`,
          expected: '400 for the replay, having revoked the family, then 400 (invalid_grant) or 401 for R2.',
          why: 'a handler that throws on the replay never reaches the revocation. Check the token’s status before using it, and revoke its family when it is "used".',
        }),
      );
    }
    return fail(
      explain({
        summary: 'After a refresh token was reused, its newer sibling still works.',
        sent: 'POST /api/login → R1; refresh with R1 → R2; replay R1; then refresh with R2.',
        got: `the replay of R1 answered ${describe(replay)}; the refresh with R2 answered ${describe(after)}.`,
        expected: '400 (invalid_grant) or 401 for R2: the whole family is revoked.',
        why: 'when an old token comes back, either the client or an attacker has a copy, and the server cannot tell which. Revoking the whole family (every token descended from the same login) locks the attacker out.',
      }),
    );
  },
};

export const LO_24: CheckDefinition = {
  id: 'LO-24',
  title: 'Logout revokes the refresh token',
  standards: [
    'RFC 7009 §2, §2.1, §2.2',
    'RFC 9700 §4.14.2 (revoke on logout)',
    'Flask-JWT-Extended docs (revoke the refresh token too)',
  ],
  hint: {
    concept: 'Logout revokes the refresh token as well as the access token',
    lesson: '06-token-logout',
  },
  async run(ctx) {
    const browser = ctx.browser();
    const pair = await apiLogin(browser);
    const out = await apiLogout(browser, pair.access, pair.refresh);
    const sentLogout = `POST /api/logout with Bearer ${short(pair.access)} and {"refresh_token":"${short(pair.refresh)}"}`;
    if (out.status !== 200 && out.status !== 204) {
      return fail(
        explain({
          summary: 'The token logout did not answer 200.',
          sent: `${sentLogout}.`,
          got: `${describe(out)}.`,
          expected: '200 (or 204).',
          why: 'RFC 7009 revocation answers 200 whenever the request is well formed.',
        }),
      );
    }
    const refresh = await apiRefresh(browser, pair.refresh, 'refresh with the logged-out refresh token');
    const access = await apiMe(browser, pair.access, 'GET /api/me with the logged-out access token');
    if (!rejected(refresh) || access.status !== 401) {
      return fail(
        explain({
          summary:
            refresh.status === 200
              ? 'The refresh token still mints new tokens after logout.'
              : 'Some tokens survived logout.',
          sent: `${sentLogout}, then POST /api/refresh with that refresh token and GET /api/me with that access token.`,
          got: `refresh answered ${describe(refresh)}; /api/me answered ${describe(access)}.`,
          expected: 'the refresh rejected (400 invalid_grant or 401) and /api/me 401.',
          why: 'denylisting only the access token leaves the refresh token able to mint a new one a second later. Revoke both at logout.',
        }),
      );
    }
    const again = await apiLogin(browser, 'token login again');
    const repeat = await apiLogout(
      browser,
      again.access,
      pair.refresh,
      'token logout naming the already-revoked refresh token',
    );
    if (repeat.status !== 200 && repeat.status !== 204) {
      return fail(
        explain({
          summary: 'Logging out with an already-revoked refresh token was refused.',
          sent: `POST /api/logout with a valid Bearer token and the refresh token revoked a moment ago.`,
          got: `${describe(repeat)}.`,
          expected: '200 (or 204).',
          why: 'RFC 7009 §2.2: revocation answers 200 even for tokens that are already invalid, so a retried logout never fails and nobody learns which tokens exist.',
        }),
      );
    }
    return pass('After POST /api/logout both tokens were rejected, and a repeated logout answered 200.');
  },
};

/** The token checks' ids, in catalog order: a lab grading any of them has tokens to play with. */
export const TOKEN_CHECKS: readonly CheckId[] = [LO_19, LO_20, LO_21, LO_22, LO_23, LO_24].map(
  (check) => check.id,
);

/** Whether `id` is one of the token checks (LO-19 … LO-24 today). */
export function isTokenCheck(id: string): boolean {
  return (TOKEN_CHECKS as readonly string[]).includes(id);
}
