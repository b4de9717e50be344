/**
 * Parity of the three lab runtimes. For every lab, the same submissions are graded through
 * - the Worker runtime: its page side (src/lab/worker) and its Worker script (lab-worker.ts),
 *   connected by an in-memory postMessage pair (Node cannot start a Worker from a .ts URL);
 * - the WebContainer tree's `lab.mjs` under real Node, the leaves transpiled as the page does;
 * - the CLI's grader (`lab check`: the app in a sandboxed child process).
 * Submissions: the solution, the starter, every mistake, a handler that throws, a file that throws
 * while loading. Results must be deep-equal (id, status, message, hint, trace, logs, serverLog,
 * thrown) once the origin each runtime serves on is written as `<origin>`; no machine path may
 * appear. A console request to the handler that throws says where it threw, the same in the
 * Worker and in `lab.mjs serve` (the CLI has no console: `lab serve` answers a real browser).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../sandbox-server/checks/types';
import { listLabs, loadLab } from '../../sandbox-server/labs/load';
import { gradeLabSandboxed } from '../../sandbox-server/labs/sandbox';
import type { Lab, LabFiles } from '../../sandbox-server/labs/verify';
import { LEAF_ROUTES } from '../../sandbox-server/src/routes';
import { RuntimeProblemError } from '../../src/lab/problem';
import type { LabRequest, LabResponse, LabRuntime, RuntimeProblem, ThrownError } from '../../src/lab/runtime';
import { transpileOrProblem } from '../../src/lab/syntax';
import { buildWebContainerTree } from '../../src/lab/tree/build';
import { controlLines, type ControlReply } from '../../src/lab/tree/protocol';

const run = promisify(execFile);
const MARK = '@@lab ';
const ROOT = join(import.meta.dirname, '..', '..');

/** What every runtime must agree on. A problem (the files did not load) is compared as one. */
type Outcome =
  | { results: CheckResult[] }
  | { problem: { kind: string; file: string; line?: number; column?: number; message: string } };

// ---- the Worker runtime, page side and Worker script in one process ----------------------------

type Listener = (event: { data: unknown }) => void;
const workerSide: Record<string, Listener[]> = {};
const pageSide: Listener[] = [];
/** The Worker script's global scope: lab-worker.ts posts and listens through it. */
Object.assign(globalThis, {
  postMessage: (message: unknown) =>
    queueMicrotask(() => pageSide.forEach((l) => l({ data: structuredClone(message) }))),
  addEventListener: (type: string, listener: Listener) => (workerSide[type] ??= []).push(listener),
});
class InMemoryWorker {
  addEventListener(type: string, listener: Listener): void {
    if (type === 'message') pageSide.push(listener);
  }
  postMessage(message: unknown): void {
    queueMicrotask(() => workerSide['message']?.forEach((l) => l({ data: structuredClone(message) })));
  }
  terminate(): void {
    pageSide.length = 0;
  }
}

async function workerRuntime(lab: Lab): Promise<LabRuntime> {
  const { createWorkerRuntime } = await import('../../src/lab/worker');
  // The script's `loaded` went out when it was first imported: a new page side hears it again.
  const spawn = () => {
    const worker = new InMemoryWorker();
    queueMicrotask(() => pageSide.forEach((l) => l({ data: { type: 'loaded' } })));
    return worker as unknown as Worker;
  };
  return createWorkerRuntime({
    lab: {
      lessonId: lab.slug,
      store: lab.manifest.store,
      checks: lab.manifest.checks,
      ...(lab.manifest.learnerRoutes ? { learnerRoutes: lab.manifest.learnerRoutes } : {}),
    },
    timeoutMs: 5000,
    spawn,
  });
}

async function viaWorker(lab: Lab, files: LabFiles): Promise<Outcome> {
  const runtime = await workerRuntime(lab);
  try {
    await runtime.start(files);
    return { results: await runtime.runChecks(lab.manifest.checks) };
  } catch (error) {
    if (error instanceof RuntimeProblemError) return { problem: fromRuntime(error.problem) };
    throw error;
  } finally {
    await runtime.dispose();
  }
}

