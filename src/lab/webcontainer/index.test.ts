/**
 * The WebContainer adapter against a fake WebContainer (./fake.ts) that behaves as real ones are
 * documented and reported to: a pseudo-terminal's output (chunks decoded one by one, \r\n, echo,
 * colour codes), a kill() that may do nothing, calls that may never settle, `error` events, a port
 * taken until its process exits, and no `server-ready`. What runs inside is proven under real
 * Node by src/lab/tree/index.test.ts; this file proves what the page does around it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RuntimeProblemError } from '../problem';
import { CookieJar } from '../cookie-jar';
import type {
  CheckResult,
  LabRequest,
  LabResponse,
  LabRuntime,
  LogLine,
  RuntimeFactory,
  RuntimeProblem,
} from '../runtime';
import { createPreviewView } from '../ui/preview-view';
import { decodeLikeTheApi, FakeWebContainer, type FakeBehaviour } from './fake';
import type { WebContainerRuntimeOptions } from './index';

const TREE = {
  'lab.mjs': { file: { contents: '// the bundled lab server' } },
  'package.json': { file: { contents: '{"type":"module"}' } },
};

const api = vi.hoisted(() => ({ boot: (() => new Promise(() => undefined)) as () => Promise<unknown> }));
vi.mock('@webcontainer/api', () => ({ WebContainer: { boot: () => api.boot() } }));

const lab = { lessonId: '05-session-security', store: 'server' as const, checks: ['LO-01', 'LO-04'] };
const starter = {
  'routes/logout.ts':
    "import type { LeafApp } from '@sandbox/app/types';\nexport default function logout(app: LeafApp): void {\n  app.post('/logout', (c) => c.redirect('/', 303));\n}\n",
  'routes/login.ts':
    "import type { LeafApp } from '@sandbox/app/types';\nexport default function login(app: LeafApp): void {\n  app.post('/login', (c) => c.redirect('/', 303));\n}\n",
};
let fetched: string[] = [];

/**
 * A fresh adapter module each time: the page boots one WebContainer, and each test is a page.
 * (So its RuntimeProblemError is a fresh class too: errors are matched by name, not instanceof.)
 */
async function adapter(): Promise<(options: WebContainerRuntimeOptions) => Promise<LabRuntime>> {
  vi.resetModules();
  return (await import('./index')).createWebContainerRuntime;
}

/** Short limits, so a call that never settles fails the test quickly. */
const limits = { callMs: 300, exitMs: 200, serveStartMs: 500 };

async function started(
  wc = new FakeWebContainer(),
  options: Partial<WebContainerRuntimeOptions> = {},
  files: Record<string, string> = starter,
) {
  api.boot = async () => wc;
  const lines: LogLine[] = [];
  const problems: RuntimeProblem[] = [];
  const failures: string[] = [];
  const runtime = await (
    await adapter()
  )({ lab, limits, onProblem: (p) => problems.push(p), onFailure: (m) => failures.push(m), ...options });
  runtime.logs((line) => lines.push(line));
  await runtime.start(files);
  return { wc, runtime, lines, problems, failures };
}

/** A Worker stand-in for the store's fallback. */
const worker: RuntimeFactory = async () =>
  ({
    kind: 'worker',
    origin: 'http://localhost:8787',
    start: async () => undefined,
    updateFiles: async () => undefined,
    request: async () => ({
      status: 200,
      statusText: 'OK',
      headers: [],
      body: 'from the worker',
      durationMs: 1,
    }),
    runChecks: async () => [],
    preview: () => ({ kind: 'bridge' }),
    logs: () => () => undefined,
    dispose: async () => undefined,
  }) satisfies LabRuntime;

/** Until the WebContainer booting in the background has served or failed (the store moved over, or not). */
const upgraded = (store: { getState(): { upgrading: unknown } }) =>
  vi.waitFor(() => expect(store.getState().upgrading).toBeNull(), { timeout: 3000 });

