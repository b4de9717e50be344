import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabSummary } from './index';

function project(labJson?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'lab-manifest-'));
  mkdirSync(join(root, 'lessons/03-x/lab'), { recursive: true });
  if (labJson !== undefined) writeFileSync(join(root, 'lessons/03-x/lab/lab.json'), labJson);
  return root;
}

describe('readLabSummary', () => {
  it('returns title, goal and the manifest', () => {
    const root = project('{"title":"Write the route","goal":"Make logout stick.","checks":["LO-01"]}');
    expect(readLabSummary('03-x', root)).toEqual({
      title: 'Write the route',
      goal: 'Make logout stick.',
      manifest: { title: 'Write the route', goal: 'Make logout stick.', checks: ['LO-01'] },
    });
  });
  it('is undefined without a lab', () => expect(readLabSummary('03-x', project())).toBeUndefined());
  it('names the file and field when broken', () => {
    expect(() => readLabSummary('03-x', project('{"title":"T"}'))).toThrow(
      'Invalid lab manifest lessons/03-x/lab/lab.json: **goal** is missing or empty. Fix: add "goal": "…"',
    );
    expect(() => readLabSummary('03-x', project('{oops'))).toThrow('Invalid lab manifest lessons/03-x/lab/lab.json: it is not valid JSON');
  });
});
