/**
 * What the lesson components' prop schemas (src/components/lesson/*.schema.ts) are built from, and
 * the one helper that turns a schema's zod failures into the lesson contract's friendly errors
 * (Starlight's errors pattern). A schema says what is valid; each of its rules carries the sentence
 * an author reads when that rule fails ("has no question. Fix: add question=…"), so the rule and
 * its explanation sit side by side and a new component needs no change here.
 */
import { z } from 'astro/zod';
import { slugify } from '../../../sandbox-server/labs/slugify';

/** Props as the lesson contract reads them from the MDX (plain literals). */
export type Props = Record<string, unknown>;

/** A child of a component's MDX element, as far as a component's own checks look at it. */
export interface ChildNode {
  type: string;
  name?: string | null | undefined;
  lang?: string | null | undefined;
}

/** One use of a component in a lesson, for the checks that need more than its props. */
export interface ComponentUse {
  props: Props;
  /** The text between its tags, as the reader reads it. */
  text: string;
  children: readonly ChildNode[];
}

/** A prop schema: strict, so a misspelt prop is reported instead of silently dropped. */
export type PropsSchema = z.ZodObject<z.core.$ZodShape, z.core.$strict>;

/** How a prop value reads in a message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `${JSON.stringify(value)} (text)`;
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : String(value);
}

/**
 * A zod error option whose message is `message`, or what `message` makes of the failing value. The
 * failing value is the prop itself, or the list item or field that failed (`issue.input`).
 */
export function says(message: string | ((input: unknown, path: readonly PropertyKey[]) => string)) {
  return {
    error: (issue: { input?: unknown; path?: PropertyKey[] | undefined }) =>
      typeof message === 'string' ? message : message(issue.input, issue.path ?? []),
  };
}

/** Text the reader reads: a string with more than spaces in it. */
export function text(message: string) {
  return z.string(says(message)).trim().min(1, says(message));
}

export const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A kebab-case id; a bad one gets its slug as the fix, or `example` when it has none. */
export function kebabId(example: string, missing?: string) {
  const bad = (input: unknown) =>
    `id ${describe(input)} must be lowercase letters, digits and hyphens. Fix: write id="${slugify(String(input)) || example}"`;
  return z
    .string(says((input) => (input === undefined && missing ? missing : bad(input))))
    .regex(idPattern, says(bad));
}

/**
 * The id of a scored component (a prediction, a myth): it keys the learner's saved answer, so it
 * is required and unique across the course (the lesson contract checks that part).
 */
export function courseId(example: string) {
  return kebabId(
    example,
    `has no id. Fix: add id="${example}" (unique across the course; start it with the lesson number)`,
  );
}

/** Issues that no rule explains still name the prop, in zod's own words. */
function fallback(issue: z.core.$ZodRawIssue): string {
  const where = issue.path?.length ? issue.path.join('.') : 'the props';
  const said = z.config().localeError?.(issue);
  const message = (typeof said === 'string' ? said : said?.message) ?? 'invalid value';
  return `${where}: ${message.charAt(0).toLowerCase()}${message.slice(1)}. Fix: see the props in the component's schema`;
}

/**
 * Problems with one component's props under its schema, as friendly sentences, in the order an
 * author reads them: a leading `id` first (it names the component in every message), then unknown
 * props, then the others in the schema's field order. `checkedLater` names props whose problems
 * depend on the whole page and are explained there (a lab section's `needs`).
 */
export function propProblems(
  component: string,
  schema: PropsSchema,
  props: Props,
  checkedLater: readonly string[] = [],
): string[] {
  const result = schema.safeParse(props, { error: fallback });
  if (result.success) return [];
  const fields = Object.keys(schema.shape);
  const unknownRank = fields[0] === 'id' ? 0.5 : -1;
  const rank = (issue: z.core.$ZodIssue) =>
    issue.code === 'unrecognized_keys' ? unknownRank : fields.indexOf(String(issue.path[0]));
  const known = fields.length ? `props: ${fields.join(', ')}` : `<${component} /> takes no props`;
  const problems: string[] = [];
  // A stable sort: the issues of one prop keep zod's order (the list, then its items).
  for (const issue of [...result.error.issues].sort((a, b) => rank(a) - rank(b))) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
      problems.push(...issue.keys.map((name) => `unknown prop ${name}. Fix: remove it (${known})`));
    } else if (!checkedLater.includes(String(issue.path[0]))) {
      problems.push(issue.message);
    }
  }
  // One sentence once: every bad item of a list says the same about the list.
  return [...new Set(problems)];
}
