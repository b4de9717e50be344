/**
 * Authoring errors really fail the build: `astro sync` (the content step of `astro build` and
 * `astro dev`) in a throw-away project that reuses this repo's content config exits non-zero with
 * the friendly message (file, field, fix) for a broken lab and for two lessons at one position.
 * (Bad frontmatter and duplicate numbers: test/content-build.test.ts.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_RANGE_TEXT } from '../sandbox-server/checks/catalog';
import { cacheWrites, astroSync as sync } from './helpers/astro-sync.ts';

const lesson = (extra = '') =>
  `---\ntitle: Logging out of every device\nsummary: End every session of a user at once.\nlevel: Advanced\nminutes: 8\nobjectives: ["Explain per-user logout", "Write a logout-all route"]\n${extra}---\n\nText.\n`;
const leaf = "export default function (app) {\n  app.post('/logout', (c) => c.redirect('/', 303));\n}\n";
const manifest = (checks: string[]) =>
  JSON.stringify({
    title: 'Write the route',
    goal: 'Make logout stick.',
    store: 'cookie',
    editable: ['routes/logout.ts'],
    checks,
  });

// Each case starts `astro sync` in a new process: slow when the whole suite runs in parallel.
describe(
  'the build fails on authoring errors, with the friendly message and no stack soup',
  { timeout: 90_000 },
  () => {
    it('an invalid lab manifest: unknown check and missing solution', async () => {
      const result = await sync({
        '07-every-device/index.mdx': lesson(),
        '07-every-device/lab/lab.json': manifest(['LO-05', 'LO-99']),
        '07-every-device/lab/starter/routes/logout.ts': leaf,
      });
      expect(result.ok).toBe(false);
      expect(result.output).toContain(
        `Location:\n    ${join(result.root, 'lessons/07-every-device/lab/lab.json')}:1:1`,
      );
      expect(result.output).toContain(
        `Invalid lab manifest in lessons/07-every-device/lab/lab.json: **checks[1]**: unknown check "LO-99". Fix: use one of ${CHECK_RANGE_TEXT} (the checks table in lessons/README.md)`,
      );
      // Only the manifest is reported until it parses; then the files are checked.
      const files = await sync({
        '07-every-device/index.mdx': lesson(),
        '07-every-device/lab/lab.json': manifest(['LO-05']),
        '07-every-device/lab/starter/routes/logout.ts': leaf,
      });
      expect(files.ok).toBe(false);
      expect(files.output).toContain(
        'Invalid lab manifest in lessons/07-every-device/lab/lab.json: **editable[0]**: no solution file. Fix: create lessons/07-every-device/lab/solution/routes/logout.ts',
      );
      expect(files.output.split('\n').filter((line) => /^\s+at /.test(line)).length).toBeLessThanOrEqual(3);
    });

    it('two lessons at the same position name both files', async () => {
      const result = await sync({
        '03-basic-logout-route/index.mdx': lesson(),
        '07-every-device/index.mdx': lesson('order: 3\n'),
      });
      expect(result.ok).toBe(false);
      expect(result.output).toContain(
        'Duplicate lesson position 3: lessons/03-basic-logout-route/index.mdx (folder number 03) and lessons/07-every-device/index.mdx (order: 3) both sit there, so previous/next would be ambiguous. Fix: in lessons/07-every-device/index.mdx write order: 4',
      );
    });

    it('a valid lesson with a lab and an order syncs', async () => {
      const result = await sync({
        '03-basic-logout-route/index.mdx': lesson(),
        '07-every-device/index.mdx': lesson('order: 3.5\n'),
        '07-every-device/lab/lab.json': manifest(['LO-05']),
        '07-every-device/lab/starter/routes/logout.ts': leaf,
        '07-every-device/lab/solution/routes/logout.ts': leaf,
      });
      expect(result.output).not.toMatch(/Invalid|Duplicate/);
      expect(result.ok).toBe(true);
      // Its data store is its own: nothing went to node_modules, i.e. to this repo's shared one.
      expect(existsSync(join(result.root, '.astro-cache/data-store.json'))).toBe(true);
      expect(cacheWrites(result.root)).toEqual([]);
    });
  },
);
