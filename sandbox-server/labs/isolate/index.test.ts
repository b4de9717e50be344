/**
 * labs/isolate on its own: the worker-thread app answers like the in-process one, one thread
 * serves several loads, and a thread that dies or gets stuck is replaced. The CLI's end-to-end
 * cases (a loop in a handler, a loop at load time) are in test/hostile.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../checks/transport';
import { loadLab } from '../load';
import { buildLabApp, gradeLab, type Grade } from '../verify';
import { gradeLabIsolated, IsolatedApp } from '.';

const summary = (grade: Grade) =>
  grade.ok ? grade.results.map((r) => `${r.id}:${r.status}`) : [`build: ${grade.problem.message}`];
const lab = await loadLab('05-session-security');
// No test on this shared thread loops: a generous stuck limit keeps a busy machine (CI's two cores
// under load) from taking a slow answer for an endless loop and restarting it.
const shared = new IsolatedApp(lab, { stuckMs: 3000, loadTimeoutMs: 5000 });
afterAll(() => shared.close());

const post = (app: IsolatedApp, path: string) =>
  app.fetch(
    new Request(`http://localhost${path}`, {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=alice&password=correct+horse+battery+staple&remember=1',
    }),
  );

describe('IsolatedApp', () => {
  it(
    'grades the same as in-process, for the solution and the starter, on one reused thread',
    { timeout: 30_000 },
    async () => {
      for (const files of [lab.solution, lab.starter]) {
        const [isolated, local] = [
          await gradeLabIsolated(lab, files, { app: shared }),
          await gradeLab(lab, files),
        ];
        expect(summary(isolated)).toEqual(summary(local));
      }
      expect(shared.restarts).toBe(0);
    },
  );

  it('keeps every Set-Cookie line and the status of an answer from the thread', async () => {
    await shared.load(lab.solution);
    const login = await post(shared, '/login');
    expect(login.status).toBe(303);
    const local = await buildLabApp(lab, lab.solution).fetch(
      new Request('http://localhost/login', {
        method: 'POST',
        headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=alice&password=correct+horse+battery+staple&remember=1',
      }),
    );
    const names = (response: Response) => response.headers.getSetCookie().map((line) => line.split('=')[0]);
    expect(names(login)).toEqual(names(local));
    expect(names(login).sort()).toEqual(['remember', 'sid']);
    // The server's log lines arrive before the answer they belong to.
    expect(shared.serverLines).toContain('session: id regenerated, old record deleted');
  });

  it('reports a file that does not compile with its line and column', async () => {
    const grade = await gradeLabIsolated(
      lab,
      { ...lab.solution, 'routes/logout.ts': 'export default function (app) {\n  app.post(;\n}\n' },
      { app: shared },
    );
    expect(grade.ok).toBe(false);
    if (!grade.ok) expect(grade.problem).toMatchObject({ file: 'routes/logout.ts', line: 2 });
  });

  it('replaces a thread that dies in a handler, and says so', { timeout: 20_000 }, async () => {
    const app = await IsolatedApp.start(lab, {
      ...lab.solution,
      'routes/logout.ts': `export default function (app) { app.post('/logout', () => { process.exit(3); }); }`,
    });
    try {
      const error = await post(app, '/logout').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toBe(
        "The server's thread stopped while answering POST /logout: it exited (code 3). A fresh server was started for the next request.",
      );
      expect((await post(app, '/login')).status).toBe(303);
      expect(app.restarts).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe('IsolatedApp loads', () => {
  it(
    'lets a newer load win over one still under way, without the older one stopping the thread later',
    { timeout: 20_000 },
    async () => {
      const app = new IsolatedApp(lab, { loadTimeoutMs: 400 });
      try {
        const first = app.load(lab.starter).catch((error: unknown) => error);
        await app.load(lab.solution);
        // The first load is settled (it was replaced), not left waiting forever.
        expect(await first).toBeInstanceOf(Error);
        expect(((await first) as Error).message).toBe(
          'labs/isolate: the load was replaced by a newer one before it finished.',
        );
        // Past the first load's time limit: its timer must not have terminated the thread.
        await new Promise((resolve) => setTimeout(resolve, 600));
        expect((await post(app, '/login')).status).toBe(303);
        expect(app.restarts).toBe(0);
      } finally {
        await app.close();
      }
    },
  );

  it(
    'ends a load still under way when the app is closed, instead of leaving it to its time limit',
    { timeout: 20_000 },
    async () => {
      const app = new IsolatedApp(lab);
      const started = Date.now();
      const loading = app.load(lab.solution).catch((error: unknown) => error);
      await app.close();
      expect(((await loading) as Error).message).toBe('The lab server was stopped.');
      expect(Date.now() - started).toBeLessThan(2000);
    },
  );

  it('tries a new thread on the next load when one failed to start', { timeout: 20_000 }, async () => {
    // A lab that cannot be cloned into the thread makes starting it fail; once fixed, the next load works.
    const broken: typeof lab & { extra?: unknown } = { ...lab, extra: () => undefined };
    const app = new IsolatedApp(broken);
    try {
      expect(await app.load(lab.solution).catch((error: unknown) => error)).toBeInstanceOf(Error);
      delete broken.extra;
      await app.load(lab.solution);
      expect((await post(app, '/login')).status).toBe(303);
    } finally {
      await app.close();
    }
  });
});
