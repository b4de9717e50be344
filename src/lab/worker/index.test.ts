import { describe, expect, it } from 'vitest';
import { checkIds, type CheckId } from '../../../sandbox-server/checks';
import { RuntimeProblemError } from '../problem';
import type { RuntimeProblem } from '../runtime';
import { createWorkerRuntime } from './index';
import type { FromWorker, ToWorker } from './protocol';

/**
 * A stand-in for the real Worker (which Node cannot spawn from a .ts URL): it answers like
 * lab-worker.ts, except that any file containing "while (true)" never answers, like a stuck thread.
 */
class FakeWorker extends EventTarget {
  static spawned: FakeWorker[] = [];
  terminated = false;
  files: Record<string, string> = {};
  constructor() {
    super();
    FakeWorker.spawned.push(this);
    queueMicrotask(() => this.#send({ type: 'loaded' }));
  }
  #send(data: FromWorker): void {
    if (!this.terminated) this.dispatchEvent(new MessageEvent('message', { data }));
  }
  postMessage(message: ToWorker): void {
    const stuck = Object.values(message.type === 'start' ? message.files : this.files).some((s) =>
      s.includes('while (true)'),
    );
    if (message.type === 'start') {
      if (stuck && message.files['top.ts']) return; // loops while loading
      this.files = message.files;
      queueMicrotask(() => this.#send({ id: message.id, type: 'ok', value: null }));
    } else if (message.type === 'describe') {
      const value = message.ids.map((id) => ({
        id: id as `LO-${string}`,
        title: `title ${id}`,
        hint: { concept: 'c', lesson: '03-basic-logout-route' as const },
        order: checkIds.indexOf(id as CheckId),
      }));
      queueMicrotask(() => this.#send({ id: message.id, type: 'ok', value }));
    } else if (message.type === 'check') {
      if (stuck && message.checkId === 'LO-05') return;
      const value = {
        id: message.checkId as `LO-${string}`,
        title: 't',
        status: 'pass' as const,
        message: '',
        hint: { concept: 'c', lesson: '03-basic-logout-route' as const },
        trace: [],
        logs: '',
        serverLog: '',
      };
      queueMicrotask(() => this.#send({ id: message.id, type: 'ok', value }));
    } else {
      if (stuck) return;
      queueMicrotask(() =>
        this.#send({
          id: message.id,
          type: 'ok',
          value: { status: 200, statusText: 'OK', headers: [], body: 'hi', durationMs: 1 },
        }),
      );
    }
  }
  terminate(): void {
    this.terminated = true;
  }
}

const lab = {
  lessonId: '03-basic-logout-route',
  store: 'cookie' as const,
  checks: ['LO-05', 'LO-03', 'LO-01'],
};
const setup = async () => {
  FakeWorker.spawned = [];
  const problems: RuntimeProblem[] = [];
  const runtime = await createWorkerRuntime({
    lab,
    timeoutMs: 50,
    onProblem: (p) => problems.push(p),
    spawn: () => new FakeWorker() as unknown as Worker,
  });
  return { runtime, problems };
};

describe('worker runtime watchdog', () => {
  it('runs checks in catalog order: the LO checks, then the AU ones', async () => {
    const { runtime } = await setup();
    await runtime.start({ 'routes/logout.ts': 'ok' });
    expect((await runtime.runChecks(lab.checks)).map((r) => r.id)).toEqual(['LO-01', 'LO-03', 'LO-05']);
    expect((await runtime.runChecks(['AU-02', 'LO-10', 'AU-01', 'LO-08'])).map((r) => r.id)).toEqual([
      'LO-08',
      'LO-10',
      'AU-01',
      'AU-02',
    ]);
  });

  it('terminates a stuck worker during a check, restarts it and reports the rest as not run', async () => {
    const { runtime, problems } = await setup();
    await runtime.start({ 'routes/logout.ts': 'ok' });
    await runtime.updateFiles({ 'routes/logout.ts': 'while (true) {}' });
    const results = await runtime.runChecks(['LO-01', 'LO-05', 'LO-06']);
    expect(results.map((r) => `${r.id}:${r.status}`)).toEqual(['LO-01:pass', 'LO-05:error', 'LO-06:error']);
    // The check's own limit (50 ms + the 1 s grace), not the request limit.
    expect(results[1]?.message).toMatch(/^Stopped: your code did not finish check LO-05 within 1.05 seconds/);
    expect(results[2]?.message).toMatch(
      /^Not run: the lab stopped the server running the checks after LO-05/,
    );
    expect(results[2]?.title).toBe('title LO-06');
    expect(problems).toHaveLength(1);
    expect(FakeWorker.spawned[0]?.terminated).toBe(true);
    // The fresh worker serves again (the loop only runs when a check reaches it).
    await runtime.updateFiles({ 'routes/logout.ts': 'fixed' });
    expect((await runtime.runChecks(['LO-05']))[0]?.status).toBe('pass');
  });

  it('stops code that loops while loading and keeps the last good version', async () => {
    const { runtime } = await setup();
    await runtime.start({ 'top.ts': 'fine' });
    const error = await runtime.updateFiles({ 'top.ts': 'while (true) {}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeProblemError);
    expect((error as RuntimeProblemError).problem.message).toMatch(
      /did not finish loading within 0.05 seconds.*keeps serving your last version/,
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(FakeWorker.spawned.at(-1)?.files).toEqual({ 'top.ts': 'fine' });
  });

  it('stops a request that never returns', async () => {
    const { runtime } = await setup();
    await runtime.start({ 'routes/logout.ts': 'while (true) {}' });
    const error = await runtime
      .request({ method: 'POST', path: '/logout', headers: [] })
      .catch((e: unknown) => e);
    expect((error as RuntimeProblemError).problem).toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(/answer POST \/logout/),
    });
    // A request has the plain limit (no check grace).
    expect((error as RuntimeProblemError).problem.message).toMatch(
      /answer POST \/logout within 0.05 seconds/,
    );
  });
});
