/**
 * Astro's glob loader with friendly errors: frontmatter is checked by our own schema helper
 * before Astro's (which would print zod's raw issues), and after loading, the whole collection
 * is checked for collisions that no single file can see (duplicate numbers, slugs, orders).
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { glob } from 'astro/loaders';
import type { Loader } from 'astro/loaders';
import type { z } from 'astro/zod';
import { reportContentError } from '../dev-errors';
import { ContentError, parseFrontmatter } from '../friendly-errors';
import type { FieldHelp } from '../lesson-schema';

export interface ValidatedGlobOptions<S extends z.ZodType> {
  /** Glob pattern relative to `base`. */
  pattern: string;
  /** Folder, relative to the project root. */
  base: string;
  schema: S;
  fields: Record<string, FieldHelp>;
  /** Entry id from the matched path (default: the path without extension). */
  generateId?: (entry: string) => string;
  /** Cross-entry checks; each returned string is one problem. */
  checkAll?: (entries: { id: string; file: string; data: z.output<S> }[]) => string[];
}

export function validatedGlob<S extends z.ZodType>(options: ValidatedGlobOptions<S>): Loader {
  const { pattern, base, schema, fields, generateId, checkAll } = options;
  if (!pattern || !base) throw new Error('validatedGlob: `pattern` and `base` are required');
  const inner = glob({ pattern, base, ...(generateId && { generateId: ({ entry }) => generateId(entry) }) });
  return {
    name: 'validated-glob',
    load: async (context) => {
      const root = context.config.root.pathname;
      await inner.load({
        ...context,
        parseData: async (props) => {
          const absolutePath = resolve(root, props.filePath ?? props.id);
          try {
            parseFrontmatter(schema, props.data, {
              file: relative(root, absolutePath),
              fields,
              absolutePath,
            });
            reportContentError(absolutePath, undefined);
          } catch (error) {
            if (error instanceof ContentError && error.loc)
              error.loc.line = lineOfFirstField(absolutePath, error.message);
            // `astro dev` only logs a failed reload; the dev feedback integration shows it in the page.
            if (error instanceof Error) reportContentError(absolutePath, error);
            throw error;
          }
          return context.parseData(props);
        },
      });
      if (!checkAll) return;
      const entries = [...context.store.values()].map((entry) => ({
        id: entry.id,
        file: entry.filePath ?? entry.id,
        data: entry.data as z.output<S>,
      }));
      const problems = checkAll(entries);
      if (problems.length) {
        // Point Astro's "Location:" at the first file a problem names, not at this loader.
        const named = /\b(lessons\/[\w./-]+\.(?:mdx|json))\b/.exec(problems[0] ?? '')?.[1];
        throw new ContentError(
          problems.join('\n'),
          named ? { file: `${root}${named}`, line: 1, column: 1 } : undefined,
        );
      }
    },
  };
}

/** Line of the first field the message names (`**minutes**`), so editors jump to it. */
function lineOfFirstField(file: string, message: string): number {
  const field = /\*\*([^*]+)\*\*/.exec(message)?.[1];
  if (!field) return 1;
  try {
    const lines = readFileSync(file, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.startsWith(`${field}:`));
    return index >= 0 ? index + 1 : 1;
  } catch {
    return 1;
  }
}
