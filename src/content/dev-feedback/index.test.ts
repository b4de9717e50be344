import { describe, expect, it } from 'vitest';
import { labLessonOf, labLiveReload } from './index';

describe('labLessonOf', () => {
  it('finds the lesson of a file under lessons/NN-slug/lab/', () => {
    expect(labLessonOf('/p', '/p/lessons/03-basic-logout-route/lab/lab.json')).toBe('03-basic-logout-route');
    expect(labLessonOf('/p', '/p/lessons/03-basic-logout-route/lab/mistakes/x/routes/logout.ts')).toBe('03-basic-logout-route');
    expect(labLessonOf('/p', '/p/lessons/03-basic-logout-route/lab')).toBe('03-basic-logout-route');
  });
  it('ignores everything else', () => {
    expect(labLessonOf('/p', '/p/lessons/03-basic-logout-route/index.mdx')).toBeUndefined();
    expect(labLessonOf('/p', '/p/lessons/reference/lab/x.ts')).toBeUndefined();
    expect(labLessonOf('/p', '/p/src/lab/app/index.ts')).toBeUndefined();
    expect(labLessonOf('/p', '/other/lessons/03-x/lab/lab.json')).toBeUndefined();
  });
});

describe('labLiveReload', () => {
  it('fails fast on a bad delay', () => {
    expect(() => labLiveReload({ delayMs: -1 })).toThrow('labLiveReload: delayMs must be 0 or more');
    expect(labLiveReload().name).toBe('logout-lab:lab-live-reload');
  });

  it('reloads once per burst of changes and logs a broken lab', async () => {
    const handlers: Record<string, (file: string) => void> = {};
    const sent: unknown[] = [];
    const logs: string[] = [];
    const watcher = {
      on(event: string, handler: (file: string) => void) {
        handlers[event] = handler;
        return watcher;
      },
    };
    const server = { config: { root: '/nowhere' }, watcher, ws: { send: (payload: unknown) => sent.push(payload) } };
    const logger = { info: (m: string) => logs.push(`info ${m}`), error: (m: string) => logs.push(`error ${m}`) };
    const hook = labLiveReload({ delayMs: 5 }).hooks['astro:server:setup'] as unknown as (o: object) => void;
    hook({ server, logger });
    handlers['change']?.('/nowhere/lessons/03-x/lab/lab.json');
    handlers['add']?.('/nowhere/lessons/03-x/lab/solution/routes/logout.ts');
    handlers['change']?.('/nowhere/src/pages/index.astro');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sent).toEqual([{ type: 'full-reload', path: '*' }]);
    // No lab folder on disk at /nowhere: nothing to complain about.
    expect(logs).toEqual(['info lab of 03-x changed: reloading']);
  });
});
