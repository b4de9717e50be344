import { describe, expect, it } from 'vitest';
import { CHECK_RANGE_TEXT, catalog, checkIds } from '../../checks/catalog';
import { runChecks } from '../../checks/runner';
import { inProcess } from '../../checks/transport';
import { createLabApp } from '../../src/app';
import { labCheckConfig } from '../verify';
import { listLabs, loadLab } from '../load';
import {
  checkHints,
  checkLabFiles,
  formatLabIssues,
  formatPath,
  LabManifestError,
  parseLabManifest,
  parseLabManifestText,
  type LabFileIndex,
} from '.';

const FILE = 'lessons/03-basic-logout-route/lab/lab.json';
const DIR = 'lessons/03-basic-logout-route/lab';

const valid = () => ({
  title: 'Write the logout route',
  goal: 'Make POST /logout forget the user.',
  store: 'cookie',
  editable: ['routes/logout.ts'],
  readonly: ['session/index.ts'],
  checks: ['LO-01', 'LO-05', 'LO-08'],
  mistakes: [{ name: 'redirect-only', title: 'Redirects without clearing', fails: ['LO-05'] }],
});

/** The message parseLabManifest throws for `input`. */
function messageFor(input: unknown): string {
  try {
    parseLabManifest(input, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(LabManifestError);
    return (error as Error).message;
  }
  throw new Error('expected the manifest to be rejected');
}

const patch = (changes: Record<string, unknown>) => ({ ...valid(), ...changes });

describe('parseLabManifest', () => {
  it('accepts a valid manifest and fills defaults', () => {
    const { readonly: _r, mistakes: _m, ...minimal } = valid();
    expect(parseLabManifest(minimal, FILE)).toMatchObject({ readonly: [], mistakes: [], store: 'cookie' });
    expect(parseLabManifest(valid(), FILE).checks).toEqual(['LO-01', 'LO-05', 'LO-08']);
  });

  it.each([
    [
      patch({ checks: ['LO-01', 'LO-05', 'LO-99'] }),
      `**checks[2]**: unknown check "LO-99". Fix: use one of ${CHECK_RANGE_TEXT} (the checks table in lessons/README.md)`,
    ],
    [patch({ checks: ['lo-1'], mistakes: [] }), '**checks[0]**: unknown check "lo-1". Fix: write "LO-01"'],
    [patch({ checks: ['au2'], mistakes: [] }), '**checks[0]**: unknown check "au2". Fix: write "AU-02"'],
    [
      patch({ checks: [], mistakes: [] }),
      `**checks**: is empty. Fix: list at least one check, e.g. "checks": ["LO-05"] (${CHECK_RANGE_TEXT})`,
    ],
    [
      patch({ checks: ['LO-01', 'LO-05', 'LO-01'] }),
      '**checks[2]**: "LO-01" is listed twice. Fix: remove this one; list each check once',
    ],
    [
      patch({ editable: ['routes/nope.ts'] }),
      '**editable[0]**: the server has no editable file "routes/nope.ts". Fix: use one of routes/csrf.ts, routes/session-demo.ts, routes/login.ts, routes/logout.ts, routes/logout-all.ts, routes/api-login.ts, routes/api-logout.ts, routes/api-refresh.ts',
    ],
    [
      patch({ editable: [] }),
      '**editable**: is empty. Fix: list at least one editable file, e.g. "editable": ["routes/logout.ts"]',
    ],
    [
      patch({ editable: ['routes/logout.ts', 'routes/logout.ts'] }),
      '**editable[1]**: "routes/logout.ts" is listed twice. Fix: remove this one; list each file once',
    ],
    [
      patch({ store: 'redis' }),
      '**store**: store must be "cookie" or "server", got "redis". Fix: write "store": "cookie" (a signed cookie, like Flask) or "store": "server" (records on the server)',
    ],
    [
      patch({ title: '  ' }),
      '**title**: is empty. Fix: write "title": "Write the logout route", a short title shown above the editor',
    ],
    [
      patch({ goal: '' }),
      '**goal**: is empty. Fix: write "goal": "Make POST /logout forget the user but keep the theme.", one sentence saying what the learner must make true',
    ],
    [
      patch({ readonly: ['/etc/passwd'] }),
      '**readonly[0]**: read-only files are .ts paths relative to sandbox-server/src/, got "/etc/passwd". Fix: write a path such as "session/index.ts"',
    ],
    [
      patch({ mistakes: [{ name: 'x', title: 'X', fails: [] }] }),
      '**mistakes[0].fails**: a mistake must name the checks it fails (at least one). Fix: list them, e.g. "fails": ["LO-08"]; npm run lab -- verify shows which checks it really fails',
    ],
    [
      patch({ mistakes: [{ name: 'x', title: 'X', fails: ['LO-77'] }] }),
      `**mistakes[0].fails[0]**: unknown check "LO-77". Fix: use one of ${CHECK_RANGE_TEXT} (the checks table in lessons/README.md)`,
    ],
    [
      patch({ mistakes: [{ name: 'x', title: 'X', fails: ['LO-07'] }] }),
      `**mistakes[0].fails[0]**: "LO-07" is not one of this lab's checks. Fix: add it to "checks" or remove it here`,
    ],
    [
      patch({ checks: ['LO-16', 'LO-05'], mistakes: [{ name: 'x', title: 'X', fails: ['LO-16'] }] }),
      '**mistakes[0].fails[0]**: "LO-16" is advisory and never fails, so a mistake cannot name it. Fix: remove it here',
    ],
    [
      patch({
        mistakes: [
          { name: 'a', title: 'A', fails: ['LO-05'] },
          { name: 'a', title: 'B', fails: ['LO-08'] },
        ],
      }),
      '**mistakes[1]**: "a" is listed twice. Fix: rename one; each mistake needs its own name (it is also its folder name)',
    ],
    [
      patch({ mistakes: [{ name: 'Redirect Only', title: 'X', fails: ['LO-05'] }] }),
      '**mistakes[0].name**: mistake names are kebab-case folder names like "redirect-only", got "Redirect Only". Fix: write "name": "redirect-only" and name its folder mistakes/redirect-only/',
    ],
    [
      patch({ mistakes: [{ name: 'x', title: '', fails: ['LO-05'] }] }),
      '**mistakes[0].title**: is empty. Fix: write "title": "Calls session.clear(), which also wipes the theme", one line saying what goes wrong',
    ],
    [
      patch({ mistakes: [{ name: 'x', title: 'X', fails: ['LO-05'], why: 1 }] }),
      '**mistakes[0].why**: is not a known field. Fix: remove it (allowed fields: name, title, fails)',
    ],
    [patch({ checkz: [] }), '**checkz**: is not a known field. Fix: rename it to "checks"'],
    [
      patch({ title: 42 }),
      '**title**: expected a string, got number 42. Fix: write "title": "Write the logout route"',
    ],
    [
      patch({ checks: 'LO-01' }),
      '**checks**: expected an array, got string "LO-01". Fix: put it in a list: "checks": ["LO-01"]',
    ],
    [
      (() => {
        const { goal: _g, ...rest } = valid();
        return rest;
      })(),
      '**goal**: required field is missing (expected a string). Fix: add "goal": "Make POST /logout forget the user but keep the theme."',
    ],
    [
      patch({ store: undefined }),
      '**store**: required field is missing (expected "cookie" or "server"). Fix: add "store": "cookie"',
    ],
    [
      patch({ store: ' Server' }),
      '**store**: store must be "cookie" or "server", got " Server". Fix: write "store": "server"',
    ],
    [
      patch({ checks: ['LO-01', 'lo5'], mistakes: [] }),
      '**checks[1]**: unknown check "lo5". Fix: write "LO-05"',
    ],
    [
      patch({ checks: ['LO-01', 5], mistakes: [] }),
      '**checks[1]**: expected a string, got number 5. Fix: write each item like "LO-05"',
    ],
    [
      patch({ editable: ['routes/logut.ts'] }),
      '**editable[0]**: the server has no editable file "routes/logut.ts". Fix: write "routes/logout.ts" (editable files are routes/csrf.ts, routes/session-demo.ts, routes/login.ts, routes/logout.ts, routes/logout-all.ts, routes/api-login.ts, routes/api-logout.ts, routes/api-refresh.ts)',
    ],
    [
      patch({ mistakes: ['redirect-only'] }),
      '**mistakes[0]**: expected an object, got string "redirect-only". Fix: write each item like { "name": "session-clear", "title": "Calls session.clear()", "fails": ["LO-08"] }',
    ],
    [
      patch({ mistakes: [{ name: 'x', fails: ['LO-05'] }] }),
      '**mistakes[0].title**: required field is missing (expected a string). Fix: add "title": "Calls session.clear(), which also wipes the theme"',
    ],
    [
      null,
      'the file must hold one JSON object with the fields title, goal, store, editable, readonly, checks, provided, learnerRoutes, mistakes, hints, learnt, got null. Fix: start from the example under "Labs" in lessons/README.md',
    ],
  ])('%#: reports %s', (input, expected) => {
    expect(messageFor(input)).toBe(`Invalid lab manifest in ${FILE}: ${expected}`);
  });

  it('explains each unknown field on its own line, renaming the near misses', () => {
    expect(
      messageFor(patch({ colour: 'red', Goal: 'x', mistakes: [{ name: 'x', title: 'X', fail: ['LO-05'] }] })),
    ).toBe(
      [
        `Invalid lab manifest in ${FILE}:`,
        '- **mistakes[0].fails**: required field is missing (expected an array). Fix: add "fails": ["LO-08"]',
        '- **mistakes[0].fail**: is not a known field. Fix: rename it to "fails"',
        '- **colour**: is not a known field. Fix: remove it (allowed fields: title, goal, store, editable, readonly, checks, provided, learnerRoutes, mistakes, hints, learnt)',
        '- **Goal**: is not a known field. Fix: rename it to "goal"',
      ].join('\n'),
    );
  });

  it('lists several problems at once, one per line', () => {
    expect(messageFor(patch({ store: 'x', checks: ['LO-99'], mistakes: [] }))).toBe(
      `Invalid lab manifest in ${FILE}:\n- **store**: store must be "cookie" or "server", got "x". Fix: write "store": "cookie" (a signed cookie, like Flask) or "store": "server" (records on the server)\n- **checks[0]**: unknown check "LO-99". Fix: use one of ${CHECK_RANGE_TEXT} (the checks table in lessons/README.md)`,
    );
  });

  it('reports JSON syntax errors with a line and column', () => {
    expect(() =>
      parseLabManifestText('{\n  "title": "x",\n  "goal": "y"\n  "store": "cookie"\n}', FILE),
    ).toThrow(
      /^Invalid lab manifest in lessons\/03-basic-logout-route\/lab\/lab\.json: the file is not valid JSON at line 4, column 3 \(.+\). Fix: look just before that point for a missing or extra comma, or a missing quote$/,
    );
  });
});

describe('checkLabFiles', () => {
  const manifest = parseLabManifest({ ...valid(), editable: ['routes/logout.ts', 'routes/login.ts'] }, FILE);
  const index = (changes: Partial<LabFileIndex>): LabFileIndex => ({
    starter: ['routes/login.ts', 'routes/logout.ts'],
    solution: ['routes/login.ts', 'routes/logout.ts'],
    mistakes: { 'redirect-only': ['routes/logout.ts'] },
    ...changes,
  });
  const messages = (changes: Partial<LabFileIndex>) =>
    formatLabIssues(FILE, checkLabFiles(manifest, index(changes), DIR));

  it('accepts a complete lab', () => {
    expect(checkLabFiles(manifest, index({}), DIR)).toEqual([]);
  });

  it.each([
    [
      { solution: ['routes/logout.ts'] },
      '**editable[1]**: no solution file. Fix: create lessons/03-basic-logout-route/lab/solution/routes/login.ts',
    ],
    [
      { starter: ['routes/login.ts'] },
      '**editable[0]**: no starter file. Fix: create lessons/03-basic-logout-route/lab/starter/routes/logout.ts',
    ],
    [
      { starter: ['routes/login.ts', 'routes/logout.ts', 'routes/extra.ts'] },
      '**editable**: lessons/03-basic-logout-route/lab/starter/routes/extra.ts is not an editable file. Fix: add "routes/extra.ts" to "editable" or delete the file',
    ],
    [
      { mistakes: {} },
      '**mistakes[0].name**: no files for this mistake. Fix: create lessons/03-basic-logout-route/lab/mistakes/redirect-only/routes/logout.ts (the solution with the mistake in it)',
    ],
    [
      { mistakes: { 'redirect-only': ['routes/logout.ts', 'notes.md'] } },
      '**mistakes[0].name**: lessons/03-basic-logout-route/lab/mistakes/redirect-only/notes.md is not an editable file. Fix: delete it; mistakes may only change routes/logout.ts, routes/login.ts',
    ],
    [
      { mistakes: { 'redirect-only': ['routes/logout.ts'], stray: ['routes/logout.ts'] } },
      '**mistakes**: the folder lessons/03-basic-logout-route/lab/mistakes/stray/ has no entry. Fix: add { "name": "stray", "title": …, "fails": […] } to "mistakes" or delete the folder',
    ],
  ] as [Partial<LabFileIndex>, string][])('%#: reports %s', (changes, expected) => {
    expect(messages(changes)).toBe(`Invalid lab manifest in ${FILE}: ${expected}`);
  });
});

describe('formatPath', () => {
  it('writes indexes in brackets and fields with dots', () => {
    expect(formatPath(['mistakes', 0, 'fails', 1])).toBe('mistakes[0].fails[1]');
    expect(formatPath(['checks'])).toBe('checks');
  });
});

describe('provided and learnerRoutes', () => {
  it('accepts them and defaults the learner routes to those of the editable files', async () => {
    const { learnerRoutesOf } = await import('.');
    const parsed = parseLabManifest(patch({ provided: ['LO-01'] }), FILE);
    expect(parsed.provided).toEqual(['LO-01']);
    expect(learnerRoutesOf(parsed)).toEqual(['POST /logout']);
    expect(
      learnerRoutesOf(
        parseLabManifest(patch({ editable: ['routes/session-demo.ts', 'routes/logout.ts'] }), FILE),
      ),
    ).toEqual(['GET /me', 'GET /prefs', 'POST /prefs', 'POST /logout']);
    expect(
      learnerRoutesOf(
        parseLabManifest(
          patch({ editable: ['routes/session-demo.ts'], learnerRoutes: ['GET /prefs'], mistakes: [] }),
          FILE,
        ),
      ),
    ).toEqual(['GET /prefs']);
  });

  it.each([
    [
      patch({ provided: ['LO-02'] }),
      '**provided[0]**: "LO-02" is not one of this lab\'s checks. Fix: add it to "checks" or remove it here',
    ],
    [
      patch({ provided: ['LO-05'] }),
      '**mistakes[0].fails[0]**: "LO-05" is listed in "provided" (the server handles it, so no learner edit can fail it), yet this mistake fails it. Fix: remove it from "provided" or from this mistake',
    ],
    [
      patch({ learnerRoutes: ['logout'] }),
      '**learnerRoutes[0]**: a route is a method and a path such as "POST /logout", got "logout". Fix: write it like "POST /logout"',
    ],
    [
      patch({ learnerRoutes: ['POST /login'] }),
      '**learnerRoutes[0]**: "POST /login" is not answered by an editable file of this lab. Fix: add "routes/login.ts" to "editable", or remove the route here',
    ],
  ])('refuses %j with a fix', (input, message) => {
    expect(messageFor(input)).toBe(`Invalid lab manifest in ${FILE}: ${message}`);
  });
});

describe('checks that can never pass on the lab’s store', () => {
  const cookieLab = (checks: string[], mistakes: unknown[] = []) =>
    patch({ store: 'cookie', checks, mistakes });
  const LO_04_WHY =
    'a signed cookie holds the session itself and the server keeps no record of it, so a copy taken before logout still signs in until the cookie is too old';
  const LO_18_WHY =
    'the cookie store keeps no list of the sessions a user has in other browsers, so no route can end them';

  it.each([
    [
      cookieLab(['LO-05', 'LO-04']),
      `**checks[1]**: "LO-04" can never pass with "store": "cookie": ${LO_04_WHY}. Fix: write "store": "server" (records on the server), or remove "LO-04" from "checks"`,
    ],
    [
      cookieLab(['LO-18']),
      `**checks[0]**: "LO-18" can never pass with "store": "cookie": ${LO_18_WHY}. Fix: write "store": "server" (records on the server), or remove "LO-18" from "checks"`,
    ],
  ])('%#: refuses %s', (input, expected) => {
    expect(messageFor(input)).toBe(`Invalid lab manifest in ${FILE}: ${expected}`);
  });

  it('names every impossible check, and not again in a mistake that lists it', () => {
    const message = messageFor(
      cookieLab(
        ['LO-04', 'LO-05', 'LO-18'],
        [{ name: 'no-revoke', title: 'Forgets the record', fails: ['LO-04', 'LO-05'] }],
      ),
    );
    expect(message.split('\n')).toEqual([
      `Invalid lab manifest in ${FILE}:`,
      `- **checks[0]**: "LO-04" can never pass with "store": "cookie": ${LO_04_WHY}. Fix: write "store": "server" (records on the server), or remove "LO-04" from "checks"`,
      `- **checks[2]**: "LO-18" can never pass with "store": "cookie": ${LO_18_WHY}. Fix: write "store": "server" (records on the server), or remove "LO-18" from "checks"`,
    ]);
  });

  it('accepts the same checks on the server store', () => {
    expect(
      parseLabManifest(patch({ store: 'server', checks: ['LO-04', 'LO-05', 'LO-18'], mistakes: [] }), FILE)
        .checks,
    ).toEqual(['LO-04', 'LO-05', 'LO-18']);
  });

  it('takes the rule from the catalog: on the default server of each store, exactly the checks the catalog reserves for the other store fail', async () => {
    // The reference leaves are the best answer to every lab; what they fail on a store, nothing passes there.
    for (const store of ['cookie', 'server'] as const) {
      const app = createLabApp({ store, passwordIterations: 1000 });
      const results = await runChecks({
        transport: inProcess(app.fetch, 'http://localhost'),
        config: labCheckConfig(parseLabManifest(patch({ store, mistakes: [] }), FILE)),
      });
      const failing = results.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id);
      const reserved = catalog
        .filter((check) => check.store !== undefined && check.store.only !== store)
        .map((check) => check.id);
      expect(failing).toEqual(reserved);
      // Refused on this store, and only these.
      for (const id of checkIds) {
        const refused = (() => {
          try {
            parseLabManifest(patch({ store, checks: [id], mistakes: [] }), FILE);
            return false;
          } catch (error) {
            return /can never pass/.test((error as Error).message);
          }
        })();
        expect(refused, id).toBe(reserved.includes(id));
      }
    }
    expect(catalog.filter((check) => check.store !== undefined).map((check) => check.id)).toEqual([
      'LO-04',
      'LO-18',
    ]);
  });
});

