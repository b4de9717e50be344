/**
 * The course as pages see it: lessons in course order (folder number, or `order`), reference pages in `order`, and what
 * each page holds (sections, prediction and myth ids, lab) as recorded by the lesson contract.
 */
import { getCollection, render, type CollectionEntry } from 'astro:content';
import type { PageContract } from '../lesson-contract';
import { folderNumber, sortLessons } from '../lesson-order';

export type Lesson = CollectionEntry<'lessons'>;
export type ReferencePage = CollectionEntry<'reference'>;

/** Position of each lesson as of the latest getLessons(); every page calls it before numbering. */
let positions = new Map<string, number>();

/** Lessons in course order: frontmatter `order` if given, else the folder number (see ../lesson-order). */
export async function getLessons(): Promise<Lesson[]> {
  const lessons = sortLessons(
    (await getCollection('lessons')).map((entry) => ({ entry, id: entry.id, order: entry.data.order })),
  ).map(({ entry }) => entry);
  positions = new Map(lessons.map((lesson, index) => [lesson.id, index + 1]));
  return lessons;
}

export async function getReferencePages(): Promise<ReferencePage[]> {
  return (await getCollection('reference')).sort(
    (a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id),
  );
}

/**
 * The step number learners see: the lesson's position in the course (1, 2, …), which equals the
 * folder number until a lesson is inserted with `order`. Falls back to the folder number.
 */
export function lessonNumber(lesson: Lesson): number {
  return positions.get(lesson.id) ?? folderNumber(lesson.id);
}

export const lessonHref = (lesson: Lesson) => `/lessons/${lesson.id}/`;
export const referenceHref = (page: ReferencePage) => `/reference/${page.id}/`;
/** Progress key of a page: the lesson folder, or "reference/<slug>". */
export const referencePageId = (page: ReferencePage) => `reference/${page.id}`;

const emptyContract: PageContract = { sections: [], predictions: [], myths: [], lab: false, sectionOf: {} };

export async function renderPage(entry: Lesson | ReferencePage) {
  const { Content, remarkPluginFrontmatter } = await render(entry);
  const contract = (remarkPluginFrontmatter['contract'] as PageContract | undefined) ?? emptyContract;
  return { Content, contract };
}
