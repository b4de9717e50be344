/**
 * The course as pages see it: lessons in folder order, reference pages in `order`, and what
 * each page holds (sections, prediction and myth ids, lab) as recorded by the lesson contract.
 */
import { getCollection, render, type CollectionEntry } from 'astro:content';
import type { PageContract } from '../lesson-contract';

export type Lesson = CollectionEntry<'lessons'>;
export type ReferencePage = CollectionEntry<'reference'>;

export async function getLessons(): Promise<Lesson[]> {
  return (await getCollection('lessons')).sort((a, b) => a.id.localeCompare(b.id));
}

export async function getReferencePages(): Promise<ReferencePage[]> {
  return (await getCollection('reference')).sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}

/** "03-basic-logout-route" → 3. */
export function lessonNumber(lesson: Lesson): number {
  return Number(lesson.id.slice(0, 2));
}

export const lessonHref = (lesson: Lesson) => `/lessons/${lesson.id}/`;
export const referenceHref = (page: ReferencePage) => `/reference/${page.id}/`;
/** Progress key of a page: the lesson folder, or "reference/<slug>". */
export const referencePageId = (page: ReferencePage) => `reference/${page.id}`;

const emptyContract: PageContract = { sections: [], predictions: [], myths: [], lab: false };

export async function renderPage(entry: Lesson | ReferencePage) {
  const { Content, remarkPluginFrontmatter } = await render(entry);
  const contract = (remarkPluginFrontmatter['contract'] as PageContract | undefined) ?? emptyContract;
  return { Content, contract };
}
