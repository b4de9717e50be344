/**
 * Check messages as learners meet them in the real labs: each submission below is one a learner
 * could write (the starter, half a fix, a 302 instead of a 303, a helper function, a forgotten
 * await), and the message must say what really went wrong, in this lab's terms.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../checks/types';
import { loadLab } from '../load';
import { gradeLab, type Lab, type LabFiles } from './index';

const FAST = { passwordIterations: 1000 };

async function grade(lab: Lab, files: LabFiles): Promise<CheckResult[]> {
  const result = await gradeLab(lab, files, FAST);
  if (!result.ok) throw new Error(`does not build: ${result.problem.message}`);
  return result.results;
}

const byId = (results: CheckResult[], id: string): CheckResult => {
  const found = results.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no result for ${id}`);
  return found;
};

/** The lab's solution file with `from` replaced by `to` (each must occur). */
function edit(lab: Lab, path: string, ...pairs: [string, string][]): LabFiles {
  let text = lab.solution[path] ?? '';
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return { [path]: text };
}

describe('lab 1 (session-demo.ts is the learner’s): LO-08 blames the route at fault, not login', () => {
  const PATH = 'routes/session-demo.ts';

  it('the starter: POST /prefs stores nothing, so GET /prefs has nothing to read, even before login', async () => {
    const lab = await loadLab('01-understanding-sessions');
    const lo08 = byId(await grade(lab, lab.starter), 'LO-08');
    expect(lo08.status).toBe('fail');
    expect(lo08.message).toMatch(
      /^The theme was never stored: your POST \/prefs set no session cookie, so GET \/prefs could not find it, even before login\./,
    );
    expect(lo08.message).not.toMatch(/lost at login|regenerating the session/);
    expect(lo08.message).toMatch(/Store it with c\.get\("session"\)\.set\("theme", theme\)/);
    expect(lo08.hint.lesson).toBe('01-understanding-sessions');
  });

  it('POST /prefs fixed, GET /prefs still the starter’s: it is GET /prefs that is named', async () => {
    const lab = await loadLab('01-understanding-sessions');
    const files = edit(lab, PATH, [
      "const theme = c.get('session').get('theme') ?? 'light';",
      "const theme = 'light';",
    ]);
    const lo08 = byId(await grade(lab, files), 'LO-08');
    expect(lo08.message).toMatch(
      /^your GET \/prefs does not read the theme that POST \/prefs stored, even before login\./,
    );
    expect(lo08.message).toMatch(/Read it with c\.get\("session"\)\.get\("theme"\)/);
    expect(lo08.hint.lesson).toBe('01-understanding-sessions');
  });

  it('a POST /prefs that refuses the theme is the learner’s own route, not “part of the server”', async () => {
    const lab = await loadLab('01-understanding-sessions');
    const files = edit(lab, PATH, [
      'if (!isTheme(theme)) return c.json({ error: \'theme must be "light" or "dark"\' }, 400);',
      "if (theme !== 'light') return c.json({ error: 'unknown theme' }, 400);",
    ]);
    const lo08 = byId(await grade(lab, files), 'LO-08');
    expect(lo08.message).toMatch(/^Saving a preference did not work/);
    expect(lo08.message).toMatch(/POST \/prefs is yours in this lab/);
    expect(lo08.message).not.toMatch(/part of the server/);
  });

  it('a theme stored under another key, read back from the right one, is still a GET /prefs fault', async () => {
    const lab = await loadLab('01-understanding-sessions');
    const files = edit(lab, PATH, [
      "c.get('session').set('theme', theme);",
      "c.get('session').set('colour', theme);",
    ]);
    const lo08 = byId(await grade(lab, files), 'LO-08');
    // A cookie came back (the session changed), so the reading side is named.
    expect(lo08.message).toMatch(/^your GET \/prefs does not read the theme that POST \/prefs stored/);
  });
});

