/**
 * The lab manifest (`lessons/NN-slug/lab/lab.json`): its schema, and the one place that turns
 * every problem with a lab (schema, missing files, unknown leaves) into a friendly message that
 * names the file, the field, what is wrong and how to fix it.
 *
 * Pure and web-standard: the browser validates in-memory labs with the same code the CLI uses.
 */
import { z } from 'zod';
import { closest } from '../did-you-mean';
import { slugify } from '../slugify';
import { CHECK_RANGE_TEXT, catalog, isCheckId } from '../../checks/catalog';
import type { CheckId } from '../../checks/types';
import { LEAF_PATHS, LEAF_ROUTES, routesOf } from '../../src/routes';
import { jsonErrorPlace } from '../json-text';

const ADVISORY = new Set(catalog.filter((check) => check.advisory).map((check) => check.id));
/** Checks that only one store can pass, from the catalog's own `store` (LO-04, LO-18 need records on the server). */
const STORE_ONLY = new Map(
  catalog.flatMap((check) => (check.store === undefined ? [] : [[check.id, check.store] as const])),
);
const STORE_TEXT = { cookie: 'a signed cookie, like Flask', server: 'records on the server' } as const;

/**
 * A valid value of each field, for the "Fix: write …" part of a message (`item`: one list item).
 * Every message ends with a Fix, as the frontmatter errors do (src/content/friendly-errors).
 */
const LAB_HELP: Record<string, { example: string; item?: string }> = {
  title: { example: '"Write the logout route"' },
  goal: { example: '"Make POST /logout forget the user but keep the theme."' },
  store: { example: '"cookie"' },
  editable: { example: '["routes/logout.ts"]', item: '"routes/logout.ts"' },
  readonly: { example: '["session/index.ts"]', item: '"session/index.ts"' },
  checks: { example: '["LO-05", "LO-08"]', item: '"LO-05"' },
  provided: { example: '["LO-02"]', item: '"LO-02"' },
  learnerRoutes: { example: '["GET /prefs", "POST /prefs"]', item: '"POST /prefs"' },
  mistakes: {
    example: '[{ "name": "session-clear", "title": "Calls session.clear()", "fails": ["LO-08"] }]',
    item: '{ "name": "session-clear", "title": "Calls session.clear()", "fails": ["LO-08"] }',
  },
  hints: {
    example:
      '["Only one key of the session says who is signed in.", "pop removes one key; clear removes them all."]',
    item: '"Only one key of the session says who is signed in."',
  },
  learnt: {
    example: '["Logout removes the user and keeps the theme."]',
    item: '"Logout removes the user and keeps the theme."',
  },
};

/** Hints are revealed one at a time, from a nudge to nearly the answer: more than three is a second lesson. */
export const MAX_HINTS = 3;
/** A hint is a few sentences a learner reads beside the editor, not a page. */
export const MAX_HINT_LENGTH = 400;
/** "What you learnt" items sit under a passed lab's summary: one short line each. */
export const MAX_LEARNT = 3;
export const MAX_LEARNT_LENGTH = 160;

/** A list's length is checked only on a list: a string's length would be reported as well as its type. */
const onList = { when: (payload: { value: unknown }) => Array.isArray(payload.value) };

/** One short text of a list (a hint, a learnt item): trimmed, not empty, at most `max` characters. */
function shortText(field: 'hints' | 'learnt', max: number, what: string) {
  return z
    .string()
    .trim()
    .min(1, {
      error: `is empty. Fix: write ${what}, e.g. ${LAB_HELP[field]?.item ?? '…'}, or remove the empty item`,
    })
    .max(max, {
      error: (issue) =>
        `is ${typeof issue.input === 'string' ? issue.input.trim().length : 'too many'} characters long (at most ${max}). Fix: shorten it to ${what}`,
    });
}
const MISTAKE_HELP: Record<string, { example: string; item?: string }> = {
  name: { example: '"session-clear"' },
  title: { example: '"Calls session.clear(), which also wipes the theme"' },
  fails: { example: '["LO-08"]', item: '"LO-08"' },
};

/** "lo-5", "LO5" or "au1" → "LO-05", "AU-01" when that is a real check. */
function meantCheck(value: string): CheckId | undefined {
  const match = /^\s*(lo|au)-?\s*(\d{1,2})\s*$/i.exec(value);
  const id =
    match === null ? undefined : `${(match[1] ?? '').toUpperCase()}-${(match[2] ?? '').padStart(2, '0')}`;
  return isCheckId(id) ? id : undefined;
}

