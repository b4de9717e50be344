/**
 * `npm run lab -- <command>`: serve a lab, grade a folder, or prove the labs. `check` and `serve`
 * run the learner's app in a sandboxed child process (../sandbox): it cannot reach this process,
 * its files or its output, and a loop, a crash or a memory bomb there cannot hang or crash the CLI.
 * `verify` proves the instructor's own lab content and keeps the faster worker thread (../isolate).
 *
 * Exit codes: 0 all non-advisory checks pass (or every lab proves itself), 1 a check or a lab
 * fails, 2 bad input (unknown lesson, missing file, syntax error) with a message naming the fix.
 * `main` takes argv and an io object so tests can call it directly.
 */
import { serve as serveNode } from '@hono/node-server';
import { TransportError } from '../../checks/transport';
import type { CheckResult, TraceEntry } from '../../checks/types';
import { ArgsError, parseCommandLine } from '../args';
import { AUDIT_USAGE, auditCommand, type AuditIo } from '../audit/cli';
import { GRADE_USAGE, gradeCommand, type GradeIo } from '../grade/cli';
import { IsolatedApp, type IsolateOptions } from '../isolate';
import { cleanLine, cleanLines } from '../host/clean';
import { formatBytes, readCapped } from '../isolate/host';
import { gradeLabSandboxed, startSandboxedApp, type SandboxLimits } from '../sandbox';
import { LabManifestError } from '../manifest';
import { LESSONS_DIR, LabInputError, listLabs, loadLab, readLearnerDir, resolveLesson } from '../load';
import { proveLab } from '../prove';
import { allPassed, buildProblem, type Lab, type LabFiles } from '../verify';
import { thrownLine } from '../thrown';

export interface CliIo extends Pick<AuditIo, 'env' | 'colour' | 'audit'> {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where lessons live (tests point this at a temporary folder). */
  lessonsDir?: string;
  /** `serve` runs until this aborts (default: until the process is stopped). */
  signal?: AbortSignal;
  /** Called once `serve` listens, with its URL. */
  onListening?: (url: string) => void;
  /** Per-check time limit for `check` and `verify`. */
  timeoutMs?: number;
  /**
   * The learner's app runs in a worker thread (labs/isolate), so an endless loop cannot hang the
   * CLI; tests tighten how long loading may take and when a silent thread counts as stuck.
   */
  isolate?: Pick<IsolateOptions, 'loadTimeoutMs' | 'stuckMs'>;
  /** Limits of the sandboxed child for `check` and `serve` (memory, time, namespaces); tests change them. */
  sandbox?: SandboxLimits;
}

/** `serve` refuses a request body larger than this with 413: no lab form comes near it. */
export const MAX_REQUEST_BYTES = 2 ** 20;

export const USAGE = `Usage: npm run lab -- <command>

  serve <lesson> [--solution | --dir <path>] [--port N]   serve a lab on http://localhost (starter files by default)
  check <lesson> --dir <path> [--json]                     grade the editable files in <path>
${GRADE_USAGE}
${AUDIT_USAGE}
  verify [lesson]                                          prove one lab or all: solution passes, starter fails,
                                                           each mistake fails exactly its checks

<lesson> is a number (3 or 03) or a slug (03-basic-logout-route).
Exit codes: 0 all pass, 1 something fails, 2 bad input.`;

class UsageError extends Error {}

interface Parsed {
  command: string;
  positional: string[];
  values: { solution?: boolean; dir?: string; port?: string; json?: boolean };
}

/** The options of each command (`grade` reads its own, labs/grade/cli). */
const OPTIONS = {
  serve: { solution: { type: 'boolean' }, dir: { type: 'string' }, port: { type: 'string' } },
  check: { dir: { type: 'string' }, json: { type: 'boolean' } },
} as const;

const EXAMPLES: Record<string, string> = { '--port': '--port 8787', '--dir': '--dir ./my-work' };

function parse(argv: readonly string[]): Parsed {
  const [command = '', ...rest] = argv;
  const options = command === 'serve' || command === 'check' ? OPTIONS[command] : {};
  try {
    const { values, positionals } = parseCommandLine(rest, options);
    return { command, positional: positionals, values };
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    const { kind, option } = error.problem;
    if (kind === 'missing-value')
      throw new UsageError(`${option} needs a value, e.g. ${EXAMPLES[option] ?? `${option} <value>`}.`);
    if (kind === 'unexpected-value')
      throw new UsageError(`${option} takes no value: write ${option} on its own.`);
    throw new UsageError(`Unknown option ${option} for "${command}".`);
  }
}

