/**
 * The lab manifest (`lessons/NN-slug/lab/lab.json`): its schema, and the one place that turns
 * every problem with a lab (schema, missing files, unknown leaves) into a friendly message that
 * names the file, the field, what is wrong and how to fix it.
 *
 * Pure and web-standard: the browser validates in-memory labs with the same code the CLI uses.
 */
import { z } from 'zod';
import { FIRST_CHECK, LAST_CHECK, catalog, isCheckId } from '../../checks/catalog';
import type { CheckId } from '../../checks/types';
import { LEAF_PATHS } from '../../src/routes';

const RANGE = `use ${FIRST_CHECK} … ${LAST_CHECK}`;
const ADVISORY = new Set(catalog.filter((check) => check.advisory).map((check) => check.id));

const checkId = z
  .string()
  .refine(isCheckId, { error: (issue) => `unknown check ${JSON.stringify(issue.input)}; ${RANGE}` })
  .transform((id) => id as CheckId);

const leafPath = z.string().refine((path) => LEAF_PATHS.includes(path), {
  error: (issue) =>
    `the server has no editable file ${JSON.stringify(issue.input)}; editable files are ${LEAF_PATHS.join(', ')}`,
});

const mistakeSchema = z.strictObject({
  /** Folder name under `mistakes/` (kebab-case); also the mistake's id in reports. */
  name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    error: (issue) => `mistake names are kebab-case folder names like "redirect-only", got ${JSON.stringify(issue.input)}`,
  }),
  /** One line describing the mistake, shown to instructors in verification reports. */
  title: z.string().trim().min(1, { error: 'give the mistake a one-line title' }),
  /** Exactly the checks this mistake fails; every other check of the lab must pass. */
  fails: z.array(checkId).min(1, { error: 'a mistake must name the checks it fails (at least one)' }),
});

export const labManifestSchema = z
  .strictObject({
    /** Short title of the exercise, shown above the editor. */
    title: z.string().trim().min(1, { error: 'give the lab a title' }),
    /** One sentence: what the learner must make true. */
    goal: z.string().trim().min(1, { error: 'say in one sentence what the learner must make true' }),
    /** Which session store the lab's server runs on: Flask-like signed cookies, or server-side records. */
    store: z.enum(['cookie', 'server'], { error: 'store must be "cookie" or "server"' }),
    /** Files the learner edits, as leaf paths the server composes (e.g. `routes/logout.ts`). */
    editable: z.array(leafPath).min(1, { error: 'list at least one editable file, e.g. "routes/logout.ts"' }),
    /** Files shown read-only beside the editor, relative to `sandbox-server/src/`. */
    readonly: z
      .array(
        z.string().regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.ts$/, {
          error: (issue) => `read-only files are .ts paths relative to sandbox-server/src/, got ${JSON.stringify(issue.input)}`,
        }),
      )
      .default([]),
    /** The checks that grade this lab, from the LO-01 … LO-24 catalog. */
    checks: z.array(checkId).min(1, { error: `list at least one check; ${RANGE}` }),
    /** Known wrong answers, each proven to fail exactly its `fails` checks. */
    mistakes: z.array(mistakeSchema).default([]),
  })
  .superRefine((manifest, ctx) => {
    const seen = (values: readonly string[], field: string, what: string) => {
      values.forEach((value, index) => {
        if (values.indexOf(value) !== index) ctx.addIssue({ code: 'custom', path: [field, index], message: `${JSON.stringify(value)} is listed twice; ${what}` });
      });
    };
    seen(manifest.checks, 'checks', 'list each check once');
    seen(manifest.editable, 'editable', 'list each file once');
    seen(
      manifest.mistakes.map((m) => m.name),
      'mistakes',
      'each mistake needs its own name (it is also its folder name)',
    );
    manifest.mistakes.forEach((mistake, m) => {
      mistake.fails.forEach((id, f) => {
        const path = ['mistakes', m, 'fails', f];
        if (!isCheckId(id)) return; // already reported as an unknown check
        if (!manifest.checks.includes(id)) {
          ctx.addIssue({ code: 'custom', path, message: `${JSON.stringify(id)} is not one of this lab's checks; add it to "checks" or remove it here` });
        } else if (ADVISORY.has(id)) {
          ctx.addIssue({ code: 'custom', path, message: `${JSON.stringify(id)} is advisory and never fails; a mistake cannot name it` });
        }
      });
    });
  });

export type LabManifest = z.output<typeof labManifestSchema>;
export type Mistake = LabManifest['mistakes'][number];

/** One problem with a lab: where (a path of field names and indexes) and what, in plain words. */
export interface LabIssue {
  path: readonly PropertyKey[];
  message: string;
}

export class LabManifestError extends Error {
  override name = 'LabManifestError';
  readonly file: string;
  readonly issues: readonly LabIssue[];