const checkId = z
  .string()
  .refine(isCheckId, {
    error: (issue) => {
      const meant = typeof issue.input === 'string' ? meantCheck(issue.input) : undefined;
      const fix = meant
        ? `write "${meant}"`
        : `use one of ${CHECK_RANGE_TEXT} (the checks table in lessons/README.md)`;
      return `unknown check ${JSON.stringify(issue.input)}. Fix: ${fix}`;
    },
  })
  .transform((id) => id as CheckId);

const leafPath = z.string().refine((path) => LEAF_PATHS.includes(path), {
  error: (issue) => {
    // Compared by file name: the shared "routes/" and ".ts" would make any two paths look alike.
    const name = (path: string) => path.replace(/^.*\//, '').replace(/\.ts$/, '');
    const guess =
      typeof issue.input === 'string' ? closest(name(issue.input), LEAF_PATHS.map(name)) : undefined;
    const meant = LEAF_PATHS.find((path) => guess !== undefined && name(path) === guess);
    const fix = meant
      ? `write "${meant}" (editable files are ${LEAF_PATHS.join(', ')})`
      : `use one of ${LEAF_PATHS.join(', ')}`;
    return `the server has no editable file ${JSON.stringify(issue.input)}. Fix: ${fix}`;
  },
});

const mistakeSchema = z.strictObject({
  /** Folder name under `mistakes/` (kebab-case); also the mistake's id in reports. */
  name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    error: (issue) => {
      const name = slugify(String(issue.input)) || 'session-clear';
      return `mistake names are kebab-case folder names like "redirect-only", got ${JSON.stringify(issue.input)}. Fix: write "name": "${name}" and name its folder mistakes/${name}/`;
    },
  }),
  /** One line describing the mistake, shown to instructors in verification reports. */
  title: z
    .string()
    .trim()
    .min(1, {
      error: `is empty. Fix: write "title": ${MISTAKE_HELP['title']?.example}, one line saying what goes wrong`,
    }),
  /** Exactly the checks this mistake fails; every other check of the lab must pass. */
  fails: z.array(checkId).min(1, {
    error:
      'a mistake must name the checks it fails (at least one). Fix: list them, e.g. "fails": ["LO-08"]; npm run lab -- verify shows which checks it really fails',
  }),
});

