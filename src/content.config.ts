import { defineCollection } from 'astro:content';
import { checkLessonFolders, checkReferencePages } from './content/friendly-errors';
import { lessonFields, lessonSchema, referenceFields, referenceSchema } from './content/lesson-schema';
import { validatedGlob } from './content/validated-glob';

/**
 * Lessons live outside src/ so instructors only ever touch lessons/. A lesson is a folder
 * `NN-slug/` holding `index.mdx`; its id is the folder name.
 */
const lessons = defineCollection({
  loader: validatedGlob({
    pattern: '[0-9][0-9]-*/index.mdx',
    base: './lessons',
    schema: lessonSchema,
    fields: lessonFields,
    generateId: (entry) => entry.split('/')[0] ?? entry,
    checkAll: checkLessonFolders,
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
    checkAll: (entries) => checkReferencePages(entries.map((e) => ({ id: e.id, file: e.file, order: e.data.order }))),
  }),
  schema: referenceSchema,
});

export const collections = { lessons, reference };
