/**
 * Finds a class's submissions in one folder, for `npm run lab -- grade`. Node only (node:fs).
 *
 * Three layouts, told apart entry by entry so a folder may mix them:
 * - one sub-folder per student, holding the lab's editable files at their lab paths
 *   (`alice/routes/logout.ts`) or by file name (`alice/logout.ts`);
 * - a GitHub Classroom clone: each student's repository holds the files at the lab's paths, maybe
 *   nested (`logout-lab-alice/lab/routes/logout.ts`), and the classroom assistant may wrap them
 *   all in `<assignment>-submissions/` (then `<assignment>-` is dropped from the names);
 * - hand-in files exported from the site (`alice.json`, or a progress export holding the drafts).
 *
 * Nothing here throws for a student's mistake: a missing file, two candidates for one file or a
 * hand-in that does not validate becomes that submission's `problem`, and the run goes on.
 */
import { existsSync } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { MAX_HAND_IN_BYTES, type HandIn } from '../handin';
import { checkIntegrity, parseHandInText } from '../handin/parse';
import { LabInputError } from '../load';
import type { Lab, LabFiles } from '../verify';

export type SubmissionKind = 'folder' | 'classroom' | 'hand-in';

export interface HandInInfo {
  exportedAt: string;
  courseVersion: string;
  /** What the page showed at export time (never used for the grade). */
  claimed?: HandIn['claimed'];
  /** Set when the files do not match the recorded SHA-256. */
  tampered?: string;
  /** `progress` when the drafts came out of a progress export. */
  from: 'hand-in' | 'progress';
}

export interface Submission {
  student: string;
  kind: SubmissionKind;
  /** The folder or file, relative to the submissions folder. */
  source: string;
  /** The editable files, when every one was found. */
  files?: LabFiles;
  /** Editable path → the file it was read from (relative to the submissions folder). */
  origins: Record<string, string>;
  /** Why this submission cannot be graded (a missing or ambiguous file, an invalid hand-in). */
  problem?: string;
  handIn?: HandInInfo;
}

export interface FoundSubmissions {
  /** The folder the students are in (the given one, or the Classroom wrapper inside it). */
  root: string;
  layout: 'folders' | 'classroom' | 'hand-ins' | 'mixed';
  submissions: Submission[];
}

/** Folders never searched for a student's files. */
const SKIP = new Set(['node_modules', '.git', '.github', 'dist', '.astro']);
/** Bounds on a student's folder: a clone of a whole project must not make the walk endless. */
const MAX_DEPTH = 8;
const MAX_ENTRIES = 20_000;
/** A student's source file larger than this is not a lab file. */
const MAX_SOURCE_BYTES = 200_000;

export async function findSubmissions(dir: string, lab: Lab): Promise<FoundSubmissions> {
  let root = resolve(dir);
  if (!existsSync(root) || !(await lstat(root)).isDirectory()) {
    throw new LabInputError(
      `The submissions folder ${dir} does not exist: pass --submissions with a folder holding one sub-folder (or hand-in .json file) per student.`,
    );
  }
  let prefix = '';
  let wrapped = false;
  // The classroom assistant's `<assignment>-submissions/` wrapper: one folder holding the repos.
  const top = await visible(root);
  const only = top.length === 1 ? top[0] : undefined;
  if (only?.isDirectory() === true && !(await holdsLabFilesAtTop(join(root, only.name), lab))) {
    const inner = (await visible(join(root, only.name))).filter((entry) => entry.isDirectory());
    const students = await Promise.all(
      inner.map(
        async (entry) => (await findFiles(join(root, only.name, entry.name), lab)).files !== undefined,
      ),
    );
    if (only.name.endsWith('-submissions') || students.filter(Boolean).length >= 2) {
      wrapped = true;
      if (only.name.endsWith('-submissions')) prefix = `${only.name.slice(0, -'-submissions'.length)}-`;
      root = join(root, only.name);
    }
  }

  const submissions: Submission[] = [];
  for (const entry of await visible(root)) {
    const path = join(root, entry.name);
    if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) {
      submissions.push(await readHandIn(path, entry.name, lab));
    } else if (entry.isDirectory()) {
      const found = await findFiles(path, lab);
      // Files deeper than their lab path (or their bare name) at the top: a repository's layout.
      const nested = Object.entries(found.origins).some(
        ([file, origin]) => origin !== file && origin !== basename(file),
      );
      const student =
        prefix !== '' && entry.name.startsWith(prefix) && entry.name.length > prefix.length
          ? entry.name.slice(prefix.length)
          : entry.name;
      const submission: Submission = {
        student,
        kind: wrapped || nested ? 'classroom' : 'folder',
        source: `${entry.name}/`,
        origins: Object.fromEntries(
          Object.entries(found.origins).map(([file, origin]) => [file, `${entry.name}/${origin}`]),
        ),
      };
      if (found.files !== undefined) submission.files = found.files;
      if (found.problem !== undefined) submission.problem = found.problem;
      submissions.push(submission);
    }
    // Anything else (a README, a grades sheet from last time) is not a submission.
  }
  if (submissions.length === 0) {
    throw new LabInputError(
      `${dir} holds no submissions: put one sub-folder (with ${lab.manifest.editable.join(', ')}) or one hand-in .json file per student in it.`,
    );
  }
  submissions.sort(
    (a, b) =>
      a.student.localeCompare(b.student, 'en', { sensitivity: 'base' }) || a.source.localeCompare(b.source),
  );
  const kinds = new Set(submissions.map((s) => s.kind));
  const layout =
    kinds.size > 1
      ? 'mixed'
      : kinds.has('hand-in')
        ? 'hand-ins'
        : kinds.has('classroom')
          ? 'classroom'
          : 'folders';
  return { root: relative(process.cwd(), root) || '.', layout, submissions };
}

