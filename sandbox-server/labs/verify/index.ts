/**
 * Grading and self-verification of labs held in memory. Pure and web-standard (no `node:`), so the
 * browser can grade the learner's files and instructors' tools can prove a lab in any runtime:
 * - the solution passes every non-advisory check of its lab,
 * - the starter fails at least one,
 * - every mistake fails exactly the checks it names, and no others.
 */
import type { CheckConfig, CheckResult, Transport } from '../../checks/types';
import { catalog } from '../../checks/catalog';
import { LeafRegistrationError, type LabApp } from '../../src/app';
import { LeafCompileError, LeafLoadError, type CompileOptions } from '../../src/loader';
import {
  CHECK_PASSWORD_ITERATIONS,
  consoleText,
  createLabHost,
  labCheckConfig as hostCheckConfig,
  serverText,
  toLabProblem,
  type LabProblem,
} from '../host';
import type { LabManifest } from '../manifest';

const ADVISORY = new Set<string>(catalog.filter((check) => check.advisory).map((check) => check.id));

/** Editable-file path (e.g. `routes/logout.ts`) → TypeScript source. */
export type LabFiles = Record<string, string>;

export interface Lab {
  /** Lesson folder name, e.g. `03-basic-logout-route`. */
  slug: string;
  /** The lab folder as shown in messages, e.g. `lessons/03-basic-logout-route/lab`. */
  dir: string;
  manifest: LabManifest;
  starter: LabFiles;
  solution: LabFiles;
  /** Mistake name → the editable files it changes (the rest come from the solution). */
  mistakes: Record<string, LabFiles>;
}

/** A learner file that could not be turned into a running server (the lab host's problem; `kind` is absent for the CLI's own, e.g. a load that never ends). */
export type BuildProblem = Omit<LabProblem, 'kind'> & { kind?: LabProblem['kind'] };

export type Grade = { ok: true; results: CheckResult[] } | { ok: false; problem: BuildProblem };

export interface ServeOptions {
  /** Served over https (cookie names get `__Host-`, cookies `Secure`). Default false. */
  secure?: boolean;
  /** Receives the server's own log lines (logins, logouts, rejected cookies, handler errors). */
  log?: (line: string) => void;
  /** Receives the learner's console output (`console.log` & co. in their files). Default: `log`. */
  console?: (line: string) => void;
  /** PBKDF2 iterations for the demo users; tests lower it for speed. */
  passwordIterations?: number;
  /**
   * Called just before each file's top-level code runs (`load`) and before its exported function
   * registers routes (`register`). A watchdog in another thread uses it to name the file that
   * never finished loading (labs/isolate).
   */
  onStep?: CompileOptions['onStep'];
}

/** The files a variant runs with: its editable files, the missing ones from the solution. */
export function labFilesFor(lab: Lab, files: LabFiles): LabFiles {
  return { ...lab.solution, ...pick(files, lab.manifest.editable) };
}

/**
 * The lab host for one variant, its two logs going to `options.log`/`options.console`: the one
 * place that builds a lab's app, the same in the browser and here.
 */
export function labHostFor(lab: Lab, options: ServeOptions & { origin?: string } = {}) {
  const log = options.log ?? (() => {});
  const learner = options.console ?? log;
  return createLabHost({
    lab: lab.manifest,
    origin: options.origin ?? 'http://localhost',
    secure: options.secure ?? false,
    // The checks log in dozens of times per run: cheap hashing, as in every runtime.
    passwordIterations: options.passwordIterations ?? CHECK_PASSWORD_ITERATIONS,
    checkPasswordIterations: options.passwordIterations ?? CHECK_PASSWORD_ITERATIONS,
    ...(options.onStep === undefined ? {} : { onStep: options.onStep }),
    log: (entry) => (entry.source === 'console' ? learner(consoleText(entry)) : log(serverText(entry))),
  });
}

/**
 * Compiles the files (missing editable files come from the solution) and builds the lab's app.
 * Throws an Error carrying the lab host's problem (`file`, `line`, `column`, `kind`).
 */
export function buildLabApp(lab: Lab, files: LabFiles, options: ServeOptions = {}): Pick<LabApp, 'fetch'> {
  const host = labHostFor(lab, options);
  const loaded = host.load(labFilesFor(lab, files));
  if (!loaded.ok) throw problemError(loaded.problem);
  return { fetch: (request) => host.fetch(request) };
}

