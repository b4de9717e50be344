import { describe, expect, it } from 'vitest';
import { checkLabFiles, formatLabIssues, formatPath, LabManifestError, parseLabManifest, parseLabManifestText, type LabFileIndex } from '.';

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
    [patch({ checks: ['LO-01', 'LO-05', 'LO-99'] }), '**checks[2]**: unknown check "LO-99"; use LO-01 … LO-24'],
    [patch({ checks: ['lo-1'], mistakes: [] }), '**checks[0]**: unknown check "lo-1"; use LO-01 … LO-24'],
    [patch({ checks: [], mistakes: [] }), '**checks**: list at least one check; use LO-01 … LO-24'],
    [patch({ checks: ['LO-01', 'LO-05', 'LO-01'] }), '**checks[2]**: "LO-01" is listed twice; list each check once'],
    [
      patch({ editable: ['routes/nope.ts'] }),
      '**editable[0]**: the server has no editable file "routes/nope.ts"; editable files are routes/session-demo.ts, routes/login.ts, routes/logout.ts, routes/logout-all.ts, routes/api-logout.ts, routes/api-refresh.ts',
    ],
    [patch({ editable: [] }), '**editable**: list at least one editable file, e.g. "routes/logout.ts"'],
    [patch({ editable: ['routes/logout.ts', 'routes/logout.ts'] }), '**editable[1]**: "routes/logout.ts" is listed twice; list each file once'],
    [patch({ store: 'redis' }), '**store**: store must be "cookie" or "server"'],
    [patch({ title: '  ' }), '**title**: give the lab a title'],
    [patch({ goal: '' }), '**goal**: say in one sentence what the learner must make true'],
    [patch({ readonly: ['/etc/passwd'] }), '**readonly[0]**: read-only files are .ts paths relative to sandbox-server/src/, got "/etc/passwd"'],
    [patch({ mistakes: [{ name: 'x', title: 'X', fails: [] }] }), '**mistakes[0].fails**: a mistake must name the checks it fails (at least one)'],
    [patch({ mistakes: [{ name: 'x', title: 'X', fails: ['LO-77'] }] }), '**mistakes[0].fails[0]**: unknown check "LO-77"; use LO-01 … LO-24'],
    [
      patch({ mistakes: [{ name: 'x', title: 'X', fails: ['LO-07'] }] }),
      `**mistakes[0].fails[0]**: "LO-07" is not one of this lab's checks; add it to "checks" or remove it here`,
    ],
    [
      patch({ checks: ['LO-16', 'LO-05'], mistakes: [{ name: 'x', title: 'X', fails: ['LO-16'] }] }),
      '**mistakes[0].fails[0]**: "LO-16" is advisory and never fails; a mistake cannot name it',
    ],
    [
      patch({ mistakes: [{ name: 'a', title: 'A', fails: ['LO-05'] }, { name: 'a', title: 'B', fails: ['LO-08'] }] }),
      '**mistakes[1]**: "a" is listed twice; each mistake needs its own name (it is also its folder name)',
    ],
    [patch({ mistakes: [{ name: 'Redirect Only', title: 'X', fails: ['LO-05'] }] }), '**mistakes[0].name**: mistake names are kebab-case folder names like "redirect-only", got "Redirect Only"'],
    [patch({ mistakes: [{ name: 'x', title: '', fails: ['LO-05'] }] }), '**mistakes[0].title**: give the mistake a one-line title'],
    [patch({ mistakes: [{ name: 'x', title: 'X', fails: ['LO-05'], why: 1 }] }), '**mistakes[0]**: unknown field "why"; allowed fields are name, title, fails'],
    [patch({ checkz: [] }), 'unknown field "checkz"; allowed fields are title, goal, store, editable, readonly, checks, mistakes'],
    [patch({ title: 42 }), '**title**: expected a string, got number 42'],
    [patch({ checks: 'LO-01' }), '**checks**: expected an array, got string "LO-01"'],
    [(() => { const { goal: _g, ...rest } = valid(); return rest; })(), '**goal**: required field is missing (expected a string)'],
    [null, 'the file must hold one JSON object with the fields title, goal, store, editable, readonly, checks, mistakes'],
  ])('%#: reports %s', (input, expected) => {
    expect(messageFor(input)).toBe(`Invalid lab manifest in ${FILE}: ${expected}`);
  });

  it('lists several problems at once, one per line', () => {
    expect(messageFor(patch({ store: 'x', checks: ['LO-99'], mistakes: [] }))).toBe(
      `Invalid lab manifest in ${FILE}:\n- **store**: store must be "cookie" or "server"\n- **checks[0]**: unknown check "LO-99"; use LO-01 … LO-24`,
    );
  });

  it('reports JSON syntax errors with a line and column', () => {
    expect(() => parseLabManifestText('{\n  "title": "x",\n  "goal": "y"\n  "store": "cookie"\n}', FILE)).toThrow(
      /^Invalid lab manifest in lessons\/03-basic-logout-route\/lab\/lab\.json: the file is not valid JSON at line 4, column 3 \(.+\); check for a missing comma or quote$/,
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
  const messages = (changes: Partial<LabFileIndex>) => formatLabIssues(FILE, checkLabFiles(manifest, index(changes), DIR));

  it('accepts a complete lab', () => {
    expect(checkLabFiles(manifest, index({}), DIR)).toEqual([]);
  });

  it.each([
    [{ solution: ['routes/logout.ts'] }, '**editable[1]**: no solution file; create lessons/03-basic-logout-route/lab/solution/routes/login.ts'],
    [{ starter: ['routes/login.ts'] }, '**editable[0]**: no starter file; create lessons/03-basic-logout-route/lab/starter/routes/logout.ts'],
    [
      { starter: ['routes/login.ts', 'routes/logout.ts', 'routes/extra.ts'] },
      '**editable**: lessons/03-basic-logout-route/lab/starter/routes/extra.ts is not an editable file; add "routes/extra.ts" to "editable" or delete the file',
    ],
    [{ mistakes: {} }, '**mistakes[0].name**: no files for this mistake; create lessons/03-basic-logout-route/lab/mistakes/redirect-only/routes/logout.ts'],
    [
      { mistakes: { 'redirect-only': ['routes/logout.ts', 'notes.md'] } },
      '**mistakes[0].name**: lessons/03-basic-logout-route/lab/mistakes/redirect-only/notes.md is not an editable file; mistakes may only change routes/logout.ts, routes/login.ts',
    ],
    [
      { mistakes: { 'redirect-only': ['routes/logout.ts'], stray: ['routes/logout.ts'] } },
      '**mistakes**: the folder lessons/03-basic-logout-route/lab/mistakes/stray/ has no entry; add { "name": "stray", "title": …, "fails": […] } or delete the folder',
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
