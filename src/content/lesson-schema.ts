import { z } from 'astro/zod';

export const levels = ['Foundation', 'Intermediate', 'Advanced', 'Expert'] as const;

/** Frontmatter of lessons/NN-slug/index.mdx. */
export const lessonSchema = z.object({
  /** Title shown in the page heading and the lesson list. */
  title: z.string().min(3),
  /** One sentence shown under the title and in the course overview. */
  summary: z.string().min(10),
  /** Difficulty band, in course order. */
  level: z.enum(levels),
  /** Estimated reading minutes, not counting the lab. */
  minutes: z.number().int().positive(),
});
export type LessonFrontmatter = z.infer<typeof lessonSchema>;