async function storeOn(behaviour: FakeBehaviour) {
  const wc = new FakeWebContainer(behaviour);
  api.boot = async () => wc;
  const create = await adapter();
  const webcontainer: RuntimeFactory = (options) => create({ ...options, limits });
  const { createLabStore } = await import('../store');
  const store = createLabStore({
    lab,
    files: starter,
    adapters: { webcontainer, worker },
    env: { crossOriginIsolated: true, sharedArrayBuffer: true },
    restartDelayMs: 1,
    timeoutMs: 200,
  });
  return { wc, store };
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
    const { createLabStore } = await import('../store');
    const store = createLabStore({
      lab,
      files: starter,
      adapters: { webcontainer, worker },
      env: { crossOriginIsolated: true, sharedArrayBuffer: true },
      bootTimeoutMs: 200,
    });
    await store.start();
    expect(store.getState()).toMatchObject({ runtime: 'worker', upgrading: 'webcontainer' });
    await upgraded(store);
    expect(store.getState()).toMatchObject({
      runtime: 'worker',
      statusDetail:
        "The server runs in a Web Worker: WebContainers are unavailable here (StackBlitz's WebContainer runtime did not load within 0.2 seconds: offline, blocked by the network, or an unsupported browser).",
      switchAction: { label: 'Retry WebContainer' },
    });
  });

  it('mounts the prebuilt tree, writes the config and the transpiled files, serves without server-ready, and previews through the bridge', async () => {
    const { wc, runtime, lines } = await started();
    expect(fetched).toEqual(['/lab/webcontainer-tree.json']);
    expect(wc.mounted).toEqual(TREE);
    expect(JSON.parse(wc.files.get('lab-config.json') ?? '{}')).toMatchObject({
      store: 'server',
      secret: expect.stringMatching(/^[0-9a-f]{48}$/),
    });
    // TypeScript in, CommonJS out: the container runs plain node, no TypeScript.
    const logout = wc.files.get('leaves/routes/logout.js') ?? '';
    expect(logout).toContain("app.post('/logout'");
    expect(logout).toMatch(/exports\.default|exports, "default"/);
    expect(logout).not.toMatch(/import type|: LeafApp/);
    expect(wc.files.has('leaves/routes/login.js')).toBe(true);
    expect(wc.serves.map((p) => p.args)).toEqual([['node', 'lab.mjs', 'serve', '--port', '8787']]);
    // The container's preview URL is another site (CSRF, SameSite=Lax): the bridge, as in the Worker.
    expect(runtime.preview()).toEqual({ kind: 'bridge' });
    // Server log entries keep their level; other output is a plain log line.
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', text: 'session: a server log line' }),
      ]),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'log',
          text: 'Lab server (server sessions) listening on http://localhost:8787',
        }),
      ]),
    );
  });

  it('runs the checks through the running serve (its stdin), with the ids and the time limit, and no new process', async () => {
    const { wc, runtime } = await started();
    const results: CheckResult[] = await runtime.runChecks(['LO-01', 'LO-04']);
    expect(results.map((r) => `${r.id}:${r.status}`)).toEqual(['LO-01:pass', 'LO-04:pass']);
    expect(wc.spawned).toHaveLength(1);
    expect(wc.serves[0]?.control).toEqual([
      { secret: expect.stringMatching(/^[0-9a-f]{48}$/), check: ['LO-01', 'LO-04'], timeoutMs: 3000 },
    ]);
  });

  it('a check the container stopped (an endless loop) is reported as a problem, with the results', async () => {
    const { runtime, problems } = await started(
      new FakeWebContainer(),
      {},
      { ...starter, 'routes/logout.ts': `${starter['routes/logout.ts']}while (true) {}\n` },
    );
    const results = await runtime.runChecks(['LO-01', 'LO-04']);
    expect(results.map((r) => `${r.id}:${r.status}`)).toEqual(['LO-01:error', 'LO-04:error']);
    expect(problems).toEqual([
      {
        kind: 'timeout',
        message: expect.stringMatching(/^Stopped: your code did not finish check LO-01 within 3 seconds/),
      },
    ]);
  });

  it('sends console requests through the running serve (its stdin), not a Node process each; the echo is not logged', async () => {
    const { wc, runtime, lines } = await started();
    const secret = JSON.parse(wc.files.get('lab-config.json') ?? '{}').secret as string;
    const response = await runtime.request({ method: 'GET', path: '/me', headers: [['cookie', 'sid=abc']] });
    expect(response).toMatchObject({ status: 200, body: 'you asked for /me' });
    expect(await runtime.request({ method: 'GET', path: '/again', headers: [] })).toMatchObject({
      body: 'you asked for /again',
    });
    expect(wc.spawned).toHaveLength(1);
    expect(wc.serves[0]?.control[0]).toEqual({
      secret,
      request: { method: 'GET', path: '/me', headers: [['cookie', 'sid=abc']] },
      timeoutMs: 3000,
    });
    // The terminal echoed the control lines (with the secret): never shown.
    expect(lines.some((line) => line.text.includes('@@ctl') || line.text.includes(secret))).toBe(false);
  });

  it('a login through the preview works: the bridge sends it through request() as same-origin, and the cookie lives in the jar', async () => {
    // The app as the sandbox behaves: its CSRF check wants its own origin, its session a cookie.
    const app = (request: LabRequest): LabResponse => {
      const header = (name: string) => request.headers.find(([n]) => n === name)?.[1];
      const html = (status: number, body: string, headers: [string, string][] = []): LabResponse => ({
        status,
        statusText: '',
        headers: [['content-type', 'text/html'], ...headers],
        body,
        durationMs: 1,
      });
      if (request.method === 'POST' && request.path === '/login')
        return header('origin') === 'http://localhost:8787'
          ? html(303, '', [
              ['location', '/me'],
              ['set-cookie', 'sid=abc; Path=/; HttpOnly; SameSite=Lax'],
            ])
          : html(403, 'CSRF');
      if (request.path === '/me')
        return header('cookie')?.includes('sid=abc') ? html(200, '<p>alice</p>') : html(401, 'log in');
      return html(404, '');
    };
    const { wc, runtime } = await started(new FakeWebContainer({ app }));
    // Just enough DOM for the preview view (it is plain DOM; Vitest runs in Node).
    let frameWindow: unknown = null;
    const nodes: Record<string, unknown>[] = [];
    const element = (tag: string): Record<string, unknown> => {
      const node = {
        tagName: tag,
        contentWindow: {},
        setAttribute: () => undefined,
        removeAttribute: () => undefined,
        appendChild: (c: unknown) => c,
        addEventListener: () => undefined,
      };
      if (tag === 'iframe') frameWindow = node.contentWindow;
      nodes.push(node);
      return node;
    };
    let onMessage: (event: unknown) => void = () => undefined;
    vi.stubGlobal('document', { createElement: element, createTextNode: element });
    vi.stubGlobal('window', {
      addEventListener: (_: string, listener: (event: unknown) => void) => (onMessage = listener),
      removeEventListener: () => undefined,
    });
    const jar = new CookieJar();
    const view = createPreviewView({
      jar,
      origin: () => runtime.origin,
      send: (request) => runtime.request(request),
      preview: () => runtime.preview(),
    });
    await view.open('/me');
    // The learner submits the login form in the preview: the bridge script posts it to the page.
    const source = frameWindow;
    onMessage({
      source,
      data: {
        type: 'logout-lab-preview',
        method: 'POST',
        href: '/login',
        body: 'username=alice&password=pw',
      },
    });
    await vi.waitFor(() =>
      expect(
        wc.serves[0]?.control
          .filter((m) => 'request' in m)
          .map((m) => ('request' in m ? `${m.request.method} ${m.request.path}` : '')),
      ).toEqual(['GET /me', 'POST /login', 'GET /me']),
    );
    const requests = (wc.serves[0]?.control ?? []).flatMap((m) => ('request' in m ? [m.request] : []));
    expect(requests[1]?.headers).toEqual(
      expect.arrayContaining([
        ['origin', 'http://localhost:8787'],
        ['sec-fetch-site', 'same-origin'],
      ]),
    );
    expect(requests[2]?.headers).toEqual(expect.arrayContaining([['cookie', 'sid=abc']]));
    expect(jar.header('/')).toBe('sid=abc');
    // The trail under the preview: the redirect was followed with the cookie.
    expect(nodes.map((n) => n['textContent']).filter(Boolean)).toContain('POST /login → 303 · GET /me → 200');
    view.destroy();
  });

  it('a 15 KB UTF-8 reply, coloured and cut into chunks mid-character, arrives whole', async () => {
    const body = `${'héllo wörld ☕ 😀 '.repeat(800)}end`;
    expect(new TextEncoder().encode(body).length).toBeGreaterThan(15_000);
    // The fake is as lossy as the API: raw UTF-8 cut into 7-byte chunks comes out garbled.
    expect(decodeLikeTheApi(body, 7).join('')).not.toBe(body);
    const { runtime, lines } = await started(
      new FakeWebContainer({ colour: true, chunkBytes: 7, body: () => body }),
    );
    expect((await runtime.request({ method: 'GET', path: '/big', headers: [] })).body).toBe(body);
    // Coloured marked lines are still recognised: their log entries, not the raw line.
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', text: 'session: a server log line' }),
      ]),
    );
    expect(lines.some((line) => line.text.includes('@@lab'))).toBe(false);
  });

  it('an endless loop in a handler: the request stops at its limit, serve is killed and started again', async () => {
    const { wc, runtime, problems, failures } = await started(
      new FakeWebContainer(),
      { timeoutMs: 100 },
      { ...starter, 'routes/logout.ts': `${starter['routes/logout.ts']}// while (true)\n` },
    );
    const error = await runtime
      .request({ method: 'GET', path: '/loop', headers: [] })
      .catch((e: unknown) => e);
    expect((error as RuntimeProblemError).problem).toEqual({
      kind: 'timeout',
      message:
        'Stopped: your code did not answer GET /loop within 1.1 seconds, so it is probably stuck in an endless loop. The lab restarted the Node.js server; your code is unchanged.',
    });
    expect(problems).toEqual([(error as RuntimeProblemError).problem]);
    expect(failures).toEqual([]);
    expect(wc.serves).toHaveLength(2);
    expect(wc.serves[0]?.exited).toBe(true);
    expect(await runtime.request({ method: 'GET', path: '/me', headers: [] })).toMatchObject({
      body: 'you asked for /me',
    });
  });

  it('a loop kill() cannot stop (webcontainer-core #1121): the container is torn down and the lab handed to the Worker, which the message says', async () => {
    const { wc, runtime, failures } = await started(
      new FakeWebContainer({ unkillable: true }),
      { timeoutMs: 100 },
      { ...starter, 'routes/logout.ts': `${starter['routes/logout.ts']}// while (true)\n` },
    );
    const error = await runtime
      .request({ method: 'GET', path: '/loop', headers: [] })
      .catch((e: unknown) => e);
    expect((error as RuntimeProblemError).problem.message).toBe(
      "Stopped: your code did not answer GET /loop within 1.1 seconds, so it is probably stuck in an endless loop. The WebContainer could not stop it, so the lab moves to your browser's Worker runtime; your code is unchanged.",
    );
    expect(wc.tornDown).toBe(true);
    expect(failures).toEqual([
      'a Node.js process in the WebContainer did not stop within 0.2 seconds (a WebContainer cannot always stop a busy loop), so the lab shut the WebContainer down',
    ]);
    await expect(runtime.request({ method: 'GET', path: '/', headers: [] })).rejects.toThrow(
      /shut the WebContainer down/,
    );
  });

  it('through the store: after an unstoppable loop the lab serves from the Worker and the status says why', async () => {
    const { wc, store } = await storeOn({ unkillable: true });
    await store.start();
    await upgraded(store);
    expect(store.getState().runtime).toBe('webcontainer');
    store.edit('routes/logout.ts', `${starter['routes/logout.ts']}// while (true)\n`);
    await store.request({ method: 'GET', path: '/loop', headers: [] }).catch(() => undefined);
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ phase: 'ready', runtime: 'worker' }));
    expect(wc.tornDown).toBe(true);
    expect(store.getState().statusDetail).toBe(
      'The server runs in a Web Worker: WebContainers are unavailable here (a Node.js process in the WebContainer did not stop within 0.2 seconds (a WebContainer cannot always stop a busy loop), so the lab shut the WebContainer down).',
    );
    expect(await store.request({ method: 'GET', path: '/', headers: [] })).toMatchObject({
      body: 'from the worker',
    });
  });

  it.each([
    ['mount', 'the WebContainer did not mount the server files within 0.3 seconds'],
    ['spawn', 'the WebContainer did not start Node.js within 0.5 seconds'],
    ['writeFile', 'the WebContainer did not write lab-config.json within 0.3 seconds'],
  ] as const)('a %s that never settles ends in a plain message and the Worker', async (call, message) => {
    const { store } = await storeOn({ hang: new Set([call]) });
    await store.start();
    await upgraded(store);
    expect(store.getState()).toMatchObject({
      runtime: 'worker',
      statusDetail: `The server runs in a Web Worker: WebContainers are unavailable here (${message}).`,
    });
  });

  it('a file write that never settles after the start hands the lab to the Worker', async () => {
    const behaviour: { hang?: Set<'writeFile'> } = {};
    const { store } = await storeOn(behaviour);
    await store.start();
    await upgraded(store);
    expect(store.getState().runtime).toBe('webcontainer');
    behaviour.hang = new Set(['writeFile']);
    store.edit('routes/logout.ts', `${starter['routes/logout.ts']}// changed\n`);
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ phase: 'ready', runtime: 'worker' }));
    expect(store.getState().statusDetail).toBe(
      'The server runs in a Web Worker: WebContainers are unavailable here (the WebContainer did not write leaves/routes/logout.js within 0.3 seconds).',
    );
  });

  it('a stdin write that never settles counts as a container failure, not a hang', async () => {
    const behaviour: { hang?: Set<'input'> } = {};
    const { runtime, failures } = await started(new FakeWebContainer(behaviour));
    behaviour.hang = new Set(['input']);
    await expect(runtime.request({ method: 'GET', path: '/', headers: [] })).rejects.toThrow(
      'the WebContainer did not pass a request to the server within 0.3 seconds',
    );
    expect(failures).toEqual(['the WebContainer did not pass a request to the server within 0.3 seconds']);
  });

  it("the container's error event hands the lab to the Worker with its message", async () => {
    const { wc, store } = await storeOn({});
    await store.start();
    await upgraded(store);
    expect(store.getState().runtime).toBe('webcontainer');
    wc.emitError('Unable to create more instances');
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ phase: 'ready', runtime: 'worker' }));
    expect(store.getState().statusDetail).toBe(
      'The server runs in a Web Worker: WebContainers are unavailable here (the WebContainer reported an error: Unable to create more instances).',
    );
  });

  it('serve exiting after it listened is noticed, said with its last output lines, and serve starts again', async () => {
    const { wc, runtime, lines, problems } = await started();
    wc.serves[0]?.print('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory');
    wc.serves[0]?.end(134);
    await vi.waitFor(() => expect(wc.serves).toHaveLength(2));
    const said = lines.find((line) => line.level === 'system')?.text ?? '';
    expect(said).toMatch(
      /^The Node\.js server stopped unexpectedly \(exit code 134\); the lab starts it again\.\nIts last output:\n/,
    );
    expect(said).toContain('FATAL ERROR: Reached heap limit');
    expect(problems).toEqual([{ kind: 'crash', message: said }]);
    expect(await runtime.request({ method: 'GET', path: '/me', headers: [] })).toMatchObject({
      body: 'you asked for /me',
    });
  });

  it('a serve that keeps exiting hands the lab to the Worker after three tries', async () => {
    const { wc, failures } = await started();
    for (let i = 0; i < 3; i++) {
      await vi.waitFor(() => expect(wc.serves.at(-1)?.args).toBeDefined());
      await new Promise((r) => setTimeout(r, 10));
      wc.serves.at(-1)?.end(1);
      await new Promise((r) => setTimeout(r, 10));
    }
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect(failures[0]).toMatch(/^the Node\.js server stopped 3 times in a row \(exit code 1\)/);
  });

  it('files that never finish loading (a loop at the top level) are a timeout problem, not a hang', async () => {
    const wc = new FakeWebContainer({ neverListens: true });
    api.boot = async () => wc;
    const runtime = await (await adapter())({ lab, limits });
    const error = await runtime.start(starter).catch((e: unknown) => e);
    expect((error as RuntimeProblemError).problem).toEqual({
      kind: 'timeout',
      message:
        'Stopped: your files did not finish loading within 0.5 seconds, so one is probably stuck in an endless loop outside a route handler (code there runs once, at start-up). The lab stopped the Node.js server; your code is unchanged.',
    });
    expect(wc.serves[0]?.exited).toBe(true);
  });

  it('dispose waits until serve has exited, so a quick switch back finds the port free', async () => {
    const { wc, runtime } = await started();
    await runtime.dispose();
    expect(wc.serves[0]?.exited).toBe(true);
    const again = await (await adapter())({ lab, limits });
    await again.start(starter);
    expect(wc.serves).toHaveLength(2);
    expect(await again.request({ method: 'GET', path: '/me', headers: [] })).toMatchObject({ status: 200 });
  });

  it('dispose during a restart waits for it, so no new serve is left holding the port', async () => {
    const { wc, runtime } = await started();
    const update = runtime
      .updateFiles({ 'routes/logout.ts': `${starter['routes/logout.ts']}// changed\n` })
      .catch((e: unknown) => e);
    await runtime.dispose();
    await update;
    expect(wc.serves.length).toBeGreaterThan(0);
    expect(wc.serves.every((p) => p.exited)).toBe(true);
  });

  it('dispose with a serve that does not exit tears the container down (within its deadline)', async () => {
    const { wc, runtime } = await started(new FakeWebContainer({ unkillable: true }));
    const before = Date.now();
    await runtime.dispose();
    expect(Date.now() - before).toBeLessThan(1000);
    expect(wc.tornDown).toBe(true);
  });

  it('writes several files, then restarts the server once', async () => {
    const { wc, runtime } = await started();
    await runtime.updateFiles({
      'routes/logout.ts': `${starter['routes/logout.ts']}// one\n`,
      'routes/login.ts': `${starter['routes/login.ts']}// two\n`,
    });
    expect(wc.serves).toHaveLength(2);
    expect(wc.serves[0]?.killed).toBe(true);
    expect(wc.files.get('leaves/routes/logout.js')).toContain('// one');
    expect(wc.files.get('leaves/routes/login.js')).toContain('// two');
  });

  it('a syntax error names its place, writes nothing and leaves the running server alone', async () => {
    const { wc, runtime } = await started();
    const error = await runtime
      .updateFiles({
        'routes/logout.ts':
          'export default function (app) {\n  app.post("/logout", (c) => {\n    const = 1;\n  });\n}\n',
      })
      .catch((e: unknown) => e);
    expect((error as RuntimeProblemError).problem).toMatchObject({
      kind: 'compile',
      file: 'routes/logout.ts',
      line: 3,
    });
    expect(wc.serves).toHaveLength(1);
    expect(wc.serves[0]?.killed).toBe(false);
    expect(wc.files.get('leaves/routes/logout.js')).toContain("app.post('/logout'");
  });

  it('a file that throws while loading is a problem for the learner, and the last version that loaded serves again', async () => {
    const { wc, runtime } = await started();
    const error = await runtime
      .updateFiles({ 'routes/logout.ts': "export default function () {\n  throw new Error('boom');\n}\n" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RuntimeProblemError' });
    expect((error as RuntimeProblemError).problem).toEqual({
      kind: 'crash',
      message:
        'routes/logout.ts: the file threw while registering its routes: boom The server keeps running your last version that loaded.',
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
    const store = createLabStore({
      lab,
      files: starter,
      adapters: { webcontainer },
      env: { crossOriginIsolated: true, sharedArrayBuffer: true },
      restartDelayMs: 1,
      // Asked for by name: the store waits for it (and no Worker is needed in this test).
      prefer: 'webcontainer',
    });
    await store.start();
    expect(store.getState().runtime).toBe('webcontainer');
    store.edit('routes/logout.ts', "export default function () {\n  throw new Error('boom');\n}\n");
    await store.request({ method: 'GET', path: '/', headers: [] }); // waits for the restart
    expect(store.getState().problem).toMatchObject({
      kind: 'crash',
      message: expect.stringMatching(/^routes\/logout\.ts: the file threw/),
    });
  });

  it('a first version that does not compile starts no server, and nothing is checked', async () => {
    const wc = new FakeWebContainer();
    api.boot = async () => wc;
    const runtime = await (await adapter())({ lab });
    const error = await runtime
      .start({ ...starter, 'routes/logout.ts': 'const = 1;' })
      .catch((e: unknown) => e);
    expect((error as RuntimeProblemError).problem).toMatchObject({
      kind: 'compile',
      file: 'routes/logout.ts',
    });
    expect(wc.spawned).toHaveLength(0);
    expect(await runtime.request({ method: 'GET', path: '/', headers: [] })).toMatchObject({ status: 503 });
    await expect(runtime.runChecks(['LO-01'])).rejects.toThrow(/not running/);
  });
});