export const labManifestSchema = z
  .strictObject({
    /** Short title of the exercise, shown above the editor. */
    title: z
      .string()
      .trim()
      .min(1, {
        error: `is empty. Fix: write "title": ${LAB_HELP['title']?.example}, a short title shown above the editor`,
      }),
    /** One sentence: what the learner must make true. */
    goal: z
      .string()
      .trim()
      .min(1, {
        error: `is empty. Fix: write "goal": ${LAB_HELP['goal']?.example}, one sentence saying what the learner must make true`,
      }),
    /** Which session store the lab's server runs on: Flask-like signed cookies, or server-side records. */
    store: z.enum(['cookie', 'server'], {
      error: (issue) => {
        if (issue.input === undefined) return undefined; // missing: worded with the other missing fields
        const same = ['cookie', 'server'].find(
          (store) => typeof issue.input === 'string' && store === issue.input.trim().toLowerCase(),
        );
        const fix = same
          ? `write "store": "${same}"`
          : `write "store": "cookie" (${STORE_TEXT.cookie}) or "store": "server" (${STORE_TEXT.server})`;
        return `store must be "cookie" or "server", got ${JSON.stringify(issue.input)}. Fix: ${fix}`;
      },
    }),
    /** Files the learner edits, as leaf paths the server composes (e.g. `routes/logout.ts`). */
    editable: z.array(leafPath).min(1, {
      error: 'is empty. Fix: list at least one editable file, e.g. "editable": ["routes/logout.ts"]',
    }),
    /** Files shown read-only beside the editor, relative to `sandbox-server/src/`. */
    readonly: z
      .array(
        z.string().regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.ts$/, {
          error: (issue) =>
            `read-only files are .ts paths relative to sandbox-server/src/, got ${JSON.stringify(issue.input)}. Fix: write a path such as "session/index.ts"`,
        }),
      )
      .default([]),
    /** The checks that grade this lab, from the catalog (LO-01 … LO-24, AU-01 … AU-02). */
    checks: z.array(checkId).min(1, {
      error: `is empty. Fix: list at least one check, e.g. "checks": ["LO-05"] (${CHECK_RANGE_TEXT})`,
    }),
    /**
     * Checks of this lab that no edit of the learner's files can fail, because the server handles
     * them (the UI shows them as "handled by the server in this lab"). Every other check must be
     * failed by at least one mistake; `lab verify` enforces it.
     */
    provided: z.array(checkId).default([]),
    /**
     * The routes the learner writes (`"METHOD /path"`), so check messages say "your POST /prefs"
     * rather than blaming the server. Default: every route of the editable files.
     */
    learnerRoutes: z
      .array(
        z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/, {
          error: (issue) =>
            `a route is a method and a path such as "POST /logout", got ${JSON.stringify(issue.input)}. Fix: write it like "POST /logout"`,
        }),
      )
      .optional(),
    /** Known wrong answers, each proven to fail exactly its `fails` checks. */
    mistakes: z.array(mistakeSchema).default([]),
    /**
     * Hints the learner reveals one at a time before reaching for the solution, ordered from a
     * nudge to nearly the answer. They never quote a line of the solution (`checkHints`).
     */
    hints: z
      .array(shortText('hints', MAX_HINT_LENGTH, 'a few sentences that point the way'))
      .min(1, {
        error: `is empty. Fix: write 1 to ${MAX_HINTS} hints, from a nudge to nearly the answer, or remove "hints"`,
        ...onList,
      })
      .max(MAX_HINTS, {
        error: (issue) =>
          `has ${(issue.input as unknown[]).length} hints (at most ${MAX_HINTS}). Fix: merge or drop some; the last one may come close to the answer`,
        ...onList,
      })
      .optional(),
    /** What the learner has learnt once every check passes, shown with the link to the next lesson. */
    learnt: z
      .array(shortText('learnt', MAX_LEARNT_LENGTH, 'one short line'))
      .min(1, {
        error: `is empty. Fix: write 1 to ${MAX_LEARNT} short lines saying what passing the lab shows, or remove "learnt"`,
        ...onList,
      })
      .max(MAX_LEARNT, {
        error: (issue) =>
          `has ${(issue.input as unknown[]).length} items (at most ${MAX_LEARNT}). Fix: keep the ${MAX_LEARNT} that matter most`,
        ...onList,
      })
      .optional(),
  })
  .superRefine((manifest, ctx) => {
    const seen = (values: readonly string[], field: string, fix: string) => {
      values.forEach((value, index) => {
        if (values.indexOf(value) !== index)
          ctx.addIssue({
            code: 'custom',
            path: [field, index],
            message: `${JSON.stringify(value)} is listed twice. Fix: ${fix}`,
          });
      });
    };
    seen(manifest.checks, 'checks', 'remove this one; list each check once');
    seen(manifest.provided, 'provided', 'remove this one; list each check once');
    seen(manifest.hints ?? [], 'hints', 'remove this one; each hint should take the learner a step further');
    seen(manifest.learnt ?? [], 'learnt', 'remove this one; list each thing learnt once');
    manifest.provided.forEach((id, index) => {
      if (isCheckId(id) && !manifest.checks.includes(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['provided', index],
          message: `${JSON.stringify(id)} is not one of this lab's checks. Fix: add it to "checks" or remove it here`,
        });
      }
    });
    const editableRoutes = routesOf(manifest.editable);
    (manifest.learnerRoutes ?? []).forEach((route, index) => {
      if (/^[A-Z]+ \//.test(route) && !editableRoutes.includes(route)) {
        const owners = Object.entries(LEAF_ROUTES)
          .filter(([, routes]) => routes.includes(route))
          .map(([path]) => path);
        const fix =
          owners.length > 0
            ? `add "${owners[0] ?? ''}" to "editable", or remove the route here`
            : `use one of ${editableRoutes.join(', ') || '(no routes: the editable files answer none)'}`;
        ctx.addIssue({
          code: 'custom',
          path: ['learnerRoutes', index],
          message: `${JSON.stringify(route)} is not answered by an editable file of this lab. Fix: ${fix}`,
        });
      }
    });
    // A check the store can never pass would make the solution fail whatever the author writes.
    manifest.checks.forEach((id, index) => {
      const needs = STORE_ONLY.get(id);
      if (needs === undefined || needs.only === manifest.store) return;
      ctx.addIssue({
        code: 'custom',
        path: ['checks', index],
        message: `${JSON.stringify(id)} can never pass with "store": "${manifest.store}": ${needs.why}. Fix: write "store": "${needs.only}" (${STORE_TEXT[needs.only]}), or remove ${JSON.stringify(id)} from "checks"`,
      });
    });
    seen(manifest.editable, 'editable', 'remove this one; list each file once');
    seen(
      manifest.mistakes.map((m) => m.name),
      'mistakes',
      'rename one; each mistake needs its own name (it is also its folder name)',
    );
    manifest.mistakes.forEach((mistake, m) => {
      mistake.fails.forEach((id, f) => {
        const path = ['mistakes', m, 'fails', f];
        if (!isCheckId(id)) return; // already reported as an unknown check
        if (!manifest.checks.includes(id)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `${JSON.stringify(id)} is not one of this lab's checks. Fix: add it to "checks" or remove it here`,
          });
        } else if (ADVISORY.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `${JSON.stringify(id)} is advisory and never fails, so a mistake cannot name it. Fix: remove it here`,
          });
        } else if (manifest.provided.includes(id)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `${JSON.stringify(id)} is listed in "provided" (the server handles it, so no learner edit can fail it), yet this mistake fails it. Fix: remove it from "provided" or from this mistake`,
          });
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
  const lines = issues.map((issue) =>
    issue.path.length === 0 ? issue.message : `**${formatPath(issue.path)}**: ${issue.message}`,
  );
  if (lines.length === 1) return `Invalid lab manifest in ${file}: ${lines[0] ?? ''}`;
  return `Invalid lab manifest in ${file}:\n${lines.map((line) => `- ${line}`).join('\n')}`;
}

