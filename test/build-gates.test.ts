/**
 * The build refuses what cannot work (issue 15): `astro build` of a throw-away project fails, with
 * a friendly message naming the lab or file, for a lab whose solution fails a check, a lab that
 * lists a check its store can never pass, and a scaffold's TODO(author) left in a lesson; the same
 * project without those builds. The dev-server side is in src/content/lab-proof and author-todos.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { astroBuild } from './helpers/astro-build.ts';

const lesson = (summary = 'End every session of a user at once.') =>
  `---\ntitle: Logging out of every device\nsummary: ${JSON.stringify(summary)}\nlevel: Advanced\nminutes: 8\nobjectives: ["Explain per-user logout", "Write a logout-all route"]\n---\n\nText.\n`;
const GOOD =
  "export default function (app) {\n  app.post('/logout', (c) => {\n    c.get('session').pop('userId');\n    return c.redirect('/', 303);\n  });\n}\n";
const REDIRECT_ONLY =
  "export default function (app) {\n  app.post('/logout', (c) => c.redirect('/', 303));\n}\n";
const manifest = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    title: 'Write the route',
    goal: 'Make logout stick.',
    store: 'cookie',
    editable: ['routes/logout.ts'],
    checks: ['LO-05', 'LO-08'],
    mistakes: [{ name: 'redirect-only', title: 'Redirects only', fails: ['LO-05', 'LO-08'] }],
    ...extra,
  });
const labFiles = (solution: string, extra: Record<string, unknown> = {}) => ({
  '07-every-device/lab/lab.json': manifest(extra),
  '07-every-device/lab/starter/routes/logout.ts': REDIRECT_ONLY,
  '07-every-device/lab/solution/routes/logout.ts': solution,
  '07-every-device/lab/mistakes/redirect-only/routes/logout.ts': REDIRECT_ONLY,
});
const stackLines = (output: string) => output.split('\n').filter((line) => /^\s+at /.test(line)).length;

// Each case is a real `astro build` in a new process.
describe('astro build refuses what cannot work', { timeout: 120_000 }, () => {
  it('a lab whose solution fails a check: the lab is named, with its report and the fix', async () => {
    const result = await astroBuild({ '07-every-device/index.mdx': lesson(), ...labFiles(REDIRECT_ONLY) });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(
      'Lab 07-every-device does not prove itself, so it cannot be published. Its report (the same as `npm run lab -- verify 07`):',
    );
    expect(result.output).toContain(
      '✘ 07-every-device: Write the route\n  ✘ solution: does not pass\n      - LO-05 fails: After clicking logout, the browser is still logged in.',
    );
    expect(result.output).toContain(
      'Fix: change the files the report names under lessons/07-every-device/lab/ until `npm run lab -- verify 07` passes',
    );
    expect(result.output).toContain(`${join(result.root, 'lessons/07-every-device/lab/lab.json')}:1:1`);
    expect(stackLines(result.output)).toBeLessThanOrEqual(3);
  });

  it('a check the lab’s store can never pass: refused with the reason and the fix', async () => {
    const result = await astroBuild({
      '07-every-device/index.mdx': lesson(),
      ...labFiles(GOOD, { checks: ['LO-05', 'LO-04'], mistakes: [] }),
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(
      'Invalid lab manifest in lessons/07-every-device/lab/lab.json: **checks[1]**: "LO-04" can never pass with "store": "cookie": a signed cookie holds the session itself',
    );
    expect(result.output).toContain(
      'Fix: write "store": "server" (records on the server), or remove "LO-04" from "checks"',
    );
  });

  it('a TODO(author) left in a lesson: every one is named with its file and line', async () => {
    const result = await astroBuild({
      '07-every-device/index.mdx': lesson(
        'TODO(author): one sentence saying what the learner can do after this lesson.',
      ),
      ...labFiles(GOOD, { goal: 'TODO(author): one sentence saying what the learner must make true.' }),
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(
      '2 TODO(author) placeholders are left in the lessons, and a production build must not publish them:',
    );
    expect(result.output).toContain(
      '- lessons/07-every-device/index.mdx:3: summary: "TODO(author): one sentence saying what the learner can do after this lesson."',
    );
    expect(result.output).toMatch(
      /- lessons\/07-every-device\/lab\/lab\.json:1: \{"title":"Write the route","goal":"TODO\(author\): /,
    );
    expect(result.output).toContain(
      'Fix: replace each with your own words (or remove it), then build again; `grep -rn "TODO(author)" lessons/07-every-device` lists them.',
    );
    expect(stackLines(result.output)).toBeLessThanOrEqual(3);
  });

  it('the same lesson and lab, finished, builds; a starter’s // TODO: for the learner is fine', async () => {
    const result = await astroBuild({
      '07-every-device/index.mdx': lesson(),
      ...labFiles(GOOD),
      '07-every-device/lab/starter/routes/logout.ts': `// TODO: remove the user from the session\n${REDIRECT_ONLY}`,
    });
    expect(result.output).toContain('1 lab proved: every solution passes');
    expect(result.ok).toBe(true);
    expect(existsSync(join(result.root, 'dist/index.html'))).toBe(true);
  });
});
