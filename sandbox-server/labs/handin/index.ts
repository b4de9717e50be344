/**
 * Hand-ins: the one JSON file a learner exports from the site ("Export my work" in the lab, and
 * the drafts inside the progress export) and an instructor grades with `npm run lab -- grade`.
 *
 * The browser and the CLI share this module (validation, with zod, is in ./parse for the CLI), so both compute the files' SHA-256 the same way
 * (`canonicalFiles`). Pure and web-standard (`crypto.subtle`, no `node:`): sandbox-server must
 * not import src/, and the page must not load Node code.
 *
 * What the hash is for: it tells an instructor that the files were changed after the export (an
 * edit by hand with the old hash left in). It is not a signature: anyone can recompute it, so a
 * grade never rests on it. The grade comes from re-running the checks on the files, never from
 * the `claimed` result the page wrote, because learner code in the page's Worker can fake that.
 */
export const HAND_IN_FORMAT = 'logout-lab-hand-in';
export const HAND_IN_VERSION = 1;
/** A hand-in larger than this is certainly not one (a lab has one or two small route files). */
export const MAX_HAND_IN_BYTES = 1024 * 1024;

/** Editable path → source text. */
export type HandInFiles = Record<string, string>;

export interface HandIn {
  format: typeof HAND_IN_FORMAT;
  version: typeof HAND_IN_VERSION;
  /** The lesson folder the lab belongs to, e.g. `03-basic-logout-route`. */
  lab: string;
  files: HandInFiles;
  /** ISO time of the export. */
  exportedAt: string;
  /** The course's version (package.json) that exported it. */
  courseVersion: string;
  /** Lowercase hex SHA-256 of `canonicalFiles(files)`. */
  sha256: string;
  /** What the page showed when the learner exported: for the report only, never for the grade. */
  claimed?: { passed: number; total: number; at: string };
}

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