describe('hints and learnt', () => {
  const hints = ['Only one key says who is signed in.', 'pop removes one key; clear removes them all.'];

  it('are optional, and kept in order when given', () => {
    expect(parseLabManifest(valid(), FILE)).not.toHaveProperty('hints');
    const parsed = parseLabManifest(patch({ hints, learnt: ['  Logout keeps the theme.  '] }), FILE);
    expect(parsed.hints).toEqual(hints);
    expect(parsed.learnt).toEqual(['Logout keeps the theme.']);
  });

  it.each([
    [
      patch({ hints: [] }),
      '**hints**: is empty. Fix: write 1 to 3 hints, from a nudge to nearly the answer, or remove "hints"',
    ],
    [
      patch({ hints: ['a', 'b', 'c', 'd'] }),
      '**hints**: has 4 hints (at most 3). Fix: merge or drop some; the last one may come close to the answer',
    ],
    [
      patch({ hints: ['Look at the session.', '   '] }),
      '**hints[1]**: is empty. Fix: write a few sentences that point the way, e.g. "Only one key of the session says who is signed in.", or remove the empty item',
    ],
    [
      patch({ hints: ['x'.repeat(401)] }),
      '**hints[0]**: is 401 characters long (at most 400). Fix: shorten it to a few sentences that point the way',
    ],
    [
      patch({ hints: ['Same.', 'Same.'] }),
      '**hints[1]**: "Same." is listed twice. Fix: remove this one; each hint should take the learner a step further',
    ],
    [
      patch({ hints: 'Look at the session.' }),
      '**hints**: expected an array, got string "Look at the session.". Fix: put it in a list: "hints": ["Look at the session."]',
    ],
    [
      patch({ hints: [3] }),
      '**hints[0]**: expected a string, got number 3. Fix: write each item like "Only one key of the session says who is signed in."',
    ],
    [
      patch({ learnt: [] }),
      '**learnt**: is empty. Fix: write 1 to 3 short lines saying what passing the lab shows, or remove "learnt"',
    ],
    [
      patch({ learnt: ['a', 'b', 'c', 'd'] }),
      '**learnt**: has 4 items (at most 3). Fix: keep the 3 that matter most',
    ],
    [
      patch({ learnt: [''] }),
      '**learnt[0]**: is empty. Fix: write one short line, e.g. "Logout removes the user and keeps the theme.", or remove the empty item',
    ],
    [
      patch({ learnt: ['y'.repeat(161)] }),
      '**learnt[0]**: is 161 characters long (at most 160). Fix: shorten it to one short line',
    ],
    [patch({ hint: ['x'] }), '**hint**: is not a known field. Fix: rename it to "hints"'],
  ])('%#: refuses %j with a fix', (input, message) => {
    expect(messageFor(input)).toBe(`Invalid lab manifest in ${FILE}: ${message}`);
  });
});