/** Directory entries without dot-files (`.DS_Store`, `.git`). */
async function visible(dir: string) {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Whether `dir` is itself a student's folder (its files at the lab paths or by name, at the top). */
async function holdsLabFilesAtTop(dir: string, lab: Lab): Promise<boolean> {
  return lab.manifest.editable.some(
    (path) => existsSync(join(dir, path)) || existsSync(join(dir, basename(path))),
  );
}

interface Found {
  files?: LabFiles;
  origins: Record<string, string>;
  problem?: string;
}

/**
 * Each editable file in a student's folder: the shallowest file whose path ends with the lab
 * path (`…/routes/logout.ts`), else the shallowest with its name (`…/logout.ts`). Two different
 * files at that same depth are ambiguous: the student's submission names both.
 */
async function findFiles(dir: string, lab: Lab): Promise<Found> {
  const all = await walk(dir);
  const origins: Record<string, string> = {};
  const files: LabFiles = {};
  const problems: string[] = [];
  for (const path of lab.manifest.editable) {
    const byPath = all.filter((file) => file === path || file.endsWith(`/${path}`));
    const byName = all.filter((file) => basename(file) === basename(path));
    const candidates = byPath.length > 0 ? byPath : byName;
    if (candidates.length === 0) {
      problems.push(`missing file ${path} (no ${path} or ${basename(path)} anywhere in the folder)`);
      continue;
    }
    const depth = Math.min(...candidates.map((file) => file.split('/').length));
    const shallowest = candidates.filter((file) => file.split('/').length === depth);
    if (shallowest.length > 1) {
      problems.push(`${shallowest.length} candidates for ${path} (${shallowest.join(', ')}); keep one`);
      continue;
    }
    const file = shallowest[0]!;
    const info = await lstat(join(dir, file));
    if (info.size > MAX_SOURCE_BYTES) {
      problems.push(
        `${file} is ${Math.round(info.size / 1024)} KB, more than a lab file can be (${MAX_SOURCE_BYTES / 1000} KB)`,
      );
      continue;
    }
    origins[path] = file;
    files[path] = await readFile(join(dir, file), 'utf8');
  }
  if (problems.length > 0) return { origins, problem: `${problems.join('; ')}.` };
  return { files, origins };
}

/** Regular files under `dir` as `a/b.ts`; symbolic links are not followed (they could point anywhere). */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  let seen = 0;
  const visit = async (prefix: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
      if (++seen > MAX_ENTRIES) return;
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory() && !SKIP.has(entry.name) && !entry.name.startsWith('.'))
        await visit(path, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(path);
    }
  };
  await visit('', 0);
  return out.map((path) => path.split(sep).join('/'));
}

async function readHandIn(path: string, name: string, lab: Lab): Promise<Submission> {
  const student = name.replace(/\.json$/i, '').replace(/^logout-lab-hand-in-/, '');
  const submission: Submission = { student, kind: 'hand-in', source: name, origins: {} };
  const info = await lstat(path);
  if (info.size > MAX_HAND_IN_BYTES)
    return {
      ...submission,
      problem: `hand-in ${name} is ${Math.round(info.size / 1024)} KB, larger than any hand-in; export the work again from the lab.`,
    };
  const parsed = parseHandInText(await readFile(path, 'utf8'), lab.slug);
  if (!parsed.ok) return { ...submission, problem: `hand-in ${name}: ${parsed.message}` };
  const { handIn } = parsed;
  if (handIn.lab !== lab.slug)
    return {
      ...submission,
      problem: `hand-in ${name} is for lab ${handIn.lab}, not ${lab.slug}: grade it with that lesson.`,
    };
  const integrity = await checkIntegrity(handIn);
  submission.handIn = {
    exportedAt: handIn.exportedAt,
    courseVersion: handIn.courseVersion,
    from: parsed.source,
  };
  if (handIn.claimed !== undefined) submission.handIn.claimed = handIn.claimed;
  if (!integrity.ok) submission.handIn.tampered = integrity.reason;
  const missing = lab.manifest.editable.filter((file) => handIn.files[file] === undefined);
  const extra = Object.keys(handIn.files).filter((file) => !lab.manifest.editable.includes(file));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      extra.length > 0
        ? `${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not editable in this lab`
        : '',
    ];
    return { ...submission, problem: `hand-in ${name}: ${parts.filter(Boolean).join('; ')}.` };
  }
  submission.files = Object.fromEntries(lab.manifest.editable.map((file) => [file, handIn.files[file]!]));
  submission.origins = Object.fromEntries(lab.manifest.editable.map((file) => [file, `${name}#${file}`]));
  return submission;
}
