import { defineCollection } from 'astro:content';
import { checkLessonFolders, checkReferencePages } from './content/friendly-errors';
import { lessonFields, lessonSchema, referenceFields, referenceSchema } from './content/lesson-schema';
import { validatedGlob } from './content/validated-glob';
import { checkLessonOrder } from './content/lesson-order';
import { checkLabs } from './content/lab-check';

/**
 * Lessons live outside src/ so instructors only ever touch lessons/. A lesson is a folder
 * `NN-slug/` holding `index.mdx`; its id is the folder name (URL and progress key), and its
 * position is the folder number or the frontmatter `order` (see content/lesson-order).
 */
const lessons = defineCollection({
  loader: validatedGlob({
    pattern: '[0-9][0-9]-*/index.mdx',
    base: './lessons',
    schema: lessonSchema,
    fields: lessonFields,
    generateId: (entry) => entry.split('/')[0] ?? entry,
    // Across lessons: folder names, duplicate numbers/slugs, duplicate positions, and every lab
    // folder (a broken lab.json fails the build here, before any page renders).
    checkAll: (entries) => [
      ...checkLessonFolders(entries),
      ...checkLessonOrder(entries.map((e) => ({ id: e.id, file: e.file, order: e.data.order }))),
      ...checkLabs(entries.map((e) => e.id)),
    ],
  }),
  schema: lessonSchema,
});

/** Reference pages (under the hood, expert zone, pitfalls, …): `lessons/reference/<slug>.mdx`. */
const reference = defineCollection({
  loader: validatedGlob({
    pattern: '*.mdx',
    base: './lessons/reference',
    schema: referenceSchema,
    fields: referenceFields,
    generateId: (entry) => entry.replace(/\.mdx$/, ''),
    checkAll: (entries) =>
      checkReferencePages(entries.map((e) => ({ id: e.id, file: e.file, order: e.data.order }))),
  }),
  schema: referenceSchema,
});

export const collections = { lessons, reference };