// ---- the WebContainer tree under real Node -----------------------------------------------------

let treeDir = '';

/** The leaves as the page writes them, or the problem that stops it writing them. */
function writeTree(lab: Lab, files: LabFiles): RuntimeProblem | null {
  rmSync(join(treeDir, 'leaves'), { recursive: true, force: true });
  for (const [path, source] of Object.entries(files)) {
    const result = transpileOrProblem(path, source);
    if ('problem' in result) return result.problem;
    const file = join(treeDir, 'leaves', path.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, result.code);
  }
  writeFileSync(
    join(treeDir, 'lab-config.json'),
    JSON.stringify({
      store: lab.manifest.store,
      secret: 's'.repeat(32),
      learnerRoutes: lab.manifest.learnerRoutes,
    }),
  );
  return null;
}

async function viaTree(lab: Lab, files: LabFiles): Promise<Outcome> {
  const problem = writeTree(lab, files);
  if (problem) return { problem: fromRuntime(problem) };
  const { stdout } = await run(
    process.execPath,
    ['lab.mjs', 'check', '--ids', lab.manifest.checks.join(',')],
    { cwd: treeDir },
  );
  const line = stdout.split('\n').find((l) => l.startsWith(MARK));
  if (!line) throw new Error(`lab.mjs said nothing marked: ${stdout}`);
  const said = JSON.parse(line.slice(MARK.length)) as { results?: CheckResult[]; problem?: RuntimeProblem };
  if (said.problem) return { problem: fromRuntime(said.problem) };
  return { results: said.results ?? [] };
}

/** One console request through `lab.mjs serve`'s control channel, as the WebContainer page sends it. */
async function requestViaTree(lab: Lab, files: LabFiles, request: LabRequest): Promise<LabResponse> {
  const problem = writeTree(lab, files);
  if (problem) throw new Error(problem.message);
  const child = spawn(process.execPath, ['lab.mjs', 'serve', '--port', '0'], {
    cwd: treeDir,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    return await new Promise<LabResponse>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const lines = out.split('\n');
        if (lines.some((l) => l.startsWith(`${MARK}{"listening"`)) && !child.stdin.writableEnded) {
          const message = { secret: 's'.repeat(32), request, timeoutMs: 3000 };
          child.stdin.end(`${controlLines(1, message).join('\n')}\n`);
        }
        const reply = lines.find((l) => l.startsWith(`${MARK}{"reply"`));
        if (reply) {
          const said = JSON.parse(reply.slice(MARK.length)) as ControlReply;
          if (said.response) resolve(said.response);
          else reject(new Error(said.error ?? reply));
        }
      });
      child.on('exit', (code) => reject(new Error(`lab.mjs serve exited with ${code}: ${out}`)));
    });
  } finally {
    child.kill();
  }
}

async function requestViaWorker(lab: Lab, files: LabFiles, request: LabRequest): Promise<LabResponse> {
  const runtime = await workerRuntime(lab);
  try {
    await runtime.start(files);
    return await runtime.request(request);
  } finally {
    await runtime.dispose();
  }
}

// ---- the CLI -----------------------------------------------------------------------------------

async function viaCli(lab: Lab, files: LabFiles): Promise<Outcome> {
  const grade = await gradeLabSandboxed(lab, files);
  if (!grade.ok) {
    const { kind = 'load', file, line, column, message } = grade.problem;
    return { problem: { kind, file, ...(line === undefined ? {} : { line, column: column ?? 1 }), message } };
  }
  return { results: grade.results };
}

function fromRuntime(problem: RuntimeProblem): Extract<Outcome, { problem: unknown }>['problem'] {
  if (problem.kind === 'compile' || problem.kind === 'load') {
    const { kind, file, line, column, message } = problem;
    return { kind, file, ...(line === undefined ? {} : { line, column: column ?? 1 }), message };
  }
  return { kind: problem.kind, file: '(server)', message: problem.message };
}

/** Headers a real HTTP server adds on its own (lab.mjs and the CLI serve over HTTP; the Worker does not). */
const TRANSPORT_HEADERS = new Set([
  'connection',
  'date',
  'keep-alive',
  'transfer-encoding',
  'content-length',
]);

