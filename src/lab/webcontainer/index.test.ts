/**
 * The WebContainer adapter against a fake WebContainer (the real one needs StackBlitz's servers
 * and cross-origin isolation, neither of which exist in CI). The fake answers like `lab.mjs` in the
 * tree (src/lab/tree): `serve` says any load problem, then `listening`, and the port becomes
 * ready; `check` and `request` print their result. What runs inside is proven under real Node by
 * src/lab/tree/index.test.ts; this file proves what the page does around it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RuntimeProblemError } from '../problem';
import type { CheckResult, LabRuntime, LogLine, RuntimeFactory, RuntimeProblem } from '../runtime';

const MARK = '@@lab ';
const TREE = { 'lab.mjs': { file: { contents: '// the bundled lab server' } }, 'package.json': { file: { contents: '{"type":"module"}' } } };
const PREVIEW_URL = 'https://logout-lab--8787--fake.local-corp.webcontainer-api.io';

class FakeProcess {
  readonly output: ReadableStream<string>;
  readonly exit: Promise<number>;
  killed = false;
  #out!: ReadableStreamDefaultController<string>;
  #exit!: (code: number) => void;
  constructor(readonly args: string[]) {
    this.output = new ReadableStream<string>({ start: (controller) => void (this.#out = controller) });
    this.exit = new Promise((resolve) => (this.#exit = resolve));
  }
  print(text: string): void {
    if (!this.killed) this.#out.enqueue(`${text}\r\n`);
  }
  say(value: unknown): void {
    this.print(`${MARK}${JSON.stringify(value)}`);
  }
  end(code: number): void {
    if (this.killed) return;
    this.killed = true;
    this.#out.close();
    this.#exit(code);
  }
  kill(): void {
    this.end(137);
  }
}

class FakeWebContainer {
  readonly files = new Map<string, string>();
  readonly spawned: FakeProcess[] = [];
  mounted: unknown = null;
  #ready = new Set<(port: number, url: string) => void>();
  fs = {
    writeFile: async (path: string, contents: string) => void this.files.set(path, contents),
    mkdir: async () => undefined,
  };
  async mount(tree: unknown): Promise<void> {
    this.mounted = tree;
  }
  on(event: string, listener: (port: number, url: string) => void): () => void {
    if (event === 'server-ready') this.#ready.add(listener);
    return () => this.#ready.delete(listener);
  }
  get serves(): FakeProcess[] {
    return this.spawned.filter((p) => p.args[2] === 'serve');
  }
  leaves(): string {
    return [...this.files].filter(([path]) => path.startsWith('leaves/')).map(([, code]) => code).join('\n');
  }
  /** Behaves like `node lab.mjs …` in the tree, reading the files written so far. */
  async spawn(command: string, args: string[]): Promise<FakeProcess> {
    const process = new FakeProcess([command, ...args]);
    this.spawned.push(process);
    const code = this.leaves();
    setTimeout(() => {
      if (args[1] === 'serve') {
        process.say({ log: { level: 'info', text: 'session: a server log line' } });
        if (code.includes('throw new Error')) process.say({ problem: { kind: 'crash', message: 'routes/logout.ts: the file threw while registering its routes: boom' } });
        process.print('Lab server (server sessions) listening on http://localhost:8787');
        process.say({ listening: 8787 });
        for (const listener of this.#ready) listener(8787, PREVIEW_URL);
      } else if (args[1] === 'check') {
        const ids = (args[args.indexOf('--ids') + 1] ?? '').split(',');
        process.print('a learner console.log line');
        const results = ids.map((id) => ({ id, title: id, status: 'pass', message: '', hint: { concept: 'c', lesson: '05-session-security' }, trace: [], logs: '' }));
        if (code.includes('while (true)')) {
          // What lab.mjs check says when its private server was stuck (see the tree test).
          const message = `Stopped: your code did not finish check ${ids[0]} within 3 seconds, so it is probably stuck in an endless loop.`;
          process.say({ results: results.map((r, i) => ({ ...r, status: 'error', message: i ? 'Not run' : message })), stuck: { id: ids[0], message } });
        } else process.say({ results });
        process.end(0);
      } else if (args[1] === 'request') {
        const request = JSON.parse(args[2] ?? '{}') as { path: string };
        process.say({ response: { status: 200, statusText: 'OK', headers: [['content-type', 'text/plain']], body: `you asked for ${request.path}`, durationMs: 1 } });
        process.end(0);
      }
    }, 1);
    return process;
  }
}

const api = vi.hoisted(() => ({ boot: (() => new Promise(() => undefined)) as () => Promise<unknown> }));
vi.mock('@webcontainer/api', () => ({ WebContainer: { boot: () => api.boot() } }));

