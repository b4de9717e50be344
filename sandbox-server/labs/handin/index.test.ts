import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalFiles, createHandIn, handInFileName, hashFiles } from '.';
import { checkIntegrity, parseHandInText, validateHandIn } from './parse';

const files = {
  'routes/logout.ts':
    "export default function (app) {\n  app.post('/logout', (c) => c.redirect('/', 303));\n}\n",
};
const make = () =>
  createHandIn({
    lab: '03-basic-logout-route',
    files,
    courseVersion: '0.1.0',
    now: new Date('2026-12-02T10:00:00Z'),
  });

describe('hand-in hashing', () => {
  it('hashes the canonical text: sorted [path, source] pairs as JSON, SHA-256 in hex', async () => {
    const two = { 'routes/login.ts': 'b', 'routes/logout.ts': 'a' };
    expect(canonicalFiles(two)).toBe('[["routes/login.ts","b"],["routes/logout.ts","a"]]');
    // The order the files were added in does not matter, and Node's own SHA-256 agrees.
    expect(await hashFiles({ 'routes/logout.ts': 'a', 'routes/login.ts': 'b' })).toBe(
      createHash('sha256').update(canonicalFiles(two), 'utf8').digest('hex'),
    );
  });

  it('tells apart files whose concatenations are the same', async () => {
    expect(await hashFiles({ 'a.ts': 'bc.ts' })).not.toBe(await hashFiles({ 'a.tsb': 'c.ts' }));
    expect(await hashFiles({ 'routes/logout.ts': 'é' })).toBe(
      createHash('sha256').update('[["routes/logout.ts","é"]]', 'utf8').digest('hex'),
    );
  });
});

describe('hand-in files', () => {
  it('round-trips an exported hand-in, named after its lab and day', async () => {
    const handIn = await make();
    const parsed = parseHandInText(JSON.stringify(handIn));
    expect(parsed).toEqual({ ok: true, handIn, source: 'hand-in' });
    expect(await checkIntegrity(handIn)).toEqual({ ok: true });
    expect(handInFileName(handIn)).toBe('logout-lab-hand-in-03-basic-logout-route-2026-12-02.json');
  });

  it('flags files edited after the export (the old hash left in)', async () => {
    const handIn = await make();
    const edited = { ...handIn, files: { 'routes/logout.ts': `${files['routes/logout.ts']}// tweak\n` } };
    const integrity = await checkIntegrity(edited);
    expect(integrity.ok).toBe(false);
    if (!integrity.ok)
      expect(integrity.reason).toMatch(
        /^tampered: the files do not match the hand-in's SHA-256 .*edited after the export$/,
      );
  });

  it('refuses what is not a hand-in with a sentence naming the field and the fix', async () => {
    const good = await make();
    const cases: [unknown, RegExp][] = [
      [{ ...good, format: 'something-else' }, /^format: it is not a Logout Lab hand-in/],
      [
        { ...good, version: 2 },
        /^version: it was exported by a newer version of the course \(hand-in version 2; this grader reads 1\)/,
      ],
      [
        { ...good, files: { '../../etc/passwd.ts': 'x' } },
        /^files\["..\/..\/etc\/passwd.ts"\]: "..\/..\/etc\/passwd.ts" is not a lab file path/,
      ],
      [{ ...good, files: { '/abs/routes/logout.ts': 'x' } }, /is not a lab file path/],
      [{ ...good, files: {} }, /the hand-in holds no files/],
      [{ ...good, files: { 'routes/logout.ts': 'x'.repeat(200_001) } }, /longer than 200000 characters/],
      [{ ...good, files: { 'routes/logout.ts': 42 } }, /^files\["routes\/logout\.ts"\]: /],
      [{ ...good, sha256: 'abc' }, /^sha256: "sha256" must be 64 lowercase hex digits/],
      [{ ...good, exportedAt: 'yesterday' }, /^exportedAt: "exportedAt" must be an ISO date and time/],
      [{ ...good, lab: undefined }, /^lab: is missing/],
      [{ ...good, passed: true }, /unknown field "passed"/],
      [[good], /^it is not a Logout Lab hand-in \(not a JSON object\)/],
    ];
    for (const [value, message] of cases) {
      const result = validateHandIn(value);
      expect(result.ok, JSON.stringify(value).slice(0, 80)).toBe(false);
      if (!result.ok) {
        expect(result.message).toMatch(message);
        expect(result.message).toMatch(/Fix: export the work again/);
      }
    }
    expect(parseHandInText('{"format": "logout-lab-hand-in",')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^it is not valid JSON/),
    });
    expect(parseHandInText(' '.repeat(1024 * 1024 + 1))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/larger than 1024 KB/),
    });
  });

  it('finds the lab drafts inside a progress export, and says which labs it holds when not', async () => {
    const handIn = await make();
    const other = { ...handIn, lab: '05-session-security' };
    const progress = JSON.stringify({
      format: 'logout-lab-progress',
      version: 1,
      pages: {},
      handIns: [other, handIn],
    });
    expect(parseHandInText(progress, '03-basic-logout-route')).toEqual({
      ok: true,
      handIn,
      source: 'progress',
    });
    expect(parseHandInText(progress, '04-login-manager')).toEqual({
      ok: false,
      message:
        'it is a progress export without the drafts of lab 04-login-manager (it holds 05-session-security, 03-basic-logout-route). Fix: open that lab, then export again.',
    });
    const broken = JSON.stringify({
      format: 'logout-lab-progress',
      version: 1,
      pages: {},
      handIns: [{ ...handIn, sha256: 'x' }],
    });
    expect(parseHandInText(broken, '03-basic-logout-route')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^its drafts of lab 03-basic-logout-route: sha256: /),
    });
  });
});
