/**
 * Hand-ins: the one JSON file a learner exports from the site ("Export my work" in the lab, and
 * the drafts inside the progress export) and an instructor grades with `npm run lab -- grade`.
 *
 * The browser and the CLI share this module, so both compute the files' SHA-256 the same way
 * (`canonicalFiles`). Pure and web-standard (`crypto.subtle`, no `node:`): sandbox-server must
 * not import src/, and the page must not load Node code.
 *
 * What the hash is for: it tells an instructor that the files were changed after the export (an
 * edit by hand with the old hash left in). It is not a signature: anyone can recompute it, so a
 * grade never rests on it. The grade comes from re-running the checks on the files, never from
 * the `claimed` result the page wrote, because learner code in the page's Worker can fake that.
 */
import { z } from 'zod';

export const HAND_IN_FORMAT = 'logout-lab-hand-in';
export const HAND_IN_VERSION = 1;
/** A hand-in larger than this is certainly not one (a lab has one or two small route files). */
export const MAX_HAND_IN_BYTES = 1024 * 1024;
const MAX_FILE_CHARS = 200_000;
const MAX_FILES = 20;

/** Editable path → source text. */
export type HandInFiles = Record<string, string>;

const filePath = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_.-]*)*\.ts$/i, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a lab file path (like "routes/logout.ts")`,
  })
  .refine((path) => !path.split('/').includes('..'), { error: 'a file path must not contain ".."' });

const handInSchema = z.strictObject({
  format: z.literal(HAND_IN_FORMAT, {
    error: `it is not a Logout Lab hand-in (no "format": "${HAND_IN_FORMAT}")`,
  }),
  version: z.literal(HAND_IN_VERSION, {
    error: (issue) =>
      typeof issue.input === 'number' && issue.input > HAND_IN_VERSION
        ? `it was exported by a newer version of the course (hand-in version ${issue.input}; this grader reads ${HAND_IN_VERSION})`
        : `it has no hand-in version this grader reads (expected ${HAND_IN_VERSION})`,
  }),
  /** The lesson folder the lab belongs to, e.g. `03-basic-logout-route`. */
  lab: z
    .string()
    .regex(/^\d{2}-[a-z0-9-]+$/, {
      error: 'the "lab" field must be a lesson folder name like "03-basic-logout-route"',
    }),
  files: z
    .record(
      filePath,
      z.string().max(MAX_FILE_CHARS, { error: `a file is longer than ${MAX_FILE_CHARS} characters` }),
    )
    .refine((files) => Object.keys(files).length > 0, { error: 'the hand-in holds no files' })
    .refine((files) => Object.keys(files).length <= MAX_FILES, {
      error: `the hand-in holds more than ${MAX_FILES} files`,
    }),
  /** ISO time of the export. */
  exportedAt: z.iso.datetime({ offset: true, error: '"exportedAt" must be an ISO date and time' }),
  /** The course's version (package.json) that exported it. */
  courseVersion: z.string().min(1).max(50),
  /** Lowercase hex SHA-256 of `canonicalFiles(files)`. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: '"sha256" must be 64 lowercase hex digits' }),
  /** What the page showed when the learner exported: for the report only, never for the grade. */
  claimed: z
    .strictObject({
      passed: z.int().min(0),
      total: z.int().min(0),
      at: z.iso.datetime({ offset: true }),
    })
    .optional(),
});

export type HandIn = z.infer<typeof handInSchema>;

/**
 * The text that is hashed: `[[path, source], …]` as JSON, sorted by path (code-unit order, the
 * same in every engine). JSON keeps the path/source boundary unambiguous, so no two different
 * sets of files share a text.
 */
export function canonicalFiles(files: HandInFiles): string {
  const paths = Object.keys(files).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(paths.map((path) => [path, files[path] ?? '']));
}

/** SHA-256 of `canonicalFiles(files)` in UTF-8, as 64 lowercase hex digits. */
export async function hashFiles(files: HandInFiles): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalFiles(files)));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface CreateHandInOptions {
  lab: string;
  files: HandInFiles;
  courseVersion: string;
  now?: Date;
  claimed?: { passed: number; total: number; at: string };
}

/** A hand-in for these files, hash included. */
export async function createHandIn(options: CreateHandInOptions): Promise<HandIn> {
  const handIn: HandIn = {
    format: HAND_IN_FORMAT,
    version: HAND_IN_VERSION,
    lab: options.lab,
    files: { ...options.files },
    exportedAt: (options.now ?? new Date()).toISOString(),
    courseVersion: options.courseVersion,
    sha256: await hashFiles(options.files),
  };
  if (options.claimed !== undefined) handIn.claimed = options.claimed;
  return handIn;
}

/** The file name the site downloads a hand-in as. */
export function handInFileName(handIn: Pick<HandIn, 'lab' | 'exportedAt'>): string {
  return `logout-lab-hand-in-${handIn.lab}-${handIn.exportedAt.slice(0, 10)}.json`;
}

export type HandInParse =
  { ok: true; handIn: HandIn; source: 'hand-in' | 'progress' } | { ok: false; message: string };

/**
 * Reads a hand-in, or the hand-in for `lab` inside a progress export (its `handIns` list).
 * Every problem is a sentence naming the field and the fix, never an exception.
 */
export function parseHandInText(text: string, lab?: string): HandInParse {
  if (text.length > MAX_HAND_IN_BYTES)
    return {
      ok: false,
      message: `it is larger than ${MAX_HAND_IN_BYTES / 1024} KB, which no hand-in is. Fix: export the work again from the lab.`,
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `it is not valid JSON (${(error as Error).message}). Fix: export the work again with "Export my work" in the lab; do not edit the file.`,
    };
  }
  const root =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  if (root?.['format'] === 'logout-lab-progress') {
    const list = Array.isArray(root['handIns']) ? root['handIns'] : [];
    const wanted = list.filter((entry) => (entry as { lab?: unknown } | null)?.lab === lab);
    if (lab === undefined || wanted.length === 0) {
      const labs = list
        .map((entry) => (entry as { lab?: unknown } | null)?.lab)
        .filter((id) => typeof id === 'string');
      return {
        ok: false,
        message: `it is a progress export without the drafts of lab ${lab ?? '(none named)'}${labs.length > 0 ? ` (it holds ${labs.join(', ')})` : ''}. Fix: open that lab, then export again.`,
      };
    }
    const parsed = validateHandIn(wanted[wanted.length - 1]);
    return parsed.ok
      ? { ...parsed, source: 'progress' }
      : { ok: false, message: `its drafts of lab ${lab}: ${parsed.message}` };
  }
  const parsed = validateHandIn(value);
  return parsed.ok ? { ...parsed, source: 'hand-in' } : parsed;
}

/** Validates a parsed value; the message names the first problem's field. */
export function validateHandIn(
  value: unknown,
): { ok: true; handIn: HandIn } | { ok: false; message: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      message:
        'it is not a Logout Lab hand-in (not a JSON object). Fix: export the work again with "Export my work" in the lab; do not edit the file.',
    };
  }
  const result = handInSchema.safeParse(value);
  if (result.success) return { ok: true, handIn: result.data };
  const [issue] = result.error.issues;
  const where = issue === undefined || issue.path.length === 0 ? '' : `${fieldPath(issue.path)}: `;
  const what =
    issue?.code === 'invalid_key'
      ? (issue.issues[0]?.message ?? 'a file path is not valid')
      : issue?.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`
        : issue?.code === 'invalid_type' && /received undefined$/.test(issue.message)
          ? 'is missing'
          : (issue?.message ?? 'it is not a hand-in');
  return {
    ok: false,
    message: `${where}${what}. Fix: export the work again with "Export my work" in the lab; do not edit the file.`,
  };
}

/** `files["routes/logout.ts"]`, `claimed.passed`: the field as a person would point at it. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) return index === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join('');
}

export type Integrity = { ok: true } | { ok: false; reason: string };

/**
 * Whether the files are the ones the hash was taken of. A mismatch means someone edited the
 * files after the export and left the old hash in.
 */
export async function checkIntegrity(handIn: HandIn): Promise<Integrity> {
  const actual = await hashFiles(handIn.files);
  if (actual === handIn.sha256) return { ok: true };
  return {
    ok: false,
    reason: `tampered: the files do not match the hand-in's SHA-256 (recorded ${handIn.sha256.slice(0, 12)}…, the files hash to ${actual.slice(0, 12)}…), so they were edited after the export`,
  };
}