/** A cookie without its value: session ids, signatures and expiry stamps differ on every run. */
const cookieShape = (line: string) =>
  line.replace(/^([^=]*)=[^;]*/, '$1=<value>').replace(/Expires=[^;]+/i, 'Expires=<date>');

/**
 * What must be equal: everything but the origin each runtime serves on, cookie values (random per
 * run) and the headers only real HTTP adds. Traces keep their shape: labels, methods, URLs,
 * statuses, header names and values, cookie names and attributes, bodies.
 */
function normalise(outcome: Outcome): unknown {
  const text = JSON.stringify(outcome)
    .replace(/http:\/\/localhost(?::\d+)?/g, '<origin>')
    // Random per run wherever they are quoted (messages, bodies, logs): tokens and cookie values.
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>')
    .replace(/(refresh_token\\":\\")[\w-]+/g, '$1<token>')
    .replace(/(\\"(?:iat|exp)\\":)\d+/g, '$1<time>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    // Token excerpts in messages: "…wOyQ_OEx." (a signature's end), "R1 = 43EBtfNtjGhbmF6L…".
    .replace(/…[\w-]{8}\./g, '…<end>.')
    .replace(/= [\w-]{16}…/g, '= <start>…')
    .replace(/\b((?:__Host-)?(?:sid|session|remember|refresh_token|csrf)\w*)=([^;,\s"\\]+)/g, '$1=<value>');
  const parsed = JSON.parse(text) as Outcome;
  if (!('results' in parsed)) return parsed;
  return {
    results: parsed.results.map((result) => ({
      ...result,
      trace: result.trace.map((entry) => ({
        ...entry,
        request: {
          ...entry.request,
          headers: Object.fromEntries(
            Object.entries(entry.request.headers).map(([k, v]) => [
              k,
              k === 'cookie' ? v.split('; ').map(cookieShape).join('; ') : v,
            ]),
          ),
        },
        ...(entry.response
          ? {
              response: {
                ...entry.response,
                headers: Object.fromEntries(
                  Object.entries(entry.response.headers).filter(([k]) => !TRANSPORT_HEADERS.has(k)),
                ),
                setCookie: entry.response.setCookie.map(cookieShape),
              },
            }
          : {}),
      })),
    })),
  };
}

// ---- the submissions ---------------------------------------------------------------------------

/** The first route of the first editable file: the one `throwingHandler` breaks. */
function throwingRoute(lab: Lab): { file: string; method: string; path: string } {
  const file = lab.manifest.editable[0] ?? '';
  const [method = 'POST', path = '/logout'] = (LEAF_ROUTES[file]?.[0] ?? 'POST /logout').split(' ');
  return { file, method, path };
}

/** Where `throwingHandler` throws: line 4, at the `id` of `user.id` (column 24). */
function expectedThrown(lab: Lab): ThrownError {
  const { file, method, path } = throwingRoute(lab);
  return {
    request: `${method} ${path}`,
    message: "TypeError: Cannot read properties of undefined (reading 'id')",
    at: { file, line: 4, column: 24 },
  };
}

/** A first learner route whose handler throws a TypeError on line 4 (reading a property of undefined). */
function throwingHandler(lab: Lab): LabFiles {
  const { file, method, path } = throwingRoute(lab);
  const source = [
    'export default function (app) {',
    `  app.${method.toLowerCase()}('${path}', (c) => {`,
    '    const user = undefined as unknown as { id: string };',
    '    return c.text(user.id);',
    '  });',
    '}',
    '',
  ].join('\n');
  return { ...lab.solution, [file]: source };
}

/** The first editable file throws at its top level, on line 2. */
function throwingFile(lab: Lab): LabFiles {
  const file = lab.manifest.editable[0] ?? '';
  return {
    ...lab.solution,
    [file]: `const limit = 3;\nthrow new RangeError('no more than ' + limit);\nexport default function () {}\n`,
  };
}

function submissions(lab: Lab): [name: string, files: LabFiles][] {
  return [
    ['solution', lab.solution],
    ['starter', lab.starter],
    ...lab.manifest.mistakes.map((m): [string, LabFiles] => [
      `mistake ${m.name}`,
      { ...lab.solution, ...lab.mistakes[m.name] },
    ]),
    ['a handler that throws', throwingHandler(lab)],
    ['a file that throws while loading', throwingFile(lab)],
  ];
}

// ---- the test ----------------------------------------------------------------------------------

const slugs = await listLabs();

beforeAll(async () => {
  await import('../../src/lab/worker/lab-worker');
  treeDir = mkdtempSync(join(tmpdir(), 'lab-parity-'));
  const { files } = await buildWebContainerTree();
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(treeDir, name), contents);
}, 60_000);

afterAll(() => {
  if (treeDir) rmSync(treeDir, { recursive: true, force: true });
});

describe.each(slugs)('lab %s: the Worker, lab.mjs and the CLI agree', (slug) => {
  it(
    'on the solution, the starter, every mistake, a handler that throws and a file that throws while loading',
    { timeout: 240_000 },
    async () => {
      const lab = await loadLab(slug);
      for (const [name, files] of submissions(lab)) {
        const worker = normalise(await viaWorker(lab, files));
        const tree = normalise(await viaTree(lab, files));
        const cli = normalise(await viaCli(lab, files));
        expect(tree, `${slug}, ${name}: lab.mjs vs the Worker`).toEqual(worker);
        expect(cli, `${slug}, ${name}: the CLI vs the Worker`).toEqual(worker);
        const text = JSON.stringify(worker);
        expect(text, `${slug}, ${name}: a machine path in learner-facing text`).not.toContain(ROOT);
        expect(text).not.toMatch(/file:\/\/|node_modules|\/tmp\//);
        // Equal is not enough: equally absent would be equal too.
        if (name === 'a handler that throws') {
          const thrown = (worker as { results: CheckResult[] }).results.filter((r) => r.thrown);
          expect(thrown.length, `${slug}: a check that reached the throwing handler`).toBeGreaterThan(0);
          for (const result of thrown) expect(result.thrown).toEqual(expectedThrown(lab));
        }
      }
    },
  );

  it('says where the handler threw in a console request’s answer, the same in the Worker and lab.mjs serve', async () => {
    const lab = await loadLab(slug);
    const { method, path } = throwingRoute(lab);
    const request: LabRequest = {
      method,
      path,
      headers: [
        ['origin', 'http://localhost:8787'],
        ['sec-fetch-site', 'same-origin'],
      ],
      ...(method === 'GET' ? {} : { body: '' }),
    };
    const files = throwingHandler(lab);
    const worker = await requestViaWorker(lab, files, request);
    const tree = await requestViaTree(lab, files, request);
    expect(worker.status).toBe(500);
    expect(tree.status).toBe(500);
    expect(worker.thrown).toEqual(expectedThrown(lab));
    expect(tree.thrown).toEqual(worker.thrown);
  });

  it('shows the learner their own error: the TypeError and its line, in the failing checks’ server log', async () => {
    const lab = await loadLab(slug);
    const outcome = await viaWorker(lab, throwingHandler(lab));
    if (!('results' in outcome))
      throw new Error(`the throwing handler did not load: ${JSON.stringify(outcome)}`);
    const file = lab.manifest.editable[0] ?? '';
    const logged = outcome.results.filter((r) => r.serverLog.includes('TypeError'));
    expect(logged.length, 'a check that reached the throwing handler').toBeGreaterThan(0);
    expect(logged[0]?.serverLog).toMatch(
      new RegExp(
        `failed: TypeError: Cannot read properties of undefined \\(reading 'id'\\)\\n {4}at .*${file.replace('.', '\\.')}:4:`,
      ),
    );
  });

  it('names the line of a file that throws while loading', async () => {
    const lab = await loadLab(slug);
    const outcome = await viaWorker(lab, throwingFile(lab));
    expect(outcome).toEqual({
      problem: {
        kind: 'load',
        file: lab.manifest.editable[0],
        line: 2,
        column: 7,
        message: 'the file threw while loading: RangeError: no more than 3',
      },
    });
  });
});
