/** Every lesson's lab files compile and register (the checks helper's lab verification grades them). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLabApp } from '../app';
import { compileLeaves } from '../loader';

describe('lesson lab files', () => {
  const lessons = join(import.meta.dirname, '../../../lessons');
  const labs = readdirSync(lessons).filter((d) => existsSync(join(lessons, d, 'lab/lab.json')));

  it('finds the six labs', () => {
    expect(labs).toHaveLength(6);
  });

  for (const lesson of labs) {
    it(`${lesson}: starter, solution and every mistake compile and register`, () => {
      const dir = join(lessons, lesson, 'lab');
      const lab = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')) as {
        store: 'cookie' | 'server';
        editable: string[];
        mistakes: { name: string }[];
      };
      const variants = ['starter', 'solution', ...lab.mistakes.map((m) => `mistakes/${m.name}`)];
      for (const variant of variants) {
        const files: Record<string, string> = {};
        for (const path of lab.editable) {
          const own = join(dir, variant, path);
          const file = existsSync(own) ? own : join(dir, 'solution', path);
          files[path] = readFileSync(file, 'utf8');
        }
        expect(
          () => createLabApp({ store: lab.store, leaves: compileLeaves(files) }),
          `${lesson} ${variant}`,
        ).not.toThrow();
      }
    });
  }
});