/** A lab host's problem as an Error the CLI recognises (it has `file`, and `line`/`column` when known). */
export function problemError(problem: BuildProblem): Error {
  const where =
    problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return Object.assign(new Error(`${where}: ${problem.message}`), problem, {
    message: `${where}: ${problem.message}`,
    name: 'LeafBuildError',
    problem,
  });
}

/** What labCheckConfig reads of a manifest (any manifest-like object will do). */
export type LabConfigSource = Pick<LabManifest, 'store' | 'editable'> & {
  learnerRoutes?: readonly string[] | undefined;
  [field: string]: unknown;
};

/** The check config matching a lab's store and scheme (cookie names from the server's contract). */
export function labCheckConfig(manifest: LabConfigSource, secure = false): Partial<CheckConfig> {
  return hostCheckConfig(manifest, secure);
}

export interface GradeOptions extends ServeOptions {
  timeoutMs?: number;
  /** Grade a server that is already running (e.g. over HTTP) instead of building one in-process. */
  transport?: Transport;
}

export interface GradeLogs {
  /** The learner's console output so far: each result's `logs`. */
  console: () => readonly string[];
  /** The server's own log so far: each result's `serverLog`. */
  server: () => readonly string[];
}

/**
 * Grades a set of learner files with the lab's checks. Build problems come back as `{ ok: false }`.
 * With `options.transport` the server runs elsewhere; pass `logs` to read its two logs.
 */
export async function gradeLab(
  lab: Lab,
  files: LabFiles,
  options: GradeOptions & { logs?: GradeLogs } = {},
): Promise<Grade> {
  const host = labHostFor(lab, options);
  const run = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.transport === undefined ? {} : { transport: options.transport }),
    ...(options.logs === undefined ? {} : { logs: options.logs }),
  };
  if (options.transport === undefined) {
    const loaded = host.load(labFilesFor(lab, files));
    if (!loaded.ok) return { ok: false, problem: loaded.problem };
  }
  return { ok: true, results: await host.runChecks(lab.manifest.checks, run) };
}

/** Any build error (the loader's, the app's, one carrying a lab host problem) as a problem. */
export function buildProblem(error: unknown): BuildProblem {
  const carried = (error as { problem?: BuildProblem } | null)?.problem;
  if (carried && typeof carried.file === 'string') return carried;
  const e = error as {
    file?: unknown;
    line?: unknown;
    column?: unknown;
    kind?: unknown;
    fix?: unknown;
  } | null;
  if (
    typeof e?.file !== 'string' ||
    e instanceof LeafCompileError ||
    e instanceof LeafLoadError ||
    e instanceof LeafRegistrationError
  )
    return toLabProblem(error);
  const problem: BuildProblem = {
    file: e.file,
    message: error instanceof Error ? error.message : String(error),
  };
  if (e.kind === 'compile' || e.kind === 'load') problem.kind = e.kind;
  if (typeof e.line === 'number') problem.line = e.line;
  if (typeof e.column === 'number') problem.column = e.column;
  if (typeof e.fix === 'string') problem.fix = e.fix;
  return problem;
}

/** `true` when every non-advisory result passed. */
export function allPassed(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.status === 'pass' || r.status === 'advisory');
}

// ---------------------------------------------------------------------------------------------
// Self-verification

export type VariantKind = 'solution' | 'starter' | 'mistake';

export interface VariantReport {
  kind: VariantKind;
  /** `solution`, `starter`, or the mistake's name. */
  name: string;
  /** The checks this variant is expected to fail (mistakes), or [] (solution). */
  expected: string[];
  /** Checks that failed or errored. */
  failed: string[];
  ok: boolean;
  /** Why the variant does not prove what it should, in plain words; empty when ok. */
  problems: string[];
  grade: Grade;
}

export interface LabReport {
  slug: string;
  title: string;
  ok: boolean;
  variants: VariantReport[];
  /**
   * Listed checks that no mistake proves can fail, and that the manifest does not mark as
   * `provided` (handled by the server). A learner could never be told they got one wrong, so the
   * lab does not prove itself.
   */
  unproven: string[];
}

export interface VerifyOptions extends GradeOptions {
  /** How to grade one variant. Default `gradeLab` (in-process); the CLI passes labs/isolate's worker-thread grader. */
  grade?: (lab: Lab, files: LabFiles, options: GradeOptions) => Promise<Grade>;
}