describe('lab 2 (login.ts is the learner’s): a login without a session cookie says so', () => {
  const PATH = 'routes/login.ts';

  it('the starter answers 303 and sets no cookie: the message names the missing cookie, not the 303', async () => {
    const lab = await loadLab('02-authentication-basics');
    const results = await grade(lab, lab.starter);
    for (const id of ['LO-08', 'LO-11', 'LO-12', 'LO-15']) {
      const { message } = byId(results, id);
      expect(message).toMatch(
        /^Logging in answered 303 redirect to \/dashboard but set no sid cookie, so nobody was signed in and this check could not run \(/,
      );
      expect(message).not.toMatch(/Expected: 200 or a 303/);
      expect(message).not.toMatch(/test logout/);
      expect(message).toMatch(
        /Expected: a Set-Cookie for sid on the login response \(the 303 itself is fine\)/,
      );
      expect(message).toMatch(/in this lab POST \/login is yours to write/);
    }
  });

  it('a 302 instead of a 303, still without a session, is worded with the 302', async () => {
    const lab = await loadLab('02-authentication-basics');
    const files = { [PATH]: (lab.starter[PATH] ?? '').replace("'/dashboard'), 303)", "'/dashboard'), 302)") };
    const { message } = byId(await grade(lab, files), 'LO-12');
    expect(message).toMatch(/^Logging in answered 302 redirect to \/dashboard but set no sid cookie/);
    expect(message).toMatch(/\(the 302 itself is fine\)/);
  });

  it('a helper function that signs in, called in another order, passes like the solution', async () => {
    const lab = await loadLab('02-authentication-basics');
    const files = edit(
      lab,
      PATH,
      [
        'export default function login(',
        "const signIn = (session: { regenerate(): void; set(key: string, value: string): void }, id: string) => {\n  session.set('userId', id);\n  session.regenerate();\n};\n\nexport default function login(",
      ],
      ["    session.regenerate();\n    session.set('userId', user.id);", '    signIn(session, user.id);'],
    );
    const results = await grade(lab, files);
    expect(results.filter((r) => r.status !== 'pass').map((r) => r.id)).toEqual([]);
  });
});

describe('lab 6 (the refresh route is the learner’s): LO-22 and LO-23 say what was wrong with the answer', () => {
  const PATH = 'routes/api-refresh.ts';

  it('a forgotten await on rotate(): "refresh_token was {}" and the likely cause', async () => {
    const lab = await loadLab('06-token-logout');
    const files = edit(lab, PATH, [
      'refresh_token: await tokens.refresh.rotate(refresh_token),',
      'refresh_token: tokens.refresh.rotate(refresh_token),',
    ]);
    const results = await grade(lab, files);
    for (const id of ['LO-22', 'LO-23']) {
      const { message } = byId(results, id);
      expect(message).toMatch(/^Refreshing answered 200, but not with a usable pair of tokens/);
      expect(message).toMatch(
        /Came back: 200, but refresh_token was \{\}, not a string \(a Promise turns into \{\} in JSON: is an await missing/,
      );
    }
  });

  it('a forgotten await on signAccess() names access_token instead', async () => {
    const lab = await loadLab('06-token-logout');
    const files = edit(lab, PATH, [
      'access_token: await tokens.signAccess(grant.userId),',
      'access_token: tokens.signAccess(grant.userId),',
    ]);
    const { message } = byId(await grade(lab, files), 'LO-22');
    expect(message).toMatch(/but access_token was \{\}, not a string/);
  });

  it('a replay that throws is a crash, not "an already-used refresh token still works"', async () => {
    const lab = await loadLab('06-token-logout');
    const files = edit(lab, PATH, [
      '      tokens.refresh.revokeFamily(grant.family);\n      return invalidGrant(c);',
      "      throw new Error('refresh token reused');",
    ]);
    const results = await grade(lab, files);
    const lo22 = byId(results, 'LO-22');
    expect(lo22.message).toMatch(
      /^Replaying an already-used refresh token crashed the server instead of being refused\./,
    );
    expect(lo22.message).not.toMatch(/still works/);
    expect(byId(results, 'LO-23').message).toMatch(
      /^Replaying a used refresh token crashed the server, so the family was never revoked\./,
    );
  });
});
