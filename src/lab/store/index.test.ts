import { afterEach, describe, expect, it, vi } from 'vitest';
import { RuntimeProblemError } from '../problem';
import type { CheckResult, LabRuntime, RuntimeAdapter, RuntimeFactory, RuntimeKind } from '../runtime';
import { createLabStore, summarize } from './index';

const lab = { lessonId: '05-session-security', store: 'server' as const, checks: ['LO-04', 'LO-05'] };
const result = (id: string, status: CheckResult['status']): CheckResult => ({
  id: id as CheckResult['id'],
  title: id,
  status,
  message: '',
  hint: { concept: 'c', lesson: '05-session-security' },
  trace: [],
  logs: '',
  serverLog: '',
});

function fakeRuntime(
  kind: RuntimeKind,
  behaviour: { start?: () => Promise<void>; checks?: () => Promise<CheckResult[]> } = {},
) {
  const updates: [string, string][] = [];
  /** One entry per restart: the paths it brought. */
  const restarts: string[][] = [];
  const runtime: LabRuntime = {
    kind,
    origin: 'http://localhost:8787',
    start: behaviour.start ?? (async () => undefined),
    updateFiles: async (files) => {
      restarts.push(Object.keys(files));
      for (const [path, source] of Object.entries(files)) {
        updates.push([path, source]);
        if (source.includes('{{'))
          throw new RuntimeProblemError({
            kind: 'compile',
            file: path,
            line: 1,
            column: 2,
            message: 'Unexpected token',
          });
      }
    },
    request: async () => ({ status: 200, statusText: 'OK', headers: [], body: '', durationMs: 1 }),
    runChecks: behaviour.checks ?? (async () => [result('LO-04', 'pass'), result('LO-05', 'pass')]),
    preview: () => ({ kind: 'bridge' }),
    logs: () => () => undefined,
    dispose: async () => undefined,
  };
  return { runtime, updates, restarts };
}

const isolated = { crossOriginIsolated: true, sharedArrayBuffer: true };

/** Until the runtime booting in the background has served or failed (and the lab moved, or not). */
const upgraded = (store: ReturnType<typeof createLabStore>) =>
  vi.waitFor(() => expect(store.getState().upgrading).toBeNull(), { timeout: 2000 });

