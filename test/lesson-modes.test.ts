/**
 * The learning modes on the real lessons, from the contract each lesson compiles to (as the build
 * sees it): Quick read stays near a third of every lesson, and Hands-on shows each lab with just
 * the concepts its section names.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { checkDocument, createIdRegistry, type PageContract } from '../src/content/lesson-contract';
import { arrange, modeReadingTime, QUICK_READ_BAND } from '../src/modes';

const root = join(import.meta.dirname, '..');
const ids = createIdRegistry();

/** Compiles a lesson (mdxToJs is synchronous) with the contract check, as the build does. */
function contractOf(folder: string): { contract: PageContract; minutes: number } {
  const file = `lessons/${folder}/index.mdx`;
  const source = readFileSync(join(root, file), 'utf8');
  let result: ReturnType<typeof checkDocument> | undefined;
  mdxToJs(source, {
    mdastPlugins: [
      {
        name: 'probe',
        options: { position: true },
        before: (tree: unknown) =>
          void (result = checkDocument(tree as Parameters<typeof checkDocument>[0], file, ids)),
      },
    ],
    data: {
      astro: {
        frontmatter: {},
        headings: [],
        localImagePaths: new Set<string>(),
        remoteImagePaths: new Set<string>(),
      },
    },
  });
  if (!result) throw new Error(`the contract probe did not run on ${file}`);
  expect(result.problems, file).toEqual([]);
  return { contract: result.contract, minutes: Number(/^minutes:\s*(\d+)/m.exec(source)?.[1]) };
}

const lessons = readdirSync(join(root, 'lessons'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => d.name)
  .sort();

describe('learning modes on every lesson', () => {
  it('finds the course', () => expect(lessons.length).toBeGreaterThanOrEqual(6));

  it.each(lessons)('%s: Quick read is about a third of the reading (25 to 45% of the prose)', (folder) => {
    const { contract, minutes } = contractOf(folder);
    const quick = modeReadingTime(contract.sections, minutes, 'quick');
    expect(
      quick.share,
      `${folder}: quick read share ${(quick.share * 100).toFixed(1)}%`,
    ).toBeGreaterThanOrEqual(QUICK_READ_BAND.min);
    expect(quick.share, `${folder}: quick read share ${(quick.share * 100).toFixed(1)}%`).toBeLessThanOrEqual(
      QUICK_READ_BAND.max,
    );
    expect(quick.minutes).toBeLessThan(minutes);
  });

  // A lesson without a lab/ folder has no lab section to arrange; one with it must have the section.
  it.each(lessons.filter((folder) => existsSync(join(root, 'lessons', folder, 'lab'))))(
    '%s: Hands-on shows the lab, then only the concepts it needs',
    (folder) => {
      const { contract } = contractOf(folder);
      const lab = contract.sections.find((s) => s.kind === 'lab');
      if (!lab)
        throw new Error(
          `lessons/${folder}/ has a lab/ folder but index.mdx has no <Section kind="lab">: add one (see lessons/README.md)`,
        );
      const needs = lab.needs ?? [];
      expect(needs.length, `${folder}: the lab names the concepts it relies on`).toBeGreaterThan(0);
      const shown = arrange(contract.sections, 'hands-on').map((i) => contract.sections[i]?.id);
      const concepts = contract.sections
        .filter((s) => s.kind === 'concept' && needs.includes(s.id))
        .map((s) => s.id);
      expect(shown).toEqual([lab.id, ...concepts]);
    },
  );
});
