import { z } from 'astro/zod';

/** Difficulty bands, in course order. */
export const levels = ['Foundation', 'Intermediate', 'Advanced', 'Expert'] as const;
export type Level = (typeof levels)[number];

/** A `deeper` item: `under-the-hood#deleting-a-cookie-so-it-really-goes`. */
export const deepLinkPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*#[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Frontmatter of `lessons/NN-slug/index.mdx`. Strict: an unknown key is usually a typo
 * (`minute:`), and the friendly error suggests the field it resembles.
 */
export const lessonSchema = z.strictObject({
  /** Title shown in the page heading, the lesson list and the browser tab. */
  title: z.string().trim().min(3),
  /** One sentence shown under the title and in the course overview. */
  summary: z.string().trim().min(10),
  /** Difficulty band: Foundation, Intermediate, Advanced or Expert. */
  level: z.enum(levels),
  /** Estimated reading minutes as a whole number, not counting the lab. */
  minutes: z.number().int().positive(),
  /** What the learner can do afterwards: 2 to 5 short phrases, shown at the top of the lesson. */
  objectives: z.array(z.string().trim().min(3)).min(2).max(5),
  /**
   * Optional position in the course; without it the folder number is the position. Lets a lesson
   * be inserted between two others (`order: 3.5`) without renaming folders, which would change
   * their URLs and orphan saved progress (both are keyed by the folder name).
   */
  order: z.number().positive().optional(),
  /**
   * Optional: the reference-page sections that continue this lesson, listed as "Go deeper" links
   * in the Expert mode, each `<reference page>#<section id>`. The build checks that every one exists
   * (src/modes/deep-links); without the field, Expert mode links the expert reference pages whole.
   */
  deeper: z
    .array(
      z
        .string()
        .trim()
        .regex(deepLinkPattern, { error: 'must be a reference page and one of its section ids joined by #' }),
    )
    .min(1)
    .max(12)
    .optional(),
});
export type LessonFrontmatter = z.infer<typeof lessonSchema>;

/** Frontmatter of `lessons/reference/<slug>.mdx` (under the hood, expert zone, pitfalls, …). */
export const referenceSchema = z.strictObject({
  /** Title shown in the page heading and the reference list. */
  title: z.string().trim().min(3),
  /** One sentence shown under the title and on the home page. */
  summary: z.string().trim().min(10),
  /** Position in the reference list, smallest first; unique across reference pages. */
  order: z.number().int().nonnegative(),
});
export type ReferenceFrontmatter = z.infer<typeof referenceSchema>;

/**
 * How to explain each field when it is wrong: `example` is a valid YAML value used in the
 * "Fix:" part of an error, `hint` says what a good value looks like in words.
 */
export interface FieldHelp {
  example: string;
  hint: string;
  /** The field takes any number, so a fix keeps decimals instead of rounding (`order: 3.5`). */
  decimal?: boolean;
  /** May be left out: not listed among the fields a new frontmatter block must hold. */
  optional?: boolean;
}

export const lessonFields: Record<keyof LessonFrontmatter, FieldHelp> = {
  title: { example: 'A basic logout route', hint: 'a short title of at least 3 characters' },
  summary: {
    example: 'Write a POST route that ends the session and sends the learner home.',
    hint: 'one full sentence of at least 10 characters',
  },
  level: { example: 'Foundation', hint: `one of ${levels.join(', ')}` },
  minutes: { example: '5', hint: 'a whole number of reading minutes, such as 5' },
  objectives: {
    example: '["Explain what logout must change on the server", "Write a POST logout route"]',
    hint: 'a YAML list of 2 to 5 short phrases',
  },
  order: {
    example: '3.5',
    hint: 'a number above 0 that places the lesson in the course (3.5 sits between lessons 3 and 4); leave it out to use the folder number',
    decimal: true,
    optional: true,
  },
  deeper: {
    example: '["under-the-hood#deleting-a-cookie-so-it-really-goes", "expert-zone#hono-details-that-bite"]',
    hint: "a YAML list of reference sections, each written page#section-id: the file name in lessons/reference/, a #, and the id in the section's # link",
    optional: true,
  },
};

export const referenceFields: Record<keyof ReferenceFrontmatter, FieldHelp> = {
  title: lessonFields.title,
  summary: lessonFields.summary,
  order: { example: '1', hint: 'a whole number (0 or more) that places the page in the reference list' },
};
