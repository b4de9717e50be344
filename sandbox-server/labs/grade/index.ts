/**
 * Grades a class: every submission of one lab, several at a time, each in the sandbox
 * (`gradeLabSandboxed`), into rows a report can show. Node only.
 *
 * A submission's own trouble (a missing file, a syntax error, a crash, a limit) is that row's
 * reason and never ends the run. The grade comes only from the checks run here: a hand-in's
 * `claimed` result is shown beside it, and a hand-in whose files do not match its hash is marked.
 */
import { availableParallelism } from 'node:os';
import { catalog } from '../../checks/catalog';
import type { CheckId, CheckResult } from '../../checks/types';
import { gradeLabSandboxed } from '../sandbox';
import type { Submission, SubmissionKind } from '../submissions';
import { type BuildProblem, type Grade, type Lab, type LabFiles } from '../verify';

/** `tampered`: a hand-in whose files were edited after the export; its checks still ran. */
export type Verdict = 'pass' | 'fail' | 'broken' | 'tampered';

export interface GradedRow {
  student: string;
  kind: SubmissionKind;
  source: string;
  verdict: Verdict;
  /** Required (non-advisory) checks that passed, and how many there are. 0/N for a broken one. */
  passed: number;
  total: number;
  /** Every check's result, in catalog order; empty when the submission could not run. */
  results: CheckResult[];
  /** Why it is broken or tampered, in plain words. */
  reason?: string;
  /** Things the instructor should know that do not change the verdict (the page's claim). */
  notes: string[];
  /** Editable path → where the file came from. */
  origins: Record<string, string>;
  ms: number;
}

export interface ClassReport {
  lab: { slug: string; title: string };
  checks: { id: CheckId; title: string; advisory: boolean }[];
  submissionsDir: string;
  layout: string;
  startedAt: string;
  durationMs: number;
  jobs: number;
  rows: GradedRow[];
  counts: Record<Verdict, number>;
}

/** What `gradeLabSandboxed` takes besides the lab and files (time limits). */
export type SandboxOptions = NonNullable<Parameters<typeof gradeLabSandboxed>[2]>;
export type GradeFn = (lab: Lab, files: LabFiles, options: SandboxOptions) => Promise<Grade>;

export interface GradeClassOptions {
  /** How many submissions run at once; default the machine's cores. */
  jobs?: number;
  /** Passed on to every grading (per-check time limit, the sandbox's limits). */
  sandbox?: SandboxOptions;
  /** Called as each submission is done (for the progress bar). */
  onRow?: (row: GradedRow, done: number, total: number) => void;
  /** Tests and the CLI may pass their own; default `gradeLabSandboxed`. */
  grade?: GradeFn;
  submissionsDir?: string;
  layout?: string;
  now?: () => number;
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

export async function gradeClass(
  lab: Lab,
  submissions: readonly Submission[],
  options: GradeClassOptions = {},
): Promise<ClassReport> {
  const now = options.now ?? Date.now;
  const start = now();
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), submissions.length));
  const grade = options.grade ?? gradeLabSandboxed;
  const rows: GradedRow[] = new Array<GradedRow>(submissions.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < submissions.length) {
      const index = next++;
      const submission = submissions[index]!;
      const row = await gradeOne(lab, submission, grade, options.sandbox ?? {}, now);
      rows[index] = row;
      options.onRow?.(row, ++done, submissions.length);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, broken: 0, tampered: 0 };
  for (const row of rows) counts[row.verdict]++;
  return {
    lab: { slug: lab.slug, title: lab.manifest.title },
    checks: lab.manifest.checks.map((id) => {
      const check = catalog.find((c) => c.id === id);
      return { id, title: check?.title ?? id, advisory: check?.advisory === true };
    }),
    submissionsDir: options.submissionsDir ?? '',
    layout: options.layout ?? '',
    startedAt: new Date(start).toISOString(),
    durationMs: now() - start,
    jobs,
    rows,
    counts,
  };
}

const requiredCount = (lab: Lab): number =>
  lab.manifest.checks.filter((id) => catalog.find((c) => c.id === id)?.advisory !== true).length;

async function gradeOne(
  lab: Lab,
  submission: Submission,
  grade: GradeFn,
  sandbox: SandboxOptions,
  now: () => number,
): Promise<GradedRow> {
  const started = now();
  const base = {
    student: submission.student,
    kind: submission.kind,
    source: submission.source,
    origins: submission.origins,
    total: requiredCount(lab),
    notes: [] as string[],
  };
  const broken = (reason: string): GradedRow => ({
    ...base,
    verdict: 'broken',
    passed: 0,
    results: [],
    reason,
    ms: now() - started,
  });
  if (submission.files === undefined) return broken(submission.problem ?? 'no files were found.');

  let result: Grade;
  try {
    result = await grade(lab, submission.files, sandbox);
  } catch (error) {
    // The grader itself could not run this one (the app's process died, a limit): its row says so.
    return broken(`the grader could not run it: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!result.ok) return broken(describeProblem(result.problem, submission.origins));

  const required = result.results.filter((r) => r.status !== 'advisory');
  const passed = required.filter((r) => r.status === 'pass').length;
  const row: GradedRow = {
    ...base,
    verdict: passed === required.length ? 'pass' : 'fail',
    passed,
    total: required.length,
    results: result.results,
    ms: 0,
  };
  const claimed = submission.handIn?.claimed;
  if (claimed !== undefined && (claimed.passed !== passed || claimed.total !== required.length)) {
    row.notes.push(
      `the page showed ${claimed.passed}/${claimed.total} when the work was exported; the grader's own run gives ${passed}/${required.length}`,
    );
  }
  if (submission.handIn?.tampered !== undefined) {
    row.reason = `${submission.handIn.tampered}; the checks ran on the edited files (${passed}/${required.length}).`;
    row.verdict = 'tampered';
  }
  row.ms = now() - started;
  return row;
}

/** A build problem with the file as the student has it (`alice/routes/logout.ts:3:7`). */
function describeProblem(p: BuildProblem, origins: Record<string, string>): string {
  const shown = origins[p.file] ?? p.file;
  const where = p.line === undefined ? shown : `${shown}:${p.line}:${p.column ?? 1}`;
  const detail = p.message.startsWith(`${p.file}:`)
    ? p.message
        .slice(p.file.length + 1)
        .replace(/^\d+:\d+: /, '')
        .trim()
    : p.message;
  return `${where}: ${detail}`;
}