const lab = { lessonId: '05-session-security', store: 'server' as const, checks: ['LO-01', 'LO-04'] };
const starter = {
  'routes/logout.ts': "import type { LeafApp } from '@sandbox/app/types';\nexport default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => c.redirect('/', 303));\n}\n",
  'routes/login.ts': "import type { LeafApp } from '@sandbox/app/types';\nexport default function login(app: LeafApp): void {\n  app.post('/login', (c) => c.redirect('/', 303));\n}\n",
};
let fetched: string[] = [];

/**
 * A fresh adapter module each time: the page boots one WebContainer, and each test is a page.
 * (So its RuntimeProblemError is a fresh class too: errors are matched by name, not instanceof.)
 */
async function adapter(): Promise<RuntimeFactory> {
  vi.resetModules();
  return (await import('./index')).createWebContainerRuntime;
}

async function started(wc = new FakeWebContainer()) {
  api.boot = async () => wc;
  const lines: LogLine[] = [];
  const runtime = await (await adapter())({ lab });
  runtime.logs((line) => lines.push(line));
  await runtime.start(starter);
  return { wc, runtime, lines };
}

beforeEach(() => {
  fetched = [];
  vi.stubGlobal('fetch', async (url: string) => {
    fetched.push(url);
    return new Response(JSON.stringify(TREE), { headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('WebContainer adapter', () => {
  it('a boot that does not finish in time rejects with the reason the status line shows', async () => {
    api.boot = () => new Promise(() => undefined);
    const runtime = await (await adapter())({ lab, bootTimeoutMs: 200 });
    await expect(runtime.start(starter)).rejects.toThrow(
      "StackBlitz's WebContainer runtime did not load within 0.2 seconds: offline, blocked by the network, or an unsupported browser",
    );
  });

  it('through the store: falls back to the Worker and says why', async () => {
    api.boot = () => new Promise(() => undefined);
    const webcontainer = await adapter();
    const worker: RuntimeFactory = async () => ({
      kind: 'worker',
      origin: 'http://localhost:8787',
      start: async () => undefined,
      updateFiles: async () => undefined,
      request: async () => ({ status: 200, statusText: 'OK', headers: [], body: '', durationMs: 1 }),
      runChecks: async () => [],
      preview: () => ({ kind: 'bridge' }),
      logs: () => () => undefined,
      dispose: async () => undefined,
    }) satisfies LabRuntime;
    const { createLabStore } = await import('../store');
    const store = createLabStore({ lab, files: starter, adapters: { webcontainer, worker }, env: { crossOriginIsolated: true, sharedArrayBuffer: true }, bootTimeoutMs: 200 });
    await store.start();
    expect(store.getState()).toMatchObject({
      runtime: 'worker',
      status: "Running in your browser: WebContainers are unavailable here (StackBlitz's WebContainer runtime did not load within 0.2 seconds: offline, blocked by the network, or an unsupported browser).",
      switchAction: { label: 'Retry WebContainer' },
    });
  });

  it('mounts the prebuilt tree, writes the config and the transpiled files, serves, and previews the server-ready URL', async () => {
    const { wc, runtime, lines } = await started();
    expect(fetched).toEqual(['/lab/webcontainer-tree.json']);
    expect(wc.mounted).toEqual(TREE);
    expect(JSON.parse(wc.files.get('lab-config.json') ?? '{}')).toMatchObject({ store: 'server', secret: expect.stringMatching(/^[0-9a-f]{48}$/) });
    // TypeScript in, CommonJS out: the container runs plain node, no TypeScript.
    const logout = wc.files.get('leaves/routes/logout.js') ?? '';
    expect(logout).toContain("app.post('/logout'");
    expect(logout).toMatch(/exports\.default|exports, "default"/);
    expect(logout).not.toMatch(/import type|: LeafApp/);
    expect(wc.files.has('leaves/routes/login.js')).toBe(true);
    expect(wc.serves.map((p) => p.args)).toEqual([['node', 'lab.mjs', 'serve', '--port', '8787']]);
    expect(runtime.preview()).toEqual({ kind: 'url', url: PREVIEW_URL });
    // Server log entries keep their level; other output is a plain log line.
    expect(lines).toEqual(expect.arrayContaining([expect.objectContaining({ level: 'info', text: 'session: a server log line' })]));
    expect(lines).toEqual(expect.arrayContaining([expect.objectContaining({ level: 'log', text: 'Lab server (server sessions) listening on http://localhost:8787' })]));
  });

  it('runs the checks inside the container: node lab.mjs check with the ids and the time limit', async () => {
    const { wc, runtime } = await started();
    const results: CheckResult[] = await runtime.runChecks(['LO-01', 'LO-04']);
    expect(results.map((r) => `${r.id}:${r.status}`)).toEqual(['LO-01:pass', 'LO-04:pass']);
    expect(wc.spawned.at(-1)?.args).toEqual(['node', 'lab.mjs', 'check', '--ids', 'LO-01,LO-04', '--timeout', '3000']);
  });

  it('a check the container stopped (an endless loop) is reported as a problem, with the results', async () => {
    const wc = new FakeWebContainer();
    api.boot = async () => wc;
    const problems: RuntimeProblem[] = [];
    const runtime = await (await adapter())({ lab, onProblem: (p) => problems.push(p) });
    await runtime.start({ ...starter, 'routes/logout.ts': `${starter['routes/logout.ts']}while (true) {}\n` });
    const results = await runtime.runChecks(['LO-01', 'LO-04']);
    expect(results.map((r) => `${r.id}:${r.status}`)).toEqual(['LO-01:error', 'LO-04:error']);
    expect(problems).toEqual([{ kind: 'timeout', message: expect.stringMatching(/^Stopped: your code did not finish check LO-01 within 3 seconds/) }]);
  });

  it('sends console requests through node lab.mjs request against the local port', async () => {
    const { wc, runtime } = await started();
    const response = await runtime.request({ method: 'GET', path: '/me', headers: [] });
    expect(response).toMatchObject({ status: 200, body: 'you asked for /me' });
    expect(wc.spawned.at(-1)?.args.slice(0, 3)).toEqual(['node', 'lab.mjs', 'request']);
    expect(wc.spawned.at(-1)?.args.slice(4)).toEqual(['--base', 'http://localhost:8787', '--timeout', '3000']);
  });

  it('writes several files, then restarts the server once', async () => {
    const { wc, runtime } = await started();
    await runtime.updateFiles({ 'routes/logout.ts': `${starter['routes/logout.ts']}// one\n`, 'routes/login.ts': `${starter['routes/login.ts']}// two\n` });
    expect(wc.serves).toHaveLength(2);
    expect(wc.serves[0]?.killed).toBe(true);
    expect(wc.files.get('leaves/routes/logout.js')).toContain('// one');
    expect(wc.files.get('leaves/routes/login.js')).toContain('// two');
  });

  it('a syntax error names its place, writes nothing and leaves the running server alone', async () => {
    const { wc, runtime } = await started();
    const error = await runtime.updateFiles({ 'routes/logout.ts': 'export default function (app) {\n  app.post("/logout", (c) => {\n    const = 1;\n  });\n}\n' }).catch((e: unknown) => e);
    expect((error as RuntimeProblemError).problem).toMatchObject({ kind: 'compile', file: 'routes/logout.ts', line: 3 });
    expect(wc.serves).toHaveLength(1);
    expect(wc.serves[0]?.killed).toBe(false);
    expect(wc.files.get('leaves/routes/logout.js')).toContain("app.post('/logout'");
  });

  it('a file that throws while loading is a problem for the learner, and the last version that loaded serves again', async () => {
    const { wc, runtime } = await started();
    const error = await runtime.updateFiles({ 'routes/logout.ts': "export default function () {\n  throw new Error('boom');\n}\n" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RuntimeProblemError' });
    expect((error as RuntimeProblemError).problem).toEqual({
      kind: 'crash',
      message: 'routes/logout.ts: the file threw while registering its routes: boom The server keeps running your last version that loaded.',
    });
    // Started, restarted with the throwing file, restarted with the last good one.
    expect(wc.serves).toHaveLength(3);
    expect(wc.files.get('leaves/routes/logout.js')).toContain("app.post('/logout'");
  });

  it('through the store: that problem stays on screen instead of being cleared', async () => {
    const wc = new FakeWebContainer();
    api.boot = async () => wc;
    const webcontainer = await adapter();
    const { createLabStore } = await import('../store');
    const store = createLabStore({ lab, files: starter, adapters: { webcontainer }, env: { crossOriginIsolated: true, sharedArrayBuffer: true }, restartDelayMs: 1 });
    await store.start();
    expect(store.getState().runtime).toBe('webcontainer');
    store.edit('routes/logout.ts', "export default function () {\n  throw new Error('boom');\n}\n");
    await store.request({ method: 'GET', path: '/', headers: [] }); // waits for the restart
    expect(store.getState().problem).toMatchObject({ kind: 'crash', message: expect.stringMatching(/^routes\/logout\.ts: the file threw/) });
  });

  it('a first version that does not compile starts no server, and nothing is checked', async () => {
    const wc = new FakeWebContainer();
    api.boot = async () => wc;
    const runtime = await (await adapter())({ lab });
    const error = await runtime.start({ ...starter, 'routes/logout.ts': 'const = 1;' }).catch((e: unknown) => e);
    expect((error as RuntimeProblemError).problem).toMatchObject({ kind: 'compile', file: 'routes/logout.ts' });
    expect(wc.spawned).toHaveLength(0);
    expect(await runtime.request({ method: 'GET', path: '/', headers: [] })).toMatchObject({ status: 503 });
    await expect(runtime.runChecks(['LO-01'])).rejects.toThrow(/not running/);
  });
});
