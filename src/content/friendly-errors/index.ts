/**
 * Friendly content errors, Starlight style: every message names the file, the field, what is
 * wrong and how to fix it, so an instructor can repair a lesson without reading a stack trace.
 * The build fails with these messages (see ../validated-glob), and unit tests pin them.
 */
import type { z } from 'astro/zod';
import { closest } from '../../../sandbox-server/labs/did-you-mean';
import type { FieldHelp } from '../lesson-schema';

/** An error an instructor caused and can fix; the message is the whole story. */
export class ContentError extends Error {
  override name = 'ContentError';
  /** Astro's error overlay and CLI print `loc.file` as the location instead of this module. */
  loc?: { file: string; line?: number; column?: number };

  constructor(message: string, loc?: { file: string; line?: number; column?: number }) {
    super(message);
    if (loc) this.loc = loc;
  }
}

type Issue = z.core.$ZodIssue;

const numberWords: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
};

const expectedNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'a set of key: value lines',
  boolean: 'true or false',
};

/** How a YAML value reads in a message: strings quoted, lists and mappings named. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (value instanceof Date) return `a date (${value.toISOString().slice(0, 10)})`;
  return 'a set of key: value lines';
}

/** A whole number the author probably meant ("five", "5 min", 2.5), or undefined. */
function meantWholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.max(1, Math.round(value));
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  const word = numberWords[text.split(/\s+/)[0] ?? ''];
  if (word !== undefined) return word;
  const digits = /^(\d+(?:\.\d+)?)/.exec(text);
  return digits ? Math.max(1, Math.round(Number(digits[1]))) : undefined;
}

/** A positive number the author probably meant ("3.5", "three"), decimals kept, or undefined. */
function meantNumber(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return meantWholeNumber(value);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One issue as "**field**: what is wrong. Fix: what to write". */
function explainIssue(issue: Issue, data: unknown, fields: Record<string, FieldHelp>): string[] {
  const [field, item] = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(fields);
    return issue.keys.map((key) => {
      const guess = closest(key, known);
      const fix = guess ? `rename it to ${guess}` : `remove it (known fields: ${known.join(', ')})`;
      return `**${key}**: is not a known field. Fix: ${fix}`;
    });
  }
  if (typeof field !== 'string') {
    return [
      `the frontmatter is ${describeValue(data)}, not a set of key: value lines. Fix: start the file with a --- block holding ${Object.keys(
        fields,
      )
        .filter((name) => !fields[name]?.optional)
        .join(', ')}`,
    ];
  }
  const help = fields[field] ?? { example: '…', hint: 'a valid value' };
  const label = typeof item === 'number' ? `**${field}** item ${item + 1}` : `**${field}**`;
  const value = valueAt(data, issue.path);
  const write = (example: string) => `Fix: write ${field}: ${example}`;

  if (value === undefined && item === undefined)
    return [`${label}: is missing. Fix: add ${field}: ${help.example}`];
  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectedNames[issue.expected] ?? issue.expected;
      let fix = write(help.example);
      if (issue.expected === 'number' || issue.expected === 'int') {
        const meant = help.decimal ? meantNumber(value) : meantWholeNumber(value);
        if (meant !== undefined) fix = write(String(meant));
      } else if (issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
        fix = `Fix: put the text in quotes: ${field}: "${String(value)}"`;
      }
      return [`${label}: expected ${expected}, received ${describeValue(value)}. ${fix}`];
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const sameWord = options.find(
        (o) => typeof value === 'string' && o.toLowerCase() === value.trim().toLowerCase(),
      );
      const fix = sameWord
        ? write(sameWord)
        : `Fix: write one of ${options.join(', ')}, e.g. ${field}: ${options[0] ?? help.example}`;
      return [`${label}: ${describeValue(value)} is not a valid ${field}. ${fix}`];
    }
    case 'too_small':
    case 'too_big': {
      const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const bound =
        issue.code === 'too_small'
          ? issue.inclusive
            ? 'at least'
            : 'more than'
          : issue.inclusive
            ? 'at most'
            : 'less than';
      if (issue.origin === 'string') {
        const length = typeof value === 'string' ? value.trim().length : 0;
        const size = issue.code === 'too_small' ? 'too short' : 'too long';
        return [
          `${label}: is ${size} (${plural(length, 'character')}; needs ${bound} ${limit}). Fix: write ${help.hint}`,
        ];
      }
      if (issue.origin === 'array') {
        const count = Array.isArray(value) ? value.length : 0;
        return [
          `${label}: has ${plural(count, 'item')}; needs ${bound} ${limit}. Fix: write ${help.hint}, e.g. ${field}: ${help.example}`,
        ];
      }
      return [
        `${label}: must be ${bound} ${limit}, received ${describeValue(value)}. ${write(help.example)}`,
      ];
    }
    default:
      return [
        `${label}: ${issue.message.toLowerCase()}. Fix: write ${help.hint}, e.g. ${field}: ${help.example}`,
      ];
  }
}