/** `['mistakes', 0, 'fails', 1]` → `mistakes[0].fails[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) =>
      typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`,
    '',
  );
}

const FIELDS = Object.keys(labManifestSchema.shape);
const MISTAKE_FIELDS = Object.keys(mistakeSchema.shape);

/** Wording that depends on where the issue is (root object, a field, a list item, a mistake). */
function toLabIssues(issue: z.core.$ZodIssue): LabIssue[] {
  const inMistake = issue.path[0] === 'mistakes' && issue.path.length > 2;
  if (issue.code === 'invalid_type' && issue.path.length === 0) {
    return [
      {
        path: [],
        message: `the file must hold one JSON object with the fields ${FIELDS.join(', ')}, got ${describeValue(issue.input)}. Fix: start from the example under "Labs" in lessons/README.md`,
      },
    ];
  }
  if (issue.code === 'unrecognized_keys') {
    const allowed = issue.path.length === 0 ? FIELDS : MISTAKE_FIELDS;
    return issue.keys.map((key) => {
      const guess = closest(key, allowed);
      const fix = guess ? `rename it to "${guess}"` : `remove it (allowed fields: ${allowed.join(', ')})`;
      return { path: [...issue.path, key], message: `is not a known field. Fix: ${fix}` };
    });
  }
  if (
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
    issue.input === undefined &&
    typeof issue.path.at(-1) === 'string'
  ) {
    const field = String(issue.path.at(-1));
    const help = (inMistake ? MISTAKE_HELP : LAB_HELP)[field] ?? { example: '…' };
    const expected =
      issue.code === 'invalid_type'
        ? article(issue.expected)
        : issue.values.map((v) => JSON.stringify(v)).join(' or ');
    return [
      {
        path: issue.path,
        message: `required field is missing (expected ${expected}). Fix: add "${field}": ${help.example}`,
      },
    ];
  }
  if (issue.code === 'invalid_type') {
    // The field's own name, or for a list item the list's (checks[2] → checks).
    const index = issue.path.at(-1);
    const field = String(typeof index === 'number' ? issue.path.at(-2) : index);
    const help = (inMistake ? MISTAKE_HELP : LAB_HELP)[field] ?? { example: '…' };
    const expected = article(issue.expected);
    let fix = `write "${field}": ${help.example}`;
    if (typeof index === 'number') fix = `write each item like ${help.item ?? help.example}`;
    else if (issue.expected === 'array' && typeof issue.input === 'string')
      fix = `put it in a list: "${field}": [${JSON.stringify(issue.input)}]`;
    return [
      { path: issue.path, message: `expected ${expected}, got ${describeValue(issue.input)}. Fix: ${fix}` },
    ];
  }
  return [{ path: issue.path, message: issue.message }];
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
  // reportInput: the messages quote what was written, and need it once the path is known.
  const result = labManifestSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw new LabManifestError(file, result.error.issues.flatMap(toLabIssues));
}