/** Proves a lab: solution passes, starter fails something, each mistake fails exactly its checks. */
export async function verifyLab(lab: Lab, options: VerifyOptions = {}): Promise<LabReport> {
  const { grade: grader = gradeLab, ...gradeOptions } = options;
  const variants: VariantReport[] = [];
  const variant = async (kind: VariantKind, name: string, files: LabFiles, expected: string[]) => {
    const grade = await grader(lab, files, gradeOptions);
    const problems: string[] = [];
    let failed: string[] = [];
    if (!grade.ok) {
      const where =
        grade.problem.line === undefined
          ? grade.problem.file
          : `${grade.problem.file}:${grade.problem.line}:${grade.problem.column ?? 1}`;
      problems.push(
        `does not build: ${grade.problem.message.startsWith(grade.problem.file) ? grade.problem.message : `${where}: ${grade.problem.message}`}`,
      );
    } else {
      failed = grade.results.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id);
      for (const r of grade.results.filter((r) => r.status === 'error'))
        problems.push(`${r.id} errored: ${firstLine(r.message)}`);
      if (kind === 'solution') {
        for (const r of grade.results.filter((r) => r.status === 'fail'))
          problems.push(`${r.id} fails: ${firstLine(r.message)}`);
      } else if (kind === 'starter') {
        if (failed.length === 0)
          problems.push('passes every check; a starter must leave work to do (at least one failing check)');
      } else {
        const extra = failed.filter((id) => !expected.includes(id));
        const missing = expected.filter((id) => !failed.includes(id));
        for (const id of missing)
          problems.push(
            `${id} passes, but the manifest says this mistake fails it (the check cannot tell this mistake apart)`,
          );
        for (const id of extra) {
          const result = grade.results.find((r) => r.id === id);
          if (result?.status === 'fail')
            problems.push(`${id} also fails (not listed in "fails"): ${firstLine(result.message)}`);
        }
      }
    }
    variants.push({ kind, name, expected, failed, ok: problems.length === 0, problems, grade });
  };
  await variant('solution', 'solution', lab.solution, []);
  await variant('starter', 'starter', lab.starter, []);
  for (const mistake of lab.manifest.mistakes) {
    await variant('mistake', mistake.name, lab.mistakes[mistake.name] ?? {}, [...mistake.fails]);
  }
  // Every check the lab lists must be one a learner can fail: some mistake that proves itself
  // fails it. Advisory checks never fail, and `provided` ones belong to the server.
  const failedByMistakes = new Set(
    variants.filter((v) => v.kind === 'mistake' && v.ok).flatMap((v) => v.failed),
  );
  const unproven = lab.manifest.checks.filter(
    (id) => !ADVISORY.has(id) && !lab.manifest.provided.includes(id) && !failedByMistakes.has(id),
  );
  return {
    slug: lab.slug,
    title: lab.manifest.title,
    ok: variants.every((v) => v.ok) && unproven.length === 0,
    variants,
    unproven,
  };
}

/** A readable report: one line per variant, with reasons under the ones that fail. */
export function formatLabReport(report: LabReport): string {
  const lines = [`${report.ok ? '✔' : '✘'} ${report.slug}: ${report.title}`];
  for (const v of report.variants) {
    const label = v.kind === 'mistake' ? `mistake ${v.name}` : v.name;
    const summary =
      v.kind === 'solution'
        ? v.ok
          ? 'passes every check'
          : 'does not pass'
        : v.kind === 'starter'
          ? v.ok
            ? `fails ${v.failed.join(', ')}`
            : 'does not fail'
          : v.ok
            ? `fails exactly ${v.expected.join(', ')}`
            : `fails ${v.failed.join(', ') || 'nothing'}; expected exactly ${v.expected.join(', ')}`;
    lines.push(`  ${v.ok ? '✔' : '✘'} ${label}: ${summary}`);
    for (const problem of v.problems) lines.push(`      - ${problem}`);
  }
  if (report.unproven.length > 0) {
    lines.push(
      `  ✘ checks no mistake fails: ${report.unproven.join(', ')}`,
      `      - Fix: add a mistake that fails each of them (mistakes/<name>/ plus an entry in "mistakes"), or, when no edit of the learner's files can fail one, list it in "provided" (the lab then shows it as handled by the server)`,
    );
  }
  return lines.join('\n');
}

function pick(files: LabFiles, paths: readonly string[]): LabFiles {
  return Object.fromEntries(Object.entries(files).filter(([path]) => paths.includes(path)));
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
