/**
 * `npm run lab -- grade <lesson> --submissions <dir> [--format csv|html|junit|json] [--out file]
 * [--jobs N]`: grades a class and writes one report. Node only.
 *
 * Exit 0 once grading finished, whatever the students' results (the report says who passed);
 * 2 for bad input (unknown lesson, no such folder, unknown format), with the fix in the message.
 * Progress goes to stderr: a bar on a terminal, one plain line per submission otherwise, so a CI
 * log or `2> grading.log` stays readable. The report goes to --out, or to stdout.
 */
import { writeFile } from 'node:fs/promises';
import { ArgsError, parseCommandLine } from '../args';
import type { CliIo } from '../cli';
import { LabManifestError } from '../manifest';
import { LESSONS_DIR, LabInputError, loadLab, resolveLesson } from '../load';
import { cleanText, formatReport, REPORT_FORMATS, type ReportFormat } from '../report';
import { findSubmissions } from '../submissions';
import { defaultJobs, gradeClass, type GradedRow, type GradeFn, type SandboxOptions } from '.';

export interface GradeIo extends CliIo {
  /** Where progress goes; `tty` draws a bar that rewrites one line. Default: plain lines on stderr. */
  progress?: { tty: boolean; write: (chunk: string) => void };
  /** Tests may grade with something else; default `gradeLabSandboxed`. */
  grade?: GradeFn;
}

export const GRADE_USAGE = `  grade <lesson> --submissions <dir> [--format csv|html|junit|json] [--out <file>]… [--jobs N]
                                                           grade a class: one sub-folder per student, GitHub Classroom
                                                           clones, or hand-in .json files exported from the site`;

const EXTENSIONS: Record<string, ReportFormat> = {
  csv: 'csv',
  html: 'html',
  htm: 'html',
  xml: 'junit',
  json: 'json',
};

class GradeUsageError extends Error {}

export async function gradeCommand(argv: readonly string[], io: GradeIo): Promise<number> {
  let json = false;
  try {
    const { values, positionals } = readArgs(argv);
    const outs = chooseOutputs(values.format, values.out ?? []);
    json = outs.some((out) => out.format === 'json');
    const [lesson, extra] = positionals;
    if (lesson === undefined)
      throw new GradeUsageError('"grade" needs a lesson, e.g. npm run lab -- grade 3 --submissions ./class.');
    if (extra !== undefined) throw new GradeUsageError(`Unexpected argument "${extra}".`);
    if (values.submissions === undefined)
      throw new GradeUsageError(
        '"grade" needs --submissions <dir>: the folder with one sub-folder or hand-in file per student.',
      );
    const jobs = values.jobs === undefined ? defaultJobs() : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)
      throw new GradeUsageError(`--jobs must be a whole number from 1 to 64, got "${values.jobs ?? ''}".`);

    const lessonsDir = io.lessonsDir ?? LESSONS_DIR;
    const lab = await loadLab(await resolveLesson(lesson, lessonsDir), lessonsDir);
    const found = await findSubmissions(values.submissions, lab);
    const progress = createProgress(io, found.submissions.length);
    const sandbox = {
      ...(io.timeoutMs === undefined ? {} : { timeoutMs: io.timeoutMs }),
      ...io.isolate,
    } as SandboxOptions;
    const report = await gradeClass(lab, found.submissions, {
      jobs,
      sandbox,
      ...(io.grade === undefined ? {} : { grade: io.grade }),
      submissionsDir: found.root,
      layout: found.layout,
      onRow: progress.row,
    });
    progress.end();
    for (const out of outs) {
      const text = formatReport(report, out.format);
      if (out.file === undefined) io.stdout(text.replace(/\n$/, ''));
      else await writeFile(out.file, text);
    }
    const { counts } = report;
    io.stderr(
      `Graded ${report.rows.length} submission${report.rows.length === 1 ? '' : 's'} of lab ${lab.slug} in ${(report.durationMs / 1000).toFixed(1)} s (${report.jobs} at a time): ` +
        `${counts.pass} passed, ${counts.fail} failed, ${counts.broken} broken${counts.tampered > 0 ? `, ${counts.tampered} tampered` : ''}.` +
        outs
          .filter((out) => out.file !== undefined)
          .map((out) => ` Report (${out.format}): ${out.file ?? ''}`)
          .join(''),
    );
    return 0;
  } catch (error) {
    const message =
      error instanceof GradeUsageError
        ? `${error.message}\n\nUsage: npm run lab --\n${GRADE_USAGE}`
        : error instanceof LabManifestError || error instanceof LabInputError
          ? error.message
          : undefined;
    if (message === undefined) throw error;
    io.stderr(message);
    if (json) io.stdout(JSON.stringify({ ok: false, error: { message: message.split('\n\n')[0] } }, null, 2));
    return 2;
  }
}