describe('checkHints', () => {
  const solution = {
    'routes/logout.ts': [
      "import type { LeafApp } from '@sandbox/app/types';",
      '// A comment the hint may well repeat word for word.',
      "  app.post('/logout', (c) => {",
      "    c.get('session').pop('userId'); // only the user",
      "    return c.redirect('/', 303);",
    ].join('\n'),
  };
  const starter = { 'routes/logout.ts': "app.post('/logout', (c) => {\n  return c.redirect('/', 303);" };
  const issuesFor = (hint: string) =>
    checkHints(parseLabManifest(patch({ hints: [hint] }), FILE), solution, starter);

  it('accepts hints that name methods and keys without writing the line', () => {
    expect(issuesFor("Call pop with the key 'userId' on c.get('session').")).toEqual([]);
    // Short lines and comments say nothing away; code the starter already shows is no secret.
    expect(issuesFor('A comment the hint may well repeat word for word.')).toEqual([]);
    expect(issuesFor("Keep return c.redirect('/', 303) as it is.")).toEqual([]);
  });

  it('refuses a hint that holds a solution line word for word, spacing aside', () => {
    expect(issuesFor("Write c.get('session').pop( 'userId' ) and you are done.")).toEqual([]);
    expect(formatLabIssues(FILE, issuesFor("Write   c.get('session').pop('userId') and you are done."))).toBe(
      `Invalid lab manifest in ${FILE}: **hints[0]**: quotes line 4 of solution/routes/logout.ts word for word ("c.get('session').pop('userId')"). Fix: say what the line does, or name the method to call, and leave the writing to the learner`,
    );
  });

  it('holds for every lab: 2 or 3 hints that quote no solution line, and 1 to 3 things learnt', async () => {
    const labs = await listLabs();
    expect(labs.length).toBeGreaterThanOrEqual(6);
    for (const slug of labs) {
      // loadLab refuses a hint that quotes the solution, naming the hint.
      const { manifest } = await loadLab(slug);
      expect(manifest.hints?.length, slug).toBeGreaterThanOrEqual(2);
      expect(manifest.learnt?.length, slug).toBeGreaterThanOrEqual(1);
    }
  });
});