  constructor(file: string, issues: readonly LabIssue[]) {
    super(formatLabIssues(file, issues));
    this.file = file;
    this.issues = issues;
  }
}

/**
 * THE helper: every lab problem becomes `Invalid lab manifest in <file>: **<field>**: <message>`
 * (one issue) or a list of such lines (several), Starlight style.
 */
export function formatLabIssues(file: string, issues: readonly LabIssue[]): string {
  const lines = issues.map((issue) => (issue.path.length === 0 ? issue.message : `**${formatPath(issue.path)}**: ${issue.message}`));
  if (lines.length === 1) return `Invalid lab manifest in ${file}: ${lines[0] ?? ''}`;
  return `Invalid lab manifest in ${file}:\n${lines.map((line) => `- ${line}`).join('\n')}`;
}

/** `['mistakes', 0, 'fails', 1]` → `mistakes[0].fails[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

const FIELDS = Object.keys(labManifestSchema.shape);

/** Friendly wording for zod's built-in type issues (the path is not known yet at this point). */
const friendly: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return `required field is missing (expected ${article(issue.expected)})`;
  return `expected ${article(issue.expected)}, got ${describeValue(issue.input)}`;
};

/** Wording that depends on where the issue is (root object or a mistake). */
function toLabIssue(issue: z.core.$ZodIssue): LabIssue {
  const root = issue.path.length === 0;
  if (issue.code === 'invalid_type' && root) {
    return { path: [], message: `the file must hold one JSON object with the fields ${FIELDS.join(', ')}` };
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
    const allowed = root ? FIELDS.join(', ') : Object.keys(mistakeSchema.shape).join(', ');
    return { path: issue.path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}; allowed fields are ${allowed}` };
  }
  return { path: issue.path, message: issue.message };
}

function article(type: string): string {
  return type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** Validates parsed JSON; throws `LabManifestError` listing every problem at once. */
export function parseLabManifest(input: unknown, file: string): LabManifest {
  const result = labManifestSchema.safeParse(input, { error: friendly });
  if (result.success) return result.data;
  throw new LabManifestError(
    file,
    result.error.issues.map(toLabIssue),
  );
}

/** Parses the text of lab.json, reporting JSON syntax errors with a line and column. */
export function parseLabManifestText(text: string, file: string): LabManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position === undefined ? '' : ` at ${lineColumn(text, Number(position))}`;
    throw new LabManifestError(file, [{ path: [], message: `the file is not valid JSON${where} (${message}); check for a missing comma or quote` }]);
  }
  return parseLabManifest(json, file);
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Which files a lab folder holds, relative to `starter/`, `solution/` and `mistakes/<name>/`. */
export interface LabFileIndex {
  starter: readonly string[];
  solution: readonly string[];
  mistakes: Readonly<Record<string, readonly string[]>>;
}

/**
 * Checks that the files match the manifest: a starter and a solution copy of every editable file,
 * a folder for every mistake holding only editable files, and no stray mistake folders.
 * `labDir` is used in messages so they name the exact file to create.
 */
export function checkLabFiles(manifest: LabManifest, files: LabFileIndex, labDir: string): LabIssue[] {
  const issues: LabIssue[] = [];
  manifest.editable.forEach((path, index) => {
    for (const kind of ['starter', 'solution'] as const) {
      if (!files[kind].includes(path)) {
        issues.push({ path: ['editable', index], message: `no ${kind} file; create ${labDir}/${kind}/${path}` });
      }
    }
  });
  for (const kind of ['starter', 'solution'] as const) {
    for (const path of files[kind]) {
      if (!manifest.editable.includes(path)) {
        issues.push({ path: ['editable'], message: `${labDir}/${kind}/${path} is not an editable file; add "${path}" to "editable" or delete the file` });
      }
    }
  }
  manifest.mistakes.forEach((mistake, index) => {
    const held = files.mistakes[mistake.name];
    if (held === undefined || held.length === 0) {
      issues.push({ path: ['mistakes', index, 'name'], message: `no files for this mistake; create ${labDir}/mistakes/${mistake.name}/${manifest.editable[0] ?? 'routes/…'}` });
      return;
    }
    for (const path of held) {
      if (!manifest.editable.includes(path)) {
        issues.push({ path: ['mistakes', index, 'name'], message: `${labDir}/mistakes/${mistake.name}/${path} is not an editable file; mistakes may only change ${manifest.editable.join(', ')}` });
      }
    }
  });
  for (const name of Object.keys(files.mistakes)) {
    if (!manifest.mistakes.some((mistake) => mistake.name === name)) {
      issues.push({ path: ['mistakes'], message: `the folder ${labDir}/mistakes/${name}/ has no entry; add { "name": "${name}", "title": …, "fails": […] } or delete the folder` });
    }
  }
  return issues;
}