/** The whole error for one file: a single issue on one line, several as a list. */
export function formatFrontmatterError(
  file: string,
  issues: readonly Issue[],
  data: unknown,
  fields: Record<string, FieldHelp>,
): string {
  // One message per field: zod may report a bad list both as a whole and per item.
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const issue of issues) {
    const key = issue.code === 'unrecognized_keys' ? issue.keys.join() : String(issue.path[0] ?? '');
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(...explainIssue(issue, data, fields));
  }
  const body = lines.length === 1 ? ` ${lines[0]}` : `\n${lines.map((l) => `- ${l}`).join('\n')}`;
  return `Invalid frontmatter in ${file}:${body}`;
}

/** Validates frontmatter, throwing a ContentError that names the file, field and fix. */
export function parseFrontmatter<S extends z.ZodType>(
  schema: S,
  data: unknown,
  options: { file: string; fields: Record<string, FieldHelp>; absolutePath?: string },
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const message = formatFrontmatterError(options.file, result.error.issues, data, options.fields);
  throw new ContentError(message, { file: options.absolutePath ?? options.file, line: 1, column: 1 });
}

/** The part of a lesson folder name after its number: "03-basic-logout-route" → "basic-logout-route". */
export const lessonFolderPattern = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

function suggestFolder(id: string): string {
  const number = /^(\d{2})/.exec(id)?.[1] ?? '01';
  const words = id
    .slice(number.length)
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${number}-${words || 'lesson'}`;
}

/**
 * Problems across the lesson folders: badly named folders, and two lessons sharing a
 * number or a slug (both files named, so the author sees which two collide).
 */
export function checkLessonFolders(entries: readonly { id: string; file: string }[]): string[] {
  const problems: string[] = [];
  const byNumber = new Map<string, string>();
  const bySlug = new Map<string, string>();
  const sorted = [...entries].sort((a, b) => a.file.localeCompare(b.file));
  for (const { id, file } of sorted) {
    const match = lessonFolderPattern.exec(id);
    if (!match) {
      problems.push(
        `Invalid lesson folder name in ${file}: "${id}" must be two digits, a hyphen, then lowercase words joined by hyphens. Fix: rename the folder to ${suggestFolder(id)}`,
      );
      continue;
    }
    const [, number = '', slug = ''] = match;
    const sameNumber = byNumber.get(number);
    if (sameNumber) {
      problems.push(
        `Duplicate lesson number ${number}: ${sameNumber} and ${file} both use it. Fix: renumber one folder (the next free number is ${nextFree(entries)})`,
      );
    } else byNumber.set(number, file);
    const sameSlug = bySlug.get(slug);
    if (sameSlug) {
      problems.push(
        `Duplicate lesson slug "${slug}": ${sameSlug} and ${file} both use it. Fix: rename one folder so every lesson has its own slug`,
      );
    } else bySlug.set(slug, file);
  }
  return problems;
}

function nextFree(entries: readonly { id: string }[]): string {
  const used = new Set(entries.map((e) => e.id.slice(0, 2)));
  for (let n = 1; n < 100; n++) {
    const candidate = String(n).padStart(2, '0');
    if (!used.has(candidate)) return candidate;
  }
  return '99';
}

/** Reference pages: slugs must be URL-friendly and `order` values unique. */
export function checkReferencePages(
  entries: readonly { id: string; file: string; order: number }[],
): string[] {
  const problems: string[] = [];
  const byOrder = new Map<number, string>();
  for (const { id, file, order } of [...entries].sort((a, b) => a.file.localeCompare(b.file))) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) {
      problems.push(
        `Invalid reference file name ${file}: "${id}" must be lowercase words joined by hyphens. Fix: rename it to ${suggestFolder(`00${id}`).slice(3)}.mdx`,
      );
    }
    const same = byOrder.get(order);
    if (same) {
      problems.push(
        `Duplicate reference order ${order}: ${same} and ${file} both use it. Fix: give each page its own order`,
      );
    } else byOrder.set(order, file);
  }
  return problems;
}