/** Parses the text of lab.json, reporting JSON syntax errors with a line and column. */
export function parseLabManifestText(text: string, file: string): LabManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where = jsonErrorPlace(text, message);
    throw new LabManifestError(file, [
      {
        path: [],
        message: `the file is not valid JSON${where} (${message}). Fix: look just before that point for a missing or extra comma, or a missing quote`,
      },
    ]);
  }
  return parseLabManifest(json, file);
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
        issues.push({
          path: ['editable', index],
          message: `no ${kind} file. Fix: create ${labDir}/${kind}/${path}`,
        });
      }
    }
  });
  for (const kind of ['starter', 'solution'] as const) {
    for (const path of files[kind]) {
      if (!manifest.editable.includes(path)) {
        issues.push({
          path: ['editable'],
          message: `${labDir}/${kind}/${path} is not an editable file. Fix: add "${path}" to "editable" or delete the file`,
        });
      }
    }
  }
  manifest.mistakes.forEach((mistake, index) => {
    const held = files.mistakes[mistake.name];
    if (held === undefined || held.length === 0) {
      issues.push({
        path: ['mistakes', index, 'name'],
        message: `no files for this mistake. Fix: create ${labDir}/mistakes/${mistake.name}/${manifest.editable[0] ?? 'routes/…'} (the solution with the mistake in it)`,
      });
      return;
    }
    for (const path of held) {
      if (!manifest.editable.includes(path)) {
        issues.push({
          path: ['mistakes', index, 'name'],
          message: `${labDir}/mistakes/${mistake.name}/${path} is not an editable file. Fix: delete it; mistakes may only change ${manifest.editable.join(', ')}`,
        });
      }
    }
  });
  for (const name of Object.keys(files.mistakes)) {
    if (!manifest.mistakes.some((mistake) => mistake.name === name)) {
      issues.push({
        path: ['mistakes'],
        message: `the folder ${labDir}/mistakes/${name}/ has no entry. Fix: add { "name": "${name}", "title": …, "fails": […] } to "mistakes" or delete the folder`,
      });
    }
  }
  return issues;
}

/**
 * Read-only files that do not exist. `exists` gets the path relative to `sandbox-server/src/`; the
 * build checks the project it builds and `npm run lab` this repository, so each passes its own.
 */
export function checkReadonlyFiles(manifest: LabManifest, exists: (path: string) => boolean): LabIssue[] {
  return manifest.readonly.flatMap((path, index) =>
    exists(path)
      ? []
      : [
          {
            path: ['readonly', index],
            message: `sandbox-server/src/${path} does not exist. Fix: write a path relative to sandbox-server/src/, such as "session/index.ts", or remove it`,
          },
        ],
  );
}

/** The routes the learner writes in this lab (lives with the routes, so the lab host needs no schema). */
export { learnerRoutesOf } from '../../src/routes';

/** Shorter solution lines (`return next();`, `});`) say nothing a hint could give away. */
export const MIN_QUOTED_LENGTH = 16;

/** A line's code, whitespace collapsed, without a trailing comment and the `;` or `,` that ends it. */
function codeOf(line: string): string {
  return line
    .replace(/\s\/\/.*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[;,]$/, '');
}

/**
 * Hints that give the answer away: a hint points the way and the learner writes the code, so no
 * hint may contain a line of the solution word for word (code, not a comment, at least
 * MIN_QUOTED_LENGTH characters), unless the starter already shows that code (its TODOs often do).
 * `solution` and `starter` hold the files' text by editable path.
 */
export function checkHints(
  manifest: LabManifest,
  solution: Readonly<Record<string, string>>,
  starter: Readonly<Record<string, string>>,
): LabIssue[] {
  const shown = Object.values(starter)
    .map((text) => text.replace(/\s+/g, ' '))
    .join('\n');
  const issues: LabIssue[] = [];
  (manifest.hints ?? []).forEach((hint, index) => {
    const said = hint.replace(/\s+/g, ' ');
    for (const [path, text] of Object.entries(solution)) {
      const quoted = text.split('\n').findIndex((line) => {
        const code = codeOf(line);
        return (
          code.length >= MIN_QUOTED_LENGTH &&
          !/^(\/\/|\/\*|\*)/.test(code) &&
          said.includes(code) &&
          !shown.includes(code)
        );
      });
      if (quoted === -1) continue;
      issues.push({
        path: ['hints', index],
        message: `quotes line ${quoted + 1} of solution/${path} word for word (${JSON.stringify(codeOf(text.split('\n')[quoted] ?? ''))}). Fix: say what the line does, or name the method to call, and leave the writing to the learner`,
      });
      break;
    }
  });
  return issues;
}
