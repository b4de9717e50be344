import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../friendly-errors';
import { readLabSummary } from './index';

const valid = {
  title: 'Write the route',
  goal: 'Make logout stick.',
  store: 'cookie',
  editable: ['routes/logout.ts'],
  checks: ['LO-05'],
};

function project(
  labJson?: string,
  files: string[] = ['starter/routes/logout.ts', 'solution/routes/logout.ts'],
): string {
  const root = mkdtempSync(join(tmpdir(), 'lab-manifest-'));
  mkdirSync(join(root, 'lessons/03-x/lab'), { recursive: true });
  if (labJson !== undefined) writeFileSync(join(root, 'lessons/03-x/lab/lab.json'), labJson);
  for (const file of files) {
    mkdirSync(join(root, 'lessons/03-x/lab', file, '..'), { recursive: true });
    writeFileSync(join(root, 'lessons/03-x/lab', file), 'export default function () {}\n');
  }
  return root;
}

describe('readLabSummary', () => {
  it('returns title, goal and the manifest as the schema parsed it, defaults included', () => {
    const root = project(JSON.stringify(valid));
    expect(readLabSummary('03-x', root)).toEqual({
      title: 'Write the route',
      goal: 'Make logout stick.',
      manifest: { ...valid, readonly: [], provided: [], mistakes: [] },
    });
  });
  it('is undefined without a lab', () => expect(readLabSummary('03-x', project())).toBeUndefined());
  it('names the file and field when broken (the lab tooling’s messages)', () => {
    const { goal: _goal, ...noGoal } = valid;
    expect(() => readLabSummary('03-x', project(JSON.stringify(noGoal)))).toThrow(
      'Invalid lab manifest in lessons/03-x/lab/lab.json: **goal**: required field is missing (expected a string). Fix: add "goal": "Make POST /logout forget the user but keep the theme."',
    );
    expect(() => readLabSummary('03-x', project('{oops'))).toThrow(
      'Invalid lab manifest in lessons/03-x/lab/lab.json: the file is not valid JSON at line 1, column 2',
    );
  });
  it('fails on missing lab files, not only on the manifest', () => {
    expect(() =>
      readLabSummary('03-x', project(JSON.stringify(valid), ['starter/routes/logout.ts'])),
    ).toThrow(
      'Invalid lab manifest in lessons/03-x/lab/lab.json: **editable[0]**: no solution file. Fix: create lessons/03-x/lab/solution/routes/logout.ts',
    );
  });
  it('fails on a hint that quotes the solution, so the build refuses it', () => {
    const hints = ['Look at the session.', "Write c.get('session').pop('userId') and stop."];
    const root = project(JSON.stringify({ ...valid, hints }));
    writeFileSync(
      join(root, 'lessons/03-x/lab/solution/routes/logout.ts'),
      "export default function (c) {\n  c.get('session').pop('userId');\n}\n",
    );
    expect(() => readLabSummary('03-x', root)).toThrow(
      'Invalid lab manifest in lessons/03-x/lab/lab.json: **hints[1]**: quotes line 2 of solution/routes/logout.ts word for word',
    );
  });
  it('throws only the friendly error: its file for the overlay, and no stack of this helper for the dev log', () => {
    const root = project('{"title": "T"}');
    let error: unknown;
    try {
      readLabSummary('03-x', root);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ContentError);
    const { message, stack, loc } = error as ContentError;
    expect(message).toMatch(
      /^Invalid lab manifest in lessons\/03-x\/lab\/lab\.json:\n- \*\*goal\*\*: required field is missing/,
    );
    expect(stack).toBe(`ContentError: ${message}`);
    expect(loc).toEqual({ file: join(root, 'lessons/03-x/lab/lab.json') });
  });
});
