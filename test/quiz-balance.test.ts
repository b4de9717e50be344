/**
 * The quiz balance of the real course, read from the lessons as the build compiles them: quizzes
 * must test understanding, not a pattern a learner can spot without reading.
 *
 * - Predictions: no single option position holds more than half of the right answers, so
 *   "always pick the second one" does not win.
 * - Myths: at least a third of the statements are true facts (and at least a third are myths), so
 *   "always answer No" does not win either.
 * - Myth sections have neutral headings: a heading "Myth: …" right above "Myth or fact?" gives
 *   the answer away.
 * - Quiz me has at least 3 questions on every lesson.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import {
  checkDocument,
  createIdRegistry,
  readProps,
  type PageContract,
} from '../src/content/lesson-contract';
import { arrange } from '../src/modes';

const root = join(import.meta.dirname, '..');
type Tree = Parameters<typeof readProps>[0];

interface Prediction {
  id: string;
  answer: number;
  options: number;
  /** Title of the section it sits in. */
  section: string;
}
interface Myth {
  id: string;
  answer: boolean;
  section: string;
}
interface Quizzes {
  file: string;
  contract: PageContract;
  predictions: Prediction[];
  myths: Myth[];
}

/** Compiles a lesson as the build does (with the contract check) and collects its quiz props. */
function quizzesOf(file: string): Quizzes {
  const source = readFileSync(join(root, file), 'utf8');
  const predictions: Prediction[] = [];
  const myths: Myth[] = [];
  let contract: PageContract | undefined;
  const walk = (node: Tree, section: string) => {
    const { props } = node.name ? readProps(node) : { props: {} as Record<string, unknown> };
    const here = node.name === 'Section' && typeof props['title'] === 'string' ? props['title'] : section;
    if (node.name === 'Prediction') {
      predictions.push({
        id: String(props['id']),
        answer: Number(props['answer']),
        options: (props['options'] as unknown[]).length,
        section: here,
      });
    }
    if (node.name === 'Myth')
      myths.push({ id: String(props['id']), answer: props['answer'] === true, section: here });
    for (const child of node.children ?? []) walk(child, here);
  };
  mdxToJs(source, {
    mdastPlugins: [
      {
        name: 'probe',
        options: { position: true },
        before: (tree: unknown) => {
          const result = checkDocument(tree as Tree, file, createIdRegistry());
          expect(result.problems, file).toEqual([]);
          contract = result.contract;
          walk(tree as Tree, '');
        },
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
  if (!contract) throw new Error(`the contract probe did not run on ${file}`);
  return { file, contract, predictions, myths };
}

const lessonFiles = readdirSync(join(root, 'lessons'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => `lessons/${d.name}/index.mdx`)
  .sort();
const referenceFiles = readdirSync(join(root, 'lessons/reference'))
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => `lessons/reference/${f}`)
  .sort();
const pages = [...lessonFiles, ...referenceFiles].map(quizzesOf);
const predictions = pages.flatMap((p) => p.predictions.map((q) => ({ ...q, file: p.file })));
const myths = pages.flatMap((p) => p.myths.map((m) => ({ ...m, file: p.file })));

/** How many right answers sit at each option position: "position 1: 5 of 6 (l1-…, …)". */
function positions(list: readonly (Prediction & { file: string })[]): Map<number, string[]> {
  const by = new Map<number, string[]>();
  for (const p of list) by.set(p.answer, [...(by.get(p.answer) ?? []), p.id]);
  return by;
}

describe('quiz balance across the course', () => {
  it('reads every lesson and its questions', () => {
    expect(lessonFiles.length).toBeGreaterThanOrEqual(6);
    expect(predictions.length).toBeGreaterThanOrEqual(6);
    expect(myths.length).toBeGreaterThanOrEqual(6);
    // The collected questions are exactly the ones the contract records for progress.
    for (const page of pages) {
      expect(
        page.predictions.map((p) => p.id),
        page.file,
      ).toEqual(page.contract.predictions);
      expect(
        page.myths.map((m) => m.id),
        page.file,
      ).toEqual(page.contract.myths);
    }
  });

  it('no single option position holds more than half of the predictions’ right answers', () => {
    const by = positions(predictions);
    const report = [...by]
      .sort(([a], [b]) => a - b)
      .map(([at, ids]) => `position ${at}: ${ids.length} (${ids.join(', ')})`);
    for (const [at, ids] of by) {
      expect(
        ids.length,
        `the right answer is option ${at} in ${ids.length} of ${predictions.length} predictions. Vary where it sits:\n${report.join('\n')}`,
      ).toBeLessThanOrEqual(predictions.length / 2);
    }
    // Each prediction offers at least three options, so the balance is not a coin toss.
    for (const p of predictions) expect(p.options, `${p.file} ${p.id}`).toBeGreaterThanOrEqual(3);
  });

  it('at least a third of the myth statements are true facts, and at least a third are myths', () => {
    const facts = myths.filter((m) => m.answer);
    const share = `${facts.length} of ${myths.length} statements are true (${facts.map((m) => m.id).join(', ') || 'none'})`;
    expect(facts.length * 3, share).toBeGreaterThanOrEqual(myths.length);
    expect((myths.length - facts.length) * 3, share).toBeGreaterThanOrEqual(myths.length);
  });

  it('myth sections have neutral headings that do not say "myth" or "fact"', () => {
    for (const m of myths)
      expect(m.section, `${m.file} ${m.id}: heading "${m.section}"`).not.toMatch(
        /\b(myths?|facts?|busted|true|false)\b/i,
      );
  });

  it.each(lessonFiles)('%s: Quiz me has at least 3 questions', (file) => {
    const page = pages.find((p) => p.file === file) as Quizzes;
    const shown = new Set(
      arrange(page.contract.sections, 'quiz').map((i) => page.contract.sections[i]?.title),
    );
    const questions = [...page.predictions, ...page.myths].filter((q) => shown.has(q.section));
    expect(
      questions.length,
      `${file}: Quiz me shows ${questions.length} question(s); add predictions or myths until there are 3`,
    ).toBeGreaterThanOrEqual(3);
  });
});
