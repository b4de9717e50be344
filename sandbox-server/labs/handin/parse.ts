/**
 * Reading hand-ins back (the CLI side): the zod schema with friendly errors, progress exports that
 * hold drafts, and the integrity check against the recorded SHA-256. Kept apart from ./index so
 * the page that exports a hand-in does not load zod.
 */
import { z } from 'zod';
import { HAND_IN_FORMAT, HAND_IN_VERSION, MAX_HAND_IN_BYTES, hashFiles, type HandIn } from '.';

const MAX_FILE_CHARS = 200_000;
const MAX_FILES = 20;

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
  lab: z.string().regex(/^\d{2}-[a-z0-9-]+$/, {
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
  if (result.success) return { ok: true, handIn: result.data as HandIn };
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
