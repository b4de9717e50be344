import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findSubmissions } from '.';
import { createHandIn } from '../handin';
import { loadLab } from '../load';
import type { Lab } from '../verify';

let lab3: Lab;
let lab5: Lab;
const dirs: string[] = [];
beforeAll(async () => {
  lab3 = await loadLab('03-basic-logout-route');
  lab5 = await loadLab('05-session-security');
});
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder holding `tree` (path → text). */
function folder(tree: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lab-submissions-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('findSubmissions', () => {
  it('reads one folder per student, at the lab path or by file name, and skips stray files', async () => {
    const root = folder({
      'alice/routes/logout.ts': 'A',
      'bob/logout.ts': 'B',
      'carol/notes.txt': 'no code',
      'README.md': 'grading notes',
      '.DS_Store': '',
    });
    const found = await findSubmissions(root, lab3);
    expect(found.layout).toBe('folders');
    expect(found.submissions).toEqual([
      {
        student: 'alice',
        kind: 'folder',
        source: 'alice/',
        files: { 'routes/logout.ts': 'A' },
        origins: { 'routes/logout.ts': 'alice/routes/logout.ts' },
      },
      {
        student: 'bob',
        kind: 'folder',
        source: 'bob/',
        files: { 'routes/logout.ts': 'B' },
        origins: { 'routes/logout.ts': 'bob/logout.ts' },
      },
      {
        student: 'carol',
        kind: 'folder',
        source: 'carol/',
        origins: {},
        problem: 'missing file routes/logout.ts (no routes/logout.ts or logout.ts anywhere in the folder).',
      },
    ]);
  });

  it('finds a GitHub Classroom clone: the assistant wrapper, nested repositories, names without the assignment', async () => {
    const root = folder({
      'logout-lab-submissions/logout-lab-alice/routes/logout.ts': 'A',
      'logout-lab-submissions/logout-lab-bob/lab/routes/logout.ts': 'B',
      'logout-lab-submissions/logout-lab-bob/node_modules/x/routes/logout.ts': 'not this one',
      'logout-lab-submissions/logout-lab-bob/.git/routes/logout.ts': 'nor this',
      'logout-lab-submissions/logout-lab-dave/README.md': 'forgot to push',
    });
    const found = await findSubmissions(root, lab3);
    expect(found.layout).toBe('classroom');
    expect(found.root.endsWith('logout-lab-submissions')).toBe(true);
    expect(
      found.submissions.map((s) => [s.student, s.kind, s.files?.['routes/logout.ts'] ?? s.problem]),
    ).toEqual([
      ['alice', 'classroom', 'A'],
      ['bob', 'classroom', 'B'],
      [
        'dave',
        'classroom',
        'missing file routes/logout.ts (no routes/logout.ts or logout.ts anywhere in the folder).',
      ],
    ]);
    expect(found.submissions[1]?.origins).toEqual({
      'routes/logout.ts': 'logout-lab-bob/lab/routes/logout.ts',
    });
  });

  it('finds repositories cloned side by side without a wrapper, each nested its own way', async () => {
    const root = folder({ 'hw-alice/src/lab/routes/logout.ts': 'A', 'hw-bob/routes/logout.ts': 'B' });
    const found = await findSubmissions(root, lab3);
    expect(found.submissions.map((s) => [s.student, s.kind])).toEqual([
      ['hw-alice', 'classroom'],
      ['hw-bob', 'folder'],
    ]);
    expect(found.layout).toBe('mixed');
  });

  it('unwraps a single folder holding several students, but not a single student', async () => {
    const wrapped = await findSubmissions(
      folder({ 'class/alice/routes/logout.ts': 'A', 'class/bob/routes/logout.ts': 'B' }),
      lab3,
    );
    expect(wrapped.submissions.map((s) => s.student)).toEqual(['alice', 'bob']);
    const single = await findSubmissions(folder({ 'alice/routes/logout.ts': 'A' }), lab3);
    expect(single.submissions.map((s) => s.student)).toEqual(['alice']);
  });

  it('needs every editable file of a multi-file lab, and refuses to guess between two copies', async () => {
    // Lab 5's editable files: routes/logout.ts, routes/login.ts, routes/logout-all.ts and routes/csrf.ts.
    const root = folder({
      'alice/routes/logout.ts': 'A1',
      'alice/routes/login.ts': 'A2',
      'alice/routes/logout-all.ts': 'A3',
      'alice/routes/csrf.ts': 'A4',
      'bob/routes/logout.ts': 'only one',
      'bob/routes/logout-all.ts': 'B3',
      'bob/routes/csrf.ts': 'B4',
      'carol/v1/routes/logout.ts': 'old',
      'carol/v2/routes/logout.ts': 'new',
      'carol/routes/login.ts': 'C2',
      'carol/routes/logout-all.ts': 'C3',
      'carol/routes/csrf.ts': 'C4',
    });
    const found = await findSubmissions(root, lab5);
    expect(found.submissions.map((s) => s.problem ?? 'ok')).toEqual([
      'ok',
      'missing file routes/login.ts (no routes/login.ts or login.ts anywhere in the folder).',
      '2 candidates for routes/logout.ts (v1/routes/logout.ts, v2/routes/logout.ts); keep one.',
    ]);
  });

  it('does not follow a symbolic link out of a student folder', async () => {
    const secret = folder({ 'routes/logout.ts': 'the instructor’s own file' });
    const root = folder({ 'alice/notes.txt': '' });
    symlinkSync(join(secret, 'routes'), join(root, 'alice', 'routes'));
    const [alice] = (await findSubmissions(root, lab3)).submissions;
    expect(alice?.files).toBeUndefined();
    expect(alice?.problem).toMatch(/^missing file routes\/logout\.ts/);
  });

  it('reads hand-ins: good, tampered, for another lab, broken JSON, and drafts inside a progress export', async () => {
    const good = await createHandIn({
      lab: lab3.slug,
      files: { 'routes/logout.ts': 'A' },
      courseVersion: '0.1.0',
      claimed: { passed: 7, total: 7, at: '2026-12-02T10:00:00.000Z' },
    });
    const tampered = { ...good, files: { 'routes/logout.ts': 'A, edited later' } };
    const other = await createHandIn({
      lab: '04-login-manager',
      files: { 'routes/logout.ts': 'X' },
      courseVersion: '0.1.0',
    });
    const progress = { format: 'logout-lab-progress', version: 1, pages: {}, handIns: [good] };
    const root = folder({
      'alice.json': JSON.stringify(good),
      'bob.json': JSON.stringify(tampered),
      'carol.json': JSON.stringify(other),
      'dave.json': '{ "format": "logout-lab-hand-in", ',
      'erin.json': JSON.stringify(progress),
    });
    const found = await findSubmissions(root, lab3);
    expect(found.layout).toBe('hand-ins');
    const [alice, bob, carol, dave, erin] = found.submissions;
    expect(alice).toMatchObject({
      student: 'alice',
      kind: 'hand-in',
      files: { 'routes/logout.ts': 'A' },
      handIn: { from: 'hand-in', claimed: { passed: 7, total: 7 } },
    });
    expect(alice?.handIn?.tampered).toBeUndefined();
    expect(bob?.files).toEqual({ 'routes/logout.ts': 'A, edited later' });
    expect(bob?.handIn?.tampered).toMatch(/^tampered: the files do not match/);
    expect(carol?.problem).toBe(
      'hand-in carol.json is for lab 04-login-manager, not 03-basic-logout-route: grade it with that lesson.',
    );
    expect(dave?.problem).toMatch(/^hand-in dave\.json: it is not valid JSON/);
    expect(erin).toMatchObject({
      student: 'erin',
      files: { 'routes/logout.ts': 'A' },
      handIn: { from: 'progress' },
    });
  });

  it('says what to do with a folder that does not exist or holds nothing', async () => {
    await expect(findSubmissions('/no/such/folder', lab3)).rejects.toThrow(
      /does not exist: pass --submissions/,
    );
    await expect(findSubmissions(folder({ 'README.md': 'x' }), lab3)).rejects.toThrow(
      /holds no submissions: put one sub-folder \(with routes\/logout\.ts\)/,
    );
  });
});
