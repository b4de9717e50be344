import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './content/lesson-schema';

/** Lessons live outside src/ so instructors only ever touch lessons/. */
const lessons = defineCollection({
  loader: glob({ pattern: '*/index.mdx', base: './lessons' }),
  schema: lessonSchema,
});

export const collections = { lessons };
