/**
 * Proves the WebContainer tree under real Node: the built tree is written to a temp folder with a
 * lab's files transpiled the way the page does it, `node lab.mjs serve` serves it on a port, and the
 * in-container check command runs over HTTP against that port. Every lab: the solution passes,
 * the starter fails, and every mistake fails exactly the checks its manifest names.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLabs, loadLab } from '../../../sandbox-server/labs/load';
import type { CheckResult, LogLine } from '../runtime';
import { createLabHost } from '../../../sandbox-server/labs/host';
import { transpileOrProblem } from '../syntax';
import { buildWebContainerTree } from './build';
import { controlLines, type ControlReply } from './protocol';

const run = promisify(execFile);
const labs = await listLabs();
const MARK = '@@lab ';
let dir = '';
let treeBytes = 0;
let treePackage: unknown = null;

function writeLab(store: 'cookie' | 'server', files: Record<string, string>): void {
  rmSync(join(dir, 'leaves'), { recursive: true, force: true });
  for (const [path, source] of Object.entries(files)) {
    const result = transpileOrProblem(path, source);
    if ('problem' in result) throw new Error(`${path}: ${result.problem.message}`);
    const file = join(dir, 'leaves', path.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, result.code);
  }
  writeFileSync(join(dir, 'lab-config.json'), JSON.stringify({ store, secret: 's'.repeat(32) }));
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * StackBlitz runs the tree on Node 20 (its default), this test on the project's Node 22: the labs
 * run on both. Node 20 is the system `node` of the dev and CI image (the project's Node 22 comes
 * first on PATH, from node_modules/.bin); LAB_NODE20 names another binary. Missing, the Node 20
 * runs fail with this message instead of passing unseen.
 */
function findNode20(): { path: string } | { missing: string } {
  const major = (path: string): number | null => {
    try {
      return Number(/^v(\d+)\./.exec(execFileSync(path, ['--version'], { encoding: 'utf8' }))?.[1]);
    } catch {
      return null;
    }
  };
  const given = process.env['LAB_NODE20'];
  if (given)
    return major(given) === 20 ? { path: given } : { missing: `LAB_NODE20=${given} is not a Node 20 binary` };
  for (const folder of (process.env['PATH'] ?? '').split(delimiter)) {
    const path = join(folder, 'node');
    if (folder.includes('node_modules') || !existsSync(path)) continue;
    if (major(path) === 20) return { path };
  }
  return {
    missing:
      'no Node 20 found: the tree must run on Node 20 (what StackBlitz serves). Install Node 20 as the system `node`, or set LAB_NODE20=/path/to/node20',
  };
}
const node20 = findNode20();
const nodes = [
  { name: `Node ${process.versions.node}`, path: (): string => process.execPath },
  {
    name: 'Node 20',
    path: (): string => {
      if ('missing' in node20) throw new Error(node20.missing);
      return node20.path;
    },
  },
];

async function serve(node = process.execPath): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  // stdin is the page's control channel (see the control-channel test).
  const child = spawn(node, ['lab.mjs', 'serve', '--port', String(port)], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`lab.mjs serve exited with ${code}: ${out}`)));
  });
  return { child, port };
}

async function check(ids: string[], base?: string, node = process.execPath): Promise<CheckResult[]> {
  const args = ['lab.mjs', 'check', '--ids', ids.join(','), ...(base ? ['--base', base] : [])];
  const { stdout } = await run(node, args, { cwd: dir });
  const line = stdout.split('\n').find((l) => l.startsWith(MARK));
  if (!line) throw new Error(`no result line in: ${stdout}`);
  const { results } = JSON.parse(line.slice(MARK.length)) as { results: CheckResult[] };
  return results;
}