const OPTIONS = {
  submissions: { type: 'string', short: 's' },
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o', multiple: true },
  jobs: { type: 'string', short: 'j' },
} as const;

const EXAMPLES: Record<string, string> = {
  submissions: '--submissions ./class',
  format: '--format html',
  out: '--out report.csv',
  jobs: '--jobs 4',
};

function readArgs(argv: readonly string[]) {
  try {
    return parseCommandLine(argv, OPTIONS);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    const { kind, option } = error.problem;
    if (kind !== 'missing-value') throw new GradeUsageError(`Unknown option ${option} for "grade".`);
    const name =
      Object.entries(OPTIONS).find(
        ([long, spec]) => option === `--${long}` || option === `-${spec.short}`,
      )?.[0] ?? '';
    throw new GradeUsageError(`${option} needs a value, e.g. ${EXAMPLES[name] ?? `${option} <value>`}.`);
  }
}

/**
 * Each report to write: `--format` names the one format; without it each `--out` file's
 * extension does (.csv, .html, .xml for JUnit, .json), so one run can write several reports.
 * No --out: the report goes to stdout.
 */
function chooseOutputs(
  format: string | undefined,
  files: readonly string[],
): { format: ReportFormat; file?: string }[] {
  if (format !== undefined && !(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new GradeUsageError(`Unknown --format "${format}": use ${REPORT_FORMATS.join(', ')}.`);
  }
  const chosen = format as ReportFormat | undefined;
  if (files.length === 0) return [{ format: chosen ?? 'csv' }];
  if (chosen !== undefined && files.length > 1)
    throw new GradeUsageError(
      '--format names one format; with several --out files, let their extensions (.csv, .html, .xml, .json) choose.',
    );
  return files.map((file) => {
    const extension = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
    const byName = extension === undefined ? undefined : EXTENSIONS[extension];
    if (chosen === undefined && byName === undefined && files.length > 1)
      throw new GradeUsageError(
        `Cannot tell the format of --out ${file}: end it in .csv, .html, .xml or .json.`,
      );
    return { format: chosen ?? byName ?? 'csv', file };
  });
}

/** A bar on a terminal (one line, rewritten), a plain line per submission otherwise. */
function createProgress(
  io: GradeIo,
  total: number,
): { row: (row: GradedRow, done: number, total: number) => void; end: () => void } {
  const out = io.progress ?? { tty: false, write: (chunk: string) => io.stderr(chunk.replace(/\n$/, '')) };
  const describe = (row: GradedRow): string => {
    const failed = row.results.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id);
    const detail =
      row.verdict === 'broken'
        ? `: ${firstLine(row.reason ?? '')}`
        : failed.length > 0
          ? ` (${failed.join(', ')})`
          : '';
    return `${cleanText(row.student)}: ${row.verdict} ${row.passed}/${row.total}${detail}`;
  };
  if (!out.tty) {
    out.write(`Grading ${total} submission${total === 1 ? '' : 's'}…\n`);
    return {
      row: (row, done) =>
        out.write(`[${done}/${total}] ${describe(row)} (${(row.ms / 1000).toFixed(1)} s)\n`),
      end: () => {},
    };
  }
  const width = 24;
  const draw = (done: number, last: string): void => {
    const filled = Math.round((done / Math.max(1, total)) * width);
    out.write(
      `\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${last.slice(0, 60)}`,
    );
  };
  draw(0, '');
  return { row: (row, done) => draw(done, describe(row)), end: () => out.write('\r\x1b[2K') };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 100)}…` : line;
}