export async function main(argv: readonly string[], io: CliIo & Pick<GradeIo, 'progress'>): Promise<number> {
  // `grade` reads its own flags with node:util parseArgs (labs/grade/cli).
  if (argv[0] === 'grade') return await gradeCommand(argv.slice(1), io);
  if (argv[0] === 'audit') return await auditCommand(argv.slice(1), io);
  try {
    const parsed = parse(argv);
    switch (parsed.command) {
      case 'serve':
        return await serveCommand(parsed, io);
      case 'check':
        return await checkCommand(parsed, io);
      case 'verify':
        return await verifyCommand(parsed, io);
      case '':
      case 'help':
      case '--help':
        io.stdout(USAGE);
        return parsed.command === '' ? 2 : 0;
      default:
        throw new UsageError(`Unknown command "${parsed.command}".`);
    }
  } catch (error) {
    // `check --json` is read by programs: a bad input is a JSON answer on stdout too (the
    // readable message still goes to stderr for the person watching).
    const json = argv[0] === 'check' && argv.includes('--json');
    const badInput = (text: string, where: BadInputLocation = {}): number => {
      io.stderr(text);
      if (json)
        io.stdout(
          JSON.stringify({ ok: false, error: { ...where, message: where.message ?? text } }, null, 2),
        );
      return 2;
    };
    if (error instanceof UsageError)
      return badInput(`${error.message}\n\n${USAGE}`, { message: error.message });
    if (error instanceof LabManifestError) return badInput(error.message, { file: error.file });
    if (error instanceof LabInputError) return badInput(error.message);
    if (isBuildError(error)) return badInput(buildMessage(error), buildLocation(error));
    // Anything else is the CLI's own failure, not the learner's: still an answer, never a crash
    // without one (a reader of --json always gets JSON, and the exit code says "not graded").
    return badInput(`The lab tool failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Where a bad input is, for `check --json`: the file (as on disk), and line/column for syntax errors. */
interface BadInputLocation {
  file?: string;
  line?: number;
  column?: number;
  message?: string;
}

function lessonArg(parsed: Parsed, command: string): string {
  const [lesson, extra] = parsed.positional;
  if (lesson === undefined)
    throw new UsageError(
      `"${command}" needs a lesson, e.g. npm run lab -- ${command} 3${command === 'check' ? ' --dir ./my-work' : ''}.`,
    );
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
  return lesson;
}

async function filesFor(
  parsed: Parsed,
  lab: Lab,
): Promise<{ files: LabFiles; label: string; origins: Record<string, string> }> {
  const { dir } = parsed.values;
  if (dir !== undefined) {
    const { files, origins } = await readLearnerDir(dir, lab);
    return { files, label: dir, origins };
  }
  if (parsed.values.solution === true) return { files: lab.solution, label: 'solution', origins: {} };
  return { files: lab.starter, label: 'starter', origins: {} };
}

// ---- serve ----------------------------------------------------------------------------------

async function serveCommand(parsed: Parsed, io: CliIo): Promise<number> {
  if (parsed.values.solution === true && parsed.values.dir !== undefined)
    throw new UsageError('Use either --solution or --dir <path>, not both.');
  const portText = parsed.values.port;
  const port = portText !== undefined ? Number(portText) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port must be a whole number from 0 to 65535, got "${String(portText)}".`);
  const lessonsDir = io.lessonsDir ?? LESSONS_DIR;
  const lab = await loadLab(await resolveLesson(lessonArg(parsed, 'serve'), lessonsDir), lessonsDir);
  const { files, label, origins } = await filesFor(parsed, lab);
  let app: IsolatedApp;
  try {
    // In a sandboxed child process: a loop at load time is reported (exit 2), one in a handler
    // gets that request a 500 that explains it, and a fresh server serves the next one. Log
    // lines arrive cleaned of control characters (labs/isolate).
    app = await startSandboxedApp(lab, files, {
      ...io.isolate,
      ...io.sandbox,
      onLog: (kind, line) => io.stdout(`[${kind}] ${line}`),
    });
  } catch (error) {
    throw withOrigins(error, origins);
  }
  const answer = async (request: Request): Promise<Response> => {
    try {
      const body = await readBodyCapped(request, MAX_REQUEST_BYTES);
      if (body === 'too-large') {
        return new Response(
          `413 Content Too Large\n\nThe lab server takes request bodies of up to ${formatBytes(MAX_REQUEST_BYTES)}.\n`,
          {
            status: 413,
            headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' },
          },
        );
      }
      return await app.fetch(body === undefined ? request : new Request(request, { body }));
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      return new Response(`500 Internal Server Error\n\n${error.message}\n`, {
        status: 500,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
  };
  const server = await new Promise<ReturnType<typeof serveNode>>((resolveServer, reject) => {
    const s = serveNode({ fetch: answer, port, hostname: '127.0.0.1' }, () => resolveServer(s));
    s.once('error', reject);
  }).catch(async (error: NodeJS.ErrnoException) => {
    await app.close();
    if (error.code === 'EADDRINUSE')
      throw new LabInputError(
        `Port ${port} is already in use: pass another with --port, or --port 0 for any free port.`,
      );
    throw error;
  });
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://localhost:${actual}`;
  io.stdout(
    `Serving lab ${lab.slug} (${label}, ${lab.manifest.store} sessions) at ${url}\nLog in as alice / correct horse battery staple. Press Ctrl+C to stop.`,
  );
  io.onListening?.(url);
  await new Promise<void>((done) => {
    if (io.signal === undefined) return;
    if (io.signal.aborted) done();
    io.signal.addEventListener('abort', () => done(), { once: true });
  });
  await new Promise<void>((done) => server.close(() => done()));
  await app.close();
  return 0;
}

// ---- check ----------------------------------------------------------------------------------

async function checkCommand(parsed: Parsed, io: CliIo): Promise<number> {
  if (parsed.values.dir === undefined)
    throw new UsageError('"check" needs --dir <path>: the folder holding your editable files.');
  const lessonsDir = io.lessonsDir ?? LESSONS_DIR;
  const lab = await loadLab(await resolveLesson(lessonArg(parsed, 'check'), lessonsDir), lessonsDir);
  const { files, label, origins } = await filesFor(parsed, lab);
  const grade = await gradeLabSandboxed(lab, files, { ...gradeOptions(io), ...io.sandbox });
  if (!grade.ok)
    throw withOrigins(
      Object.assign(new Error(grade.problem.message), grade.problem, { name: 'LeafBuildError' }),
      origins,
    );
  const ok = allPassed(grade.results);
  if (parsed.values.json === true) {
    io.stdout(
      JSON.stringify(
        { lesson: lab.slug, title: lab.manifest.title, dir: label, ok, results: grade.results },
        null,
        2,
      ),
    );
  } else {
    io.stdout(formatResults(lab, label, grade.results));
  }
  return ok ? 0 : 1;
}

const MARK: Record<CheckResult['status'], string> = { pass: '✔', fail: '✘', error: '!', advisory: 'i' };

/** The readable report of `check`: one line per check; details under the ones that need work. */
export function formatResults(lab: Lab, label: string, results: readonly CheckResult[]): string {
  const lines = [
    `Lab ${lab.slug}: ${lab.manifest.title}`,
    `Checked ${label} against ${results.length} check${results.length === 1 ? '' : 's'}.`,
    '',
  ];
  for (const r of results) {
    lines.push(`${MARK[r.status]} ${r.id} ${r.title}${r.status === 'pass' ? '' : ` (${r.status})`}`);
    if (r.status === 'pass') continue;
    // A message quotes what the app answered (headers, body excerpts): cleaned like the logs.
    for (const line of cleanLines(r.message)) lines.push(`    ${line}`);
    if (r.thrown) lines.push(`    ${cleanLine(thrownLine(r.thrown))}`);
    lines.push(`    Hint: ${r.hint.concept} (lesson ${r.hint.lesson}).`);
    if (r.status === 'fail' || r.status === 'error') {
      lines.push('    Requests:');
      for (const entry of r.trace) lines.push(`      ${cleanLine(traceLine(entry))}`);
    }
    if (r.logs !== '') lines.push(...framed('Your console output (printed by your code)', r.logs));
    if (r.serverLog !== '')
      lines.push(...framed('Server log (the lab server and anything else your app printed)', r.serverLog));
  }
  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  const parts = [`${count('pass')} passed`, `${count('fail')} failed`];
  if (count('error') > 0) parts.push(`${count('error')} errored`);
  if (count('advisory') > 0) parts.push(`${count('advisory')} advisory`);
  lines.push('', `${parts.join(', ')}.${allPassed(results) ? ' All required checks pass.' : ''}`);
  return lines.join('\n');
}

/**
 * Lines the app printed, inside a frame: each starts with "│", so none can pass for a line of the
 * report (a fake "✔ All required checks pass" stays visibly inside the log).
 */
function framed(title: string, text: string): string[] {
  return [`    ┌─ ${title}`, ...cleanLines(text).map((line) => `    │ ${line}`), '    └─'];
}

/** The request body, read up to `max` bytes; 'too-large' past it (a declared length is refused before reading). */
async function readBodyCapped(
  request: Request,
  max: number,
): Promise<Uint8Array<ArrayBuffer> | undefined | 'too-large'> {
  if (request.body === null || request.method === 'GET' || request.method === 'HEAD') return undefined;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > max) return 'too-large';
  return await readCapped(request.body, max);
}

function traceLine(entry: TraceEntry): string {
  const url = new URL(entry.request.url);
  const cookie = entry.request.headers.cookie;
  const sent = `${entry.request.method} ${url.pathname}${url.search}${cookie === undefined ? '' : ` [Cookie: ${shorten(cookie)}]`}`;
  // The check's message above already explains a failed request in full; a short reminder will do.
  if (entry.response === undefined)
    return `${sent} → ${entry.error === undefined ? 'no answer' : shorten(entry.error.replace(/^TransportError: /, ''), 100)}`;
  const location = entry.response.headers.location;
  const got = [
    String(entry.response.status),
    location === undefined ? '' : `Location: ${location}`,
    ...entry.response.setCookie.map((c) => `Set-Cookie: ${shorten(c)}`),
  ];
  return `${sent} → ${got.filter(Boolean).join(', ')}`;
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

// ---- verify ---------------------------------------------------------------------------------

async function verifyCommand(parsed: Parsed, io: CliIo): Promise<number> {
  const lessonsDir = io.lessonsDir ?? LESSONS_DIR;
  if (parsed.positional.length > 1)
    throw new UsageError(`Unexpected argument "${parsed.positional[1] ?? ''}".`);
  const only = parsed.positional[0];
  const slugs = only === undefined ? await listLabs(lessonsDir) : [await resolveLesson(only, lessonsDir)];
  const options = gradeOptions(io);
  let failed = 0;
  for (const slug of slugs) {
    // The same proof `astro build` runs (../prove).
    const proof = await proveLab(slug, { ...options, lessonsDir });
    if (!proof.ok) failed++;
    io.stdout(proof.report);
  }
  io.stdout(
    failed === 0
      ? `\n${slugs.length} lab${slugs.length === 1 ? '' : 's'} verified: every solution passes, every starter has work left, every mistake fails exactly its checks.`
      : `\n${failed} of ${slugs.length} lab${slugs.length === 1 ? '' : 's'} failed verification.`,
  );
  return failed === 0 ? 0 : 1;
}

/** The time limits `check` and `verify` pass on: the per-check limit and labs/isolate's. */
function gradeOptions(io: CliIo): { timeoutMs?: number } & Pick<IsolateOptions, 'loadTimeoutMs' | 'stuckMs'> {
  return { ...(io.timeoutMs === undefined ? {} : { timeoutMs: io.timeoutMs }), ...io.isolate };
}

// ---- build errors ---------------------------------------------------------------------------

function isBuildError(error: unknown): error is Error & { file: string } {
  return error instanceof Error && typeof (error as { file?: unknown }).file === 'string';
}

/** Rewrites a leaf error's editable path into the learner's file on disk. */
function withOrigins(error: unknown, origins: Record<string, string>): unknown {
  if (!isBuildError(error)) return error;
  const origin = origins[error.file];
  if (origin !== undefined) Object.assign(error, { displayFile: origin });
  return error;
}

/** The problem's text without the `file:line:column:` it starts with. */
function buildDetail(error: Error & { file: string }): {
  shown: string;
  detail: string;
  problem: ReturnType<typeof buildProblem>;
} {
  const problem = buildProblem(error);
  const shown = (error as { displayFile?: string }).displayFile ?? problem.file;
  const detail = problem.message.startsWith(`${problem.file}:`)
    ? problem.message
        .slice(problem.file.length + 1)
        .replace(/^\d+:\d+: /, '')
        .trim()
    : problem.message;
  return { shown, detail, problem };
}

function buildLocation(error: Error & { file: string }): BadInputLocation {
  const { shown, detail, problem } = buildDetail(error);
  const where: BadInputLocation = { file: shown };
  if (problem.line !== undefined) {
    where.line = problem.line;
    where.column = problem.column ?? 1;
  }
  where.message = detail;
  return where;
}

function buildMessage(error: Error & { file: string }): string {
  const { shown, detail, problem } = buildDetail(error);
  const where = problem.line === undefined ? shown : `${shown}:${problem.line}:${problem.column ?? 1}`;
  const fix =
    problem.fix ??
    (problem.line !== undefined && problem.kind !== 'load'
      ? 'Fix the syntax error at that line and column, then run the check again.'
      : 'Fix the file so it loads: it must `export default function (app, deps) { … }` and import only hono, hono/* and @sandbox/* modules.');
  return `${where}: ${detail}\n${fix}`;
}