describe('lab store', () => {
  it('serves from the Worker at once while a WebContainer boots in the background; one that never boots only changes the details', async () => {
    const worker = fakeRuntime('worker');
    const adapters: Partial<Record<RuntimeKind, RuntimeFactory>> = {
      webcontainer: async () =>
        fakeRuntime('webcontainer', { start: () => new Promise(() => undefined) }).runtime,
      worker: async () => worker.runtime,
    };
    const store = createLabStore({
      lab,
      files: { 'routes/logout.ts': 'x' },
      adapters,
      env: isolated,
      startTimeoutMs: 200,
    });
    const started = Date.now();
    await store.start();
    // The learner can work now: no wait for the WebContainer.
    expect(Date.now() - started).toBeLessThan(100);
    expect(store.getState()).toMatchObject({
      phase: 'ready',
      runtime: 'worker',
      upgrading: 'webcontainer',
      status: 'Running in your browser.',
      statusDetail: expect.stringMatching(
        /^The server runs in a Web Worker: .+ A WebContainer .+ is starting\. The lab moves to it when it is ready, with your code, console and results\.$/,
      ),
    });
    await upgraded(store);
    expect(store.getState()).toMatchObject({
      runtime: 'worker',
      status: 'Running in your browser.',
      statusDetail:
        'The server runs in a Web Worker: WebContainers are unavailable here (it did not start within 0.2 seconds).',
    });
    expect(store.getLogs().at(-1)?.text).toBe(
      'WebContainer unavailable: it did not start within 0.2 seconds. The lab stays in your browser.',
    );
  });

  it('moves to the WebContainer once it boots, keeping files and results, and only at a quiet moment', async () => {
    let boot: () => void = () => undefined;
    const booted = new Promise<void>((resolve) => (boot = resolve));
    const disposed: string[] = [];
    const started: Record<string, string>[] = [];
    const worker = fakeRuntime('worker');
    const webcontainer = fakeRuntime('webcontainer', { start: () => booted });
    const startOf = (runtime: LabRuntime, kind: string): LabRuntime => ({
      ...runtime,
      start: async (files) => {
        started.push({ kind, ...files });
        await runtime.start(files);
      },
      dispose: async () => void disposed.push(kind),
    });
    let finish: (results: CheckResult[]) => void = () => undefined;
    const slowChecks = () => new Promise<CheckResult[]>((resolve) => (finish = resolve));
    const store = createLabStore({
      lab,
      files: { a: 'one' },
      adapters: {
        webcontainer: async () => startOf(webcontainer.runtime, 'webcontainer'),
        worker: async () => startOf({ ...worker.runtime, runChecks: slowChecks }, 'worker'),
      },
      env: isolated,
      restartDelayMs: 1,
    });
    await store.start();
    store.edit('a', 'two');
    await vi.waitFor(() => expect(store.getState().applying).toBe(false));
    const checking = store.runChecks();
    await vi.waitFor(() => expect(store.getState().busy).toBe('checking'));
    boot();
    // Booted, but checks run on the Worker: the lab waits for them.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.getState()).toMatchObject({ runtime: 'worker', upgrading: 'webcontainer' });
    finish([result('LO-04', 'pass'), result('LO-05', 'fail')]);
    await checking;
    await upgraded(store);
    expect(store.getState()).toMatchObject({
      runtime: 'webcontainer',
      status: 'Running in your browser, on Node.js.',
      statusDetail: expect.stringMatching(/^The server runs in a WebContainer/),
      files: { a: 'two' },
      summary: { passed: 1, total: 2 },
    });
    expect(disposed).toEqual(['worker']);
    // It started with the files as they were when it began booting, then caught up on the edit.
    expect(started).toEqual([
      { kind: 'worker', a: 'one' },
      { kind: 'webcontainer', a: 'one' },
    ]);
    await vi.waitFor(() => expect(webcontainer.updates).toEqual([['a', 'two']]));
    expect(store.getLogs().map((line) => line.text)).toContain(
      'The lab moved to a WebContainer; your code, console and results are unchanged. Sessions kept in the old server’s memory are gone: log in again.',
    );
  });

  it('a WebContainer asked for by name (?lab-runtime=webcontainer) is waited for, not booted in the background', async () => {
    const worker = vi.fn(async () => fakeRuntime('worker').runtime);
    const store = createLabStore({
      lab,
      files: { a: 'x' },
      prefer: 'webcontainer',
      adapters: { webcontainer: async () => fakeRuntime('webcontainer').runtime, worker },
      env: isolated,
    });
    await store.start();
    expect(store.getState()).toMatchObject({ runtime: 'webcontainer', upgrading: null });
    expect(worker).not.toHaveBeenCalled();
  });

  it('a WebContainer that boots after the store was disposed is disposed too', async () => {
    let boot: () => void = () => undefined;
    const disposed: string[] = [];
    const store = createLabStore({
      lab,
      files: { a: 'x' },
      adapters: {
        webcontainer: async () => ({
          ...fakeRuntime('webcontainer', { start: () => new Promise<void>((resolve) => (boot = resolve)) })
            .runtime,
          dispose: async () => void disposed.push('webcontainer'),
        }),
        worker: async () => ({
          ...fakeRuntime('worker').runtime,
          dispose: async () => void disposed.push('worker'),
        }),
      },
      env: isolated,
    });
    await store.start();
    await store.dispose();
    boot();
    await vi.waitFor(() => expect(disposed).toEqual(['worker', 'webcontainer']));
  });

  it('remembers a failed boot for the tab and offers to retry', async () => {
    let saved: string | null = null;
    const memory = { get: () => saved, set: (reason: string) => void (saved = reason) };
    const never = async () =>
      fakeRuntime('webcontainer', { start: () => new Promise(() => undefined) }).runtime;
    const make = () =>
      createLabStore({
        lab,
        files: { a: 'x' },
        adapters: { webcontainer: never, worker: async () => fakeRuntime('worker').runtime },
        env: isolated,
        startTimeoutMs: 200,
        memory,
      });
    const first = make();
    await first.start();
    await upgraded(first);
    const second = make();
    const started = Date.now();
    await second.start();
    expect(Date.now() - started).toBeLessThan(40);
    expect(second.getState()).toMatchObject({
      canSwitch: true,
      upgrading: null,
      status: 'Running in your browser.',
      statusDetail:
        'The server runs in a Web Worker: WebContainers are unavailable here (it did not start within 0.2 seconds; not retried in this tab).',
    });
    // Not "Switch to a WebContainer": it is known to fail here, and retrying costs the wait again.
    // A real retry needs a fresh page (the API keeps its boot frame): the UI reloads for it.
    expect(second.getState().switchAction).toEqual({
      target: 'webcontainer',
      label: 'Retry WebContainer',
      reason: 'It did not start earlier in this tab: it did not start within 0.2 seconds.',
      reload: true,
    });
  });

  it('does not boot a WebContainer on an iPhone or iPad, says so plainly, and offers no switch to one', async () => {
    const webcontainer = vi.fn();
    const store = createLabStore({
      lab,
      files: { a: 'x' },
      adapters: { webcontainer, worker: async () => fakeRuntime('worker').runtime },
      env: { ...isolated, appleMobile: true },
    });
    await store.start();
    expect(webcontainer).not.toHaveBeenCalled();
    expect(store.getState()).toMatchObject({
      runtime: 'worker',
      upgrading: null,
      status: 'Running in your browser.',
      statusDetail:
        'The server runs in a Web Worker: WebContainers are unavailable here (they do not run reliably on iPhone and iPad).',
      switchAction: null,
    });
  });

  describe('PUBLIC_LAB_RUNTIME=worker (the table as such a build inlines it)', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
      vi.resetModules();
    });

    it('never loads or offers a WebContainer, even when asked for one per URL, and says it runs in the browser', async () => {
      vi.stubEnv('PUBLIC_LAB_RUNTIME', 'worker');
      vi.resetModules();
      const { runtimes } = await import('../adapters');
      const { createLabStore: create } = await import('./index');
      const webcontainer = vi.fn();
      for (const prefer of ['auto', 'webcontainer', 'worker'] as const) {
        const store = create({
          lab,
          files: { a: 'x' },
          prefer,
          runtimes,
          adapters: { webcontainer, worker: async () => fakeRuntime('worker').runtime },
          env: isolated,
        });
        await store.start();
        // Not "WebContainers are unavailable here": for this deployment there is nothing to explain.
        expect(store.getState(), prefer).toMatchObject({
          runtime: 'worker',
          status: 'Running in your browser.',
          statusDetail:
            'The server runs in a Web Worker: Hono on the browser’s own fetch API, no Node.js needed.',
          upgrading: null,
          switchAction: null,
          canSwitch: false,
          fallbackReason: null,
        });
      }
      expect(webcontainer).not.toHaveBeenCalled();
    });
  });

  it('a failed retry offers the retry again; a retry that works offers the plain switch and forgets the failure', async () => {
    let saved: string | null = 'it did not start within 4 seconds';
    const memory = {
      get: () => saved,
      set: (reason: string) => void (saved = reason),
      clear: () => void (saved = null),
    };
    let boots = false;
    const webcontainer: RuntimeFactory = async () =>
      fakeRuntime('webcontainer', {
        start: () => (boots ? Promise.resolve() : Promise.reject(new Error('no network'))),
      }).runtime;
    const store = createLabStore({
      lab,
      files: { a: 'x' },
      adapters: { webcontainer, worker: async () => fakeRuntime('worker').runtime },
      env: isolated,
      memory,
    });
    await store.start();
    // Remembered as failed in this tab: not booted again in the background.
    expect(store.getState().upgrading).toBeNull();
    await store.switchTo('webcontainer');
    expect(store.getState()).toMatchObject({
      runtime: 'worker',
      statusDetail: 'The server runs in a Web Worker: WebContainers are unavailable here (no network).',
    });
    expect(store.getState().switchAction?.label).toBe('Retry WebContainer');
    expect(saved).toBe('no network');
    boots = true;
    await store.switchTo('webcontainer');
    expect(store.getState()).toMatchObject({
      runtime: 'webcontainer',
      switchAction: { target: 'worker', label: 'Switch to your browser' },
    });
    expect(saved).toBeNull();
    await store.switchTo('worker');
    expect(store.getState().switchAction).toEqual({
      target: 'webcontainer',
      label: 'Switch to a WebContainer',
      reason: null,
    });
  });

  it('does not try a WebContainer without cross-origin isolation', async () => {
    const webcontainer = vi.fn();
    const store = createLabStore({
      lab,
      files: { 'routes/logout.ts': 'x' },
      adapters: { webcontainer, worker: async () => fakeRuntime('worker').runtime },
      env: { crossOriginIsolated: false, sharedArrayBuffer: false },
    });
    await store.start();
    expect(webcontainer).not.toHaveBeenCalled();
    expect(store.getState().statusDetail).toMatch(/not cross-origin isolated/);
    expect(store.getState().upgrading).toBeNull();
    expect(store.getState().switchAction).toBeNull();
  });

  it('uses the WebContainer when it boots, and offers the switch', async () => {
    const store = createLabStore({
      lab,
      files: { 'routes/logout.ts': 'x' },
      adapters: {
        webcontainer: async () => fakeRuntime('webcontainer').runtime,
        worker: async () => fakeRuntime('worker').runtime,
      },
      env: isolated,
    });
    await store.start();
    await upgraded(store);
    expect(store.getState()).toMatchObject({
      runtime: 'webcontainer',
      canSwitch: true,
      statusDetail: expect.stringMatching(/^The server runs in a WebContainer/),
    });
    await store.switchTo('worker');
    expect(store.getState()).toMatchObject({
      runtime: 'worker',
      statusDetail: 'The server runs in a Web Worker: you switched from the WebContainer.',
    });
  });

  it('debounces edits, reports syntax errors and refuses to run checks until fixed', async () => {
    const worker = fakeRuntime('worker');
    const store = createLabStore({
      lab,
      files: { 'routes/logout.ts': 'x' },
      adapters: { worker: async () => worker.runtime },
      prefer: 'worker',
      restartDelayMs: 5,
    });
    await store.start();
    store.edit('routes/logout.ts', 'a');
    store.edit('routes/logout.ts', 'ab{{');
    expect(await store.runChecks()).toBeNull();
    expect(worker.updates).toEqual([['routes/logout.ts', 'ab{{']]);
    expect(store.getState().checksMessage).toBe(
      'Fix the syntax error in routes/logout.ts (line 1, column 2) before running the checks: Unexpected token',
    );
    store.edit('routes/logout.ts', 'ok');
    const results = await store.runChecks();
    expect(results).toHaveLength(2);
    expect(store.getState().summary?.text).toBe('2 of 2 checks pass');
    expect(store.getState().problem).toBeNull();
  });

  it('says an edit is still being applied until its restart finishes, failed or not', async () => {
    const worker = fakeRuntime('worker');
    const store = createLabStore({
      lab,
      files: { 'routes/logout.ts': 'x' },
      adapters: { worker: async () => worker.runtime },
      prefer: 'worker',
      restartDelayMs: 5,
    });
    await store.start();
    expect(store.getState().applying).toBe(false);
    const seen: boolean[] = [];
    store.subscribe((state) => seen.push(state.applying));
    store.edit('routes/logout.ts', 'a{{');
    expect(store.getState().applying).toBe(true);
    await vi.waitFor(() => expect(store.getState().applying).toBe(false));
    expect(store.getState().problem?.kind).toBe('compile');
    store.edit('routes/logout.ts', 'b');
    store.edit('routes/logout.ts', 'bc');
    await store.replaceFiles({ 'routes/logout.ts': 'd' });
    expect(store.getState().applying).toBe(false);
    expect(worker.restarts).toEqual([['routes/logout.ts'], ['routes/logout.ts']]);
    // Never false while a restart was still to come.
    expect(seen.indexOf(false)).toBeGreaterThan(seen.indexOf(true));
  });

  it('brings an edit typed while the server was still starting once it runs', async () => {
    let release = (): void => undefined;
    const worker = fakeRuntime('worker', {
      start: () => new Promise<void>((resolve) => (release = resolve)),
    });
    const store = createLabStore({
      lab,
      files: { 'routes/logout.ts': 'x' },
      adapters: { worker: async () => worker.runtime },
      prefer: 'worker',
      restartDelayMs: 5,
    });
    const starting = store.start();
    await vi.waitFor(() => expect(store.getState().phase).toBe('starting'));
    store.edit('routes/logout.ts', 'typed early');
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await starting;
    await vi.waitFor(() => expect(worker.updates).toEqual([['routes/logout.ts', 'typed early']]));
    await vi.waitFor(() => expect(store.getState().applying).toBe(false));
  });

  it('restarts once for a reset that replaces several files', async () => {
    const worker = fakeRuntime('worker');
    const store = createLabStore({
      lab,
      files: { 'routes/logout.ts': 'x', 'routes/login.ts': 'y' },
      adapters: { worker: async () => worker.runtime },
      prefer: 'worker',
    });
    await store.start();
    await store.replaceFiles({ 'routes/logout.ts': 'starter 1', 'routes/login.ts': 'starter 2' });
    expect(worker.restarts).toEqual([['routes/logout.ts', 'routes/login.ts']]);
  });

  it('reports completion once every check passes', async () => {
    const onComplete = vi.fn();
    const store = createLabStore({
      lab,
      files: { a: 'x' },
      adapters: { worker: async () => fakeRuntime('worker').runtime },
      prefer: 'worker',
      onComplete,
    });
    await store.start();
    await store.runChecks();
    expect(onComplete).toHaveBeenCalledWith(expect.objectContaining({ complete: true, passed: 2 }));
  });

  it('summarizes advisory checks without failing the lab', () => {
    expect(summarize([result('LO-04', 'pass'), result('LO-16', 'advisory')])).toMatchObject({
      text: '1 of 2 checks pass (1 advisory)',
      complete: true,
    });
    expect(summarize([result('LO-04', 'fail')]).complete).toBe(false);
  });

  it('takes the order, the limits and every sentence about a runtime from the table', async () => {
    const logs: string[] = [];
    const entry = (kind: RuntimeKind, start?: () => Promise<void>): RuntimeAdapter => ({
      kind,
      label: `the ${kind} place`,
      name: kind.toUpperCase(),
      available: () => true,
      load: async () => async () => fakeRuntime(kind, start ? { start } : {}).runtime,
      bootLimitMs: start ? 100 : null,
      remembersFailure: false,
      plain: `${kind} plain`,
      running: (why) => `${kind} serves${why ? ` because ${why}` : ''}`,
      started: `${kind} is up`,
      unavailable: (reason) => `${kind} is out (${reason})`,
    });
    // The reverse of the real table: the Worker is the one that boots, the WebContainer the last resort.
    const runtimes = [entry('worker', () => new Promise(() => undefined)), entry('webcontainer')];
    const store = createLabStore({ lab, files: { a: 'x' }, runtimes, startTimeoutMs: 100 });
    store.onLog((line) => logs.push(line.text));
    await store.start();
    expect(store.getState()).toMatchObject({
      runtime: 'webcontainer',
      status: 'webcontainer plain',
      statusDetail: 'webcontainer serves because worker is out (it did not start within 0.1 seconds)',
      switchAction: {
        target: 'worker',
        label: 'Retry WORKER',
        reason: 'It did not start earlier in this tab: it did not start within 0.1 seconds.',
      },
    });
    expect(logs).toEqual([
      'WORKER unavailable: it did not start within 0.1 seconds. Falling back to the WEBCONTAINER runtime.',
      'webcontainer is up',
    ]);
  });

  it('a serving runtime that reports a failure is disposed and the lab moves to the last resort, saying why', async () => {
    let fail: ((message: string) => void) | undefined;
    const disposed: string[] = [];
    const webcontainer: RuntimeFactory = async (options) => {
      fail = options.onFailure;
      return {
        ...fakeRuntime('webcontainer').runtime,
        dispose: async () => void disposed.push('webcontainer'),
      };
    };
    const store = createLabStore({
      lab,
      files: { a: 'x' },
      adapters: { webcontainer, worker: async () => fakeRuntime('worker').runtime },
      env: isolated,
    });
    const logs: string[] = [];
    store.onLog((line) => logs.push(line.text));
    await store.start();
    await upgraded(store);
    expect(store.getState().runtime).toBe('webcontainer');
    fail?.('the WebContainer reported an error: out of memory');
    await vi.waitFor(() => expect(store.getState().phase).toBe('ready'));
    expect(disposed).toEqual(['webcontainer']);
    expect(store.getState()).toMatchObject({
      runtime: 'worker',
      status: 'Running in your browser.',
      statusDetail:
        'The server runs in a Web Worker: WebContainers are unavailable here (the WebContainer reported an error: out of memory).',
      switchAction: { label: 'Retry WebContainer' },
    });
    expect(logs).toContain(
      'The WebContainer reported an error: out of memory. The lab moves to the Worker runtime; your code is unchanged.',
    );
  });

  it('no runtime switch while checks run: the old runtime would still hold the port', async () => {
    let finish: (results: CheckResult[]) => void = () => undefined;
    const checks = () => new Promise<CheckResult[]>((resolve) => (finish = resolve));
    const worker = fakeRuntime('worker');
    const adapters = {
      webcontainer: async () => fakeRuntime('webcontainer', { checks }).runtime,
      worker: async () => worker.runtime,
    };
    const store = createLabStore({ lab, files: { a: 'x' }, adapters, env: isolated });
    await store.start();
    await upgraded(store);
    const running = store.runChecks();
    await vi.waitFor(() => expect(store.getState().busy).toBe('checking'));
    expect(store.getState().switchAction).toBeNull();
    await store.switchTo('worker');
    expect(store.getState().runtime).toBe('webcontainer');
    expect(store.getLogs().at(-1)?.text).toBe('Wait for the checks to finish before switching runtimes.');
    finish([result('LO-04', 'pass'), result('LO-05', 'pass')]);
    await running;
    expect(store.getState().switchAction).toMatchObject({ target: 'worker' });
    await store.switchTo('worker');
    expect(store.getState().runtime).toBe('worker');
  });

  it('fails fast on a lab without checks', () => {
    expect(() => createLabStore({ lab: { ...lab, checks: [] }, files: { a: '' } })).toThrow(
      /lists no checks/,
    );
  });
});
