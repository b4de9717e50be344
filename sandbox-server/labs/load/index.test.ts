import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listLabs, loadLab, resolveLesson } from '.';

const root = mkdtempSync(join(tmpdir(), 'lab-load-'));
const lessons = join(root, 'lessons');
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(lessons, path)), { recursive: true });
  writeFileSync(join(lessons, path), text);
};
const manifest = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    title: 'T',
    goal: 'G',
    store: 'server',
    editable: ['routes/logout.ts'],
    checks: ['LO-04'],
    ...extra,
  });

write(
  '02-two/lab/lab.json',
  manifest({
    readonly: ['session/index.ts', 'nope/missing.ts'],
    mistakes: [{ name: 'gone', title: 'Gone', fails: ['LO-04'] }],
  }),
);
write('02-two/lab/starter/routes/logout.ts', 'export default function () {}');
write('02-two/lab/mistakes/extra/routes/logout.ts', 'export default function () {}');
write('03-three/lab/lab.json', manifest({ readonly: ['session/index.ts'] }));
write('03-three/lab/starter/routes/logout.ts', 'export default function () {}');
write('03-three/lab/solution/routes/logout.ts', 'export default function () {}');
write('03-three/index.mdx', '');
write('reference/x.mdx', '');

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadLab', () => {
  it('lists lesson folders that hold a lab', async () => {
    expect(await listLabs(lessons)).toEqual(['02-two', '03-three']);
    expect(await resolveLesson('3', lessons)).toBe('03-three');
    expect(await resolveLesson('three', lessons)).toBe('03-three');
  });

  it('reads manifest and files into an in-memory lab', async () => {
    const lab = await loadLab('03-three', lessons);
    expect(lab).toMatchObject({ slug: '03-three', dir: 'lessons/03-three/lab', mistakes: {} });
    expect(Object.keys(lab.solution)).toEqual(['routes/logout.ts']);
  });

  it('reports every problem of a lab folder in one message', async () => {
    await expect(loadLab('02-two', lessons)).rejects.toThrow(
      [
        'Invalid lab manifest in lessons/02-two/lab/lab.json:',
        '- **editable[0]**: no solution file. Fix: create lessons/02-two/lab/solution/routes/logout.ts',
        '- **mistakes[0].name**: no files for this mistake. Fix: create lessons/02-two/lab/mistakes/gone/routes/logout.ts (the solution with the mistake in it)',
        '- **mistakes**: the folder lessons/02-two/lab/mistakes/extra/ has no entry. Fix: add { "name": "extra", "title": …, "fails": […] } to "mistakes" or delete the folder',
        '- **readonly[1]**: sandbox-server/src/nope/missing.ts does not exist. Fix: write a path relative to sandbox-server/src/, such as "session/index.ts", or remove it',
      ].join('\n'),
    );
  });
});