const verdicts = (results: CheckResult[]) => results.map((r) => `${r.id}:${r.status}`);
const failing = (results: CheckResult[]) =>
  results
    .filter((r) => r.status === 'fail' || r.status === 'error')
    .map((r) => r.id)
    .sort();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-tree-'));
  const { files, bytes } = await buildWebContainerTree();
  treeBytes = bytes;
  treePackage = JSON.parse(files['package.json'] ?? 'null');
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('WebContainer tree under real Node', () => {
  it('stays under 300 KB with no node_modules', () => {
    console.log(`WebContainer tree: ${(treeBytes / 1024).toFixed(1)} KB`);
    expect(treeBytes).toBeLessThan(300 * 1024);
  });

  it('asks for Node 20 or later (StackBlitz serves 20; Node 18 has no global crypto)', () => {
    expect(treePackage).toMatchObject({ engines: { node: '>=20' } });
  });

  it('answers the console through `lab.mjs request` against the served port', async () => {
    writeLab('server', {
      'routes/logout.ts': (await loadLab('05-session-security')).solution['routes/logout.ts'] ?? '',
    });
    const { child, port } = await serve();
    try {
      const body = new URLSearchParams({
        username: 'alice',
        password: 'correct horse battery staple',
      }).toString();
      const origin = `http://localhost:${port}`;
      const spec = {
        method: 'POST',
        path: '/login',
        headers: [
          ['content-type', 'application/x-www-form-urlencoded'],
          ['origin', origin],
          ['sec-fetch-site', 'same-origin'],
        ],
        body,
      };
      const { stdout } = await run(
        process.execPath,
        ['lab.mjs', 'request', JSON.stringify(spec), '--base', origin],
        { cwd: dir },
      );
      const { response } = JSON.parse(
        stdout
          .split('\n')
          .find((l) => l.startsWith(MARK))
          ?.slice(MARK.length) ?? '{}',
      ) as { response: { status: number; headers: [string, string][] } };
      expect(response.status).toBe(303);
      expect(
        response.headers
          .filter(([name]) => name === 'set-cookie')
          .map(([, v]) => v)
          .join('\n'),
      ).toMatch(/^sid=/m);
    } finally {
      child.kill();
    }
  });

  it("answers console requests and check runs written to `serve`'s stdin (no process per request), only with the secret", async () => {
    const lab = await loadLab('05-session-security');
    writeLab('server', { 'routes/logout.ts': lab.solution['routes/logout.ts'] ?? '' });
    const port = await freePort();
    const child = spawn(process.execPath, ['lab.mjs', 'serve', '--port', String(port)], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const replies = new Map<number, ControlReply>();
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n'))
        if (line.startsWith(`${MARK}{"reply"`)) {
          const r = JSON.parse(line.slice(MARK.length)) as ControlReply;
          replies.set(r.reply, r);
        }
    });
    const reply = async (id: number): Promise<ControlReply> => {
      for (let i = 0; i < 300 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 50));
      const got = replies.get(id);
      if (!got) throw new Error(`no reply ${id}: ${out}`);
      return got;
    };
    try {
      await new Promise<void>((resolve) =>
        child.stdout?.on('data', () => out.includes('"listening"') && resolve()),
      );
      // Long enough to be cut into several pieces; non-ASCII in the body and back.
      const body = new URLSearchParams({
        username: 'alice',
        password: 'correct horse battery staple',
        note: 'é'.repeat(700),
      }).toString();
      const request = {
        method: 'POST',
        path: '/login',
        headers: [
          ['content-type', 'application/x-www-form-urlencoded'],
          ['origin', 'http://localhost:8787'],
          ['sec-fetch-site', 'same-origin'],
        ] as [string, string][],
        body,
      };
      const lines = controlLines(1, { secret: 's'.repeat(32), request, timeoutMs: 3000 });
      expect(lines.length).toBeGreaterThan(2);
      child.stdin?.write(`${lines.join('\n')}\n`);
      const answered = await reply(1);
      expect(answered.response?.status).toBe(303);
      expect(
        answered.response?.headers.some(([name, value]) => name === 'set-cookie' && value.startsWith('sid=')),
      ).toBe(true);
      child.stdin?.write(
        `${controlLines(2, { secret: 'x'.repeat(32), request, timeoutMs: 3000 }).join('\n')}\n`,
      );
      expect(await reply(2)).toEqual({ reply: 2, error: 'refused: wrong secret' });
      child.stdin?.write(
        `${controlLines(3, { secret: 's'.repeat(32), check: ['LO-01'], timeoutMs: 3000 }).join('\n')}\n`,
      );
      expect((await reply(3)).results?.map((r) => `${r.id}:${r.status}`)).toEqual(['LO-01:pass']);
      // Every marked line is ASCII: the page's decoder cannot garble what it parses.
      expect(
        out
          .split('\n')
          .filter((l) => l.startsWith(MARK))
          .every((l) => /^[\x00-\x7f]*$/.test(l)),
      ).toBe(true);
    } finally {
      child.kill();
    }
  }, 30_000);

  it('`serve` says a file that throws while loading before it says it listens (the page waits for both)', async () => {
    writeLab('server', {
      'routes/logout.ts': "export default function () {\n  throw new Error('boom');\n}\n",
    });
    const port = await freePort();
    const child = spawn(process.execPath, ['lab.mjs', 'serve', '--port', String(port)], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const said = await new Promise<unknown[]>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const marked = out
            .split('\n')
            .filter((l) => l.startsWith(MARK))
            .map((l) => JSON.parse(l.slice(MARK.length)) as unknown);
          if (marked.some((m) => (m as { listening?: number }).listening)) resolve(marked);
        });
        child.on('exit', (code) => reject(new Error(`lab.mjs serve exited with ${code}: ${out}`)));
      });
      expect(said).toEqual([
        {
          problem: {
            kind: 'load',
            file: 'routes/logout.ts',
            line: expect.any(Number),
            column: expect.any(Number),
            message: 'the file threw while registering its routes: boom',
          },
        },
        { listening: port },
      ]);
    } finally {
      child.kill();
    }
  });

  it('`serve` logs a handler that throws as one error entry, stack included, and says where it threw', async () => {
    writeLab('server', {
      'routes/logout.ts':
        "export default function (app) {\n  app.get('/boom', () => {\n    throw new Error('boom');\n  });\n}\n",
    });
    const { child, port } = await serve();
    const thrown = {
      request: 'GET /boom',
      message: 'Error: boom',
      at: { file: 'routes/logout.ts', line: 3, column: 11 },
    };
    try {
      const lines: string[] = [];
      child.stdout?.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n')));
      expect((await fetch(`http://localhost:${port}/boom`)).status).toBe(500);
      await new Promise((r) => setTimeout(r, 100));
      const marked = () =>
        lines
          .filter((l) => l.startsWith(MARK))
          .map((l) => JSON.parse(l.slice(MARK.length)) as { log?: LogLine } & Partial<ControlReply>);
      expect(marked().map((m) => m.log)).toContainEqual({
        level: 'error',
        text: expect.stringMatching(/^GET \/boom failed: Error: boom\n\s+at /) as string,
        thrown,
      });
      // A console request (the control channel) carries it in its answer.
      const request = { method: 'GET', path: '/boom', headers: [] };
      child.stdin?.write(
        `${controlLines(1, { secret: 's'.repeat(32), request, timeoutMs: 3000 }).join('\n')}\n`,
      );
      for (let i = 0; i < 100 && !marked().some((m) => m.reply === 1); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(marked().find((m) => m.reply === 1)?.response).toMatchObject({ status: 500, thrown });
    } finally {
      child.kill();
    }
  });

  it("an endless loop stops only the checks' server: the stuck check is named, the rest is not run, and it ends in time", async () => {
    const lab = await loadLab('03-basic-logout-route');
    const solution = lab.solution['routes/logout.ts'] ?? '';
    writeLab('cookie', {
      'routes/logout.ts': solution.replace(
        "c.get('session').pop('userId');",
        "c.get('session').pop('userId');\n    while (true) {}",
      ),
    });
    const started = Date.now();
    const { stdout } = await run(
      process.execPath,
      ['lab.mjs', 'check', '--ids', lab.manifest.checks.join(','), '--timeout', '1000'],
      { cwd: dir },
    );
    const said = JSON.parse(
      stdout
        .split('\n')
        .find((l) => l.startsWith(MARK))
        ?.slice(MARK.length) ?? '{}',
    ) as { results: CheckResult[]; stuck?: { id: string; message: string } };
    expect(Date.now() - started).toBeLessThan(8000);
    const stuck = said.results.findIndex((r) =>
      /^Stopped: your code did not finish check LO-\d+ within 1 seconds, so it is probably stuck in an endless loop/.test(
        r.message,
      ),
    );
    expect(
      stuck,
      JSON.stringify(
        said.results.map((r) => `${r.id}:${r.status}:${r.message.slice(0, 60)}`),
        null,
        1,
      ),
    ).toBeGreaterThan(-1);
    expect(said.stuck).toEqual({ id: said.results[stuck]?.id, message: said.results[stuck]?.message });
    expect(said.results.map((r) => r.id)).toEqual(lab.manifest.checks);
    expect(said.results.slice(0, stuck).every((r) => !/^Stopped|^Not run/.test(r.message))).toBe(true);
    for (const rest of said.results.slice(stuck + 1))
      expect(rest).toMatchObject({
        status: 'error',
        message: expect.stringMatching(
          /^Not run: the lab stopped the server running the checks after LO-\d+ stopped answering/,
        ),
      });
  });

  it("a loop at load time stops the checks' server once its start limit is up, with a message, instead of waiting for the page to give up", async () => {
    const lab = await loadLab('03-basic-logout-route');
    writeLab('cookie', {
      ...lab.solution,
      'routes/logout.ts': `while (true) {}\n${lab.solution['routes/logout.ts'] ?? ''}`,
    });
    const started = Date.now();
    const { stdout } = await run(
      process.execPath,
      ['lab.mjs', 'check', '--ids', 'LO-05', '--start-timeout', '1500'],
      { cwd: dir },
    );
    expect(Date.now() - started).toBeLessThan(6000);
    const said = JSON.parse(
      stdout
        .split('\n')
        .find((l) => l.startsWith(MARK))
        ?.slice(MARK.length) ?? '{}',
    ) as unknown;
    expect(said).toEqual({
      problem: {
        kind: 'timeout',
        message:
          "Stopped: your files did not finish loading within 1.5 seconds, so one is probably stuck in an endless loop outside a route handler (code there runs once, at start-up). The lab stopped the checks' server; your code is unchanged.",
      },
    });
  });

  it("the checks' server forwards what the learner's code prints into each check's logs", async () => {
    const lab = await loadLab('03-basic-logout-route');
    const solution = lab.solution['routes/logout.ts'] ?? '';
    writeLab('cookie', {
      'routes/logout.ts': solution.replace(
        "c.get('session').pop('userId');",
        "c.get('session').pop('userId');\n    console.log('bye from logout');",
      ),
    });
    const [result] = await check(['LO-05']);
    expect(result).toMatchObject({
      id: 'LO-05',
      status: 'pass',
      logs: expect.stringContaining('bye from logout'),
    });
  });

  /** Every verdict of the lab's solution (served and private), starter and mistakes on `node`, asserted as it goes. */
  async function labVerdicts(slug: string, node: string): Promise<Record<string, string[]>> {
    const lab = await loadLab(slug);
    const { store, checks } = lab.manifest;
    const seen: Record<string, string[]> = {};
    writeLab(store, lab.solution);
    const { child, port } = await serve(node);
    try {
      const results = await check(checks, `http://localhost:${port}`, node);
      expect(results.map((r) => r.id)).toEqual(checks);
      expect(
        failing(results),
        JSON.stringify(
          results.filter((r) => r.status !== 'pass'),
          null,
          1,
        ),
      ).toEqual([]);
      seen['solution (served)'] = verdicts(results);
    } finally {
      child.kill();
    }
    // The default check command (a private server on a free port) gives the same verdicts.
    // The starter fails exactly what the in-process runner (the Worker's transport) says it fails.
    writeLab(store, lab.starter);
    const inProcess = createLabHost({
      lab: lab.manifest,
      origin: 'http://localhost:8787',
      secret: 's'.repeat(32),
    });
    inProcess.load(lab.starter);
    const expected = await inProcess.runChecks(checks);
    const starter = await check(checks, undefined, node);
    expect(failing(starter).length).toBeGreaterThan(0);
    expect(verdicts(starter), `${slug} starter over HTTP vs in-process`).toEqual(verdicts(expected));
    seen['starter'] = verdicts(starter);
    for (const mistake of lab.manifest.mistakes) {
      writeLab(store, { ...lab.solution, ...lab.mistakes[mistake.name] });
      const results = await check(checks, undefined, node);
      expect(failing(results), `${slug} mistake ${mistake.name}`).toEqual([...mistake.fails].sort());
      seen[`mistake ${mistake.name}`] = verdicts(results);
    }
    return seen;
  }

  describe.each(labs)('lab %s', (slug) => {
    let first: Record<string, string[]> | null = null;
    it.each(nodes)(
      'solution passes against the served port; starter and mistakes fail as named ($name, same verdicts on every Node)',
      async ({ path }) => {
        const seen = await labVerdicts(slug, path());
        if (first) expect(seen).toEqual(first);
        first ??= seen;
      },
      // A lab's every variant over real HTTP, twice on a loaded 2-core CI machine: up to a minute.
      150_000,
    );
  });
});
