import { describe, expect, it } from 'vitest';
import { reportContentError } from '../dev-errors';
import { ContentError } from '../friendly-errors';
import { devFeedback, labLessonOf } from './index';

describe('which files matter', () => {
  it('finds the lesson of a file under lessons/NN-slug/lab/', () => {
    expect(labLessonOf('/p', '/p/lessons/03-basic-logout-route/lab/lab.json')).toBe('03-basic-logout-route');
    expect(labLessonOf('/p', '/p/lessons/03-basic-logout-route/lab/mistakes/x/routes/logout.ts')).toBe(
      '03-basic-logout-route',
    );
    expect(labLessonOf('/p', '/p/lessons/03-basic-logout-route/lab')).toBe('03-basic-logout-route');
    expect(labLessonOf('/p', '/p/lessons/03-basic-logout-route/index.mdx')).toBeUndefined();
    expect(labLessonOf('/p', '/p/lessons/reference/lab/x.ts')).toBeUndefined();
    expect(labLessonOf('/p', '/other/lessons/03-x/lab/lab.json')).toBeUndefined();
  });
});

/** Runs the dev hook against a fake Vite server; returns the watcher's handlers and what was sent. */
function setup() {
  const handlers: Record<string, (file: string) => void> = {};
  const sent: unknown[] = [];
  const logs: string[] = [];
  const watcher = {
    on(event: string, handler: (file: string) => void) {
      handlers[event] = handler;
      return watcher;
    },
  };
  const closed: (() => void)[] = [];
  const httpServer = { once: (_event: string, handler: () => void) => closed.push(handler) };
  const connections: (() => void)[] = [];
  const ws = {
    send: (payload: unknown) => sent.push(payload),
    on: (_event: string, handler: () => void) => connections.push(handler),
  };
  const server = { config: { root: '/nowhere' }, watcher, httpServer, ws };
  const logger = {
    info: (m: string) => logs.push(`info ${m}`),
    error: (m: string) => logs.push(`error ${m}`),
  };
  const hook = devFeedback({ delayMs: 5 }).hooks['astro:server:setup'] as unknown as (o: object) => void;
  hook({ server, logger });
  return {
    handlers,
    sent,
    logs,
    close: () => closed.forEach((handler) => handler()),
    connect: () => connections.forEach((handler) => handler()),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('devFeedback', () => {
  it('fails fast on a bad delay', () => {
    expect(() => devFeedback({ delayMs: -1 })).toThrow('devFeedback: delayMs must be 0 or more');
    expect(() => devFeedback({ delayMs: Number.NaN })).toThrow('devFeedback: delayMs must be 0 or more');
    expect(devFeedback().name).toBe('logout-lab:dev-feedback');
  });

  it('reloads once per burst of lab changes', async () => {
    const { handlers, sent, logs } = setup();
    handlers['change']?.('/nowhere/lessons/03-x/lab/lab.json');
    handlers['add']?.('/nowhere/lessons/03-x/lab/solution/routes/logout.ts');
    handlers['change']?.('/nowhere/src/pages/index.astro');
    await settle();
    expect(sent).toEqual([{ type: 'full-reload', path: '*' }]);
    // No lab folder on disk at /nowhere: nothing to complain about.
    expect(logs).toEqual(['info lab of 03-x changed: reloading']);
  });

  it('sends each frontmatter error the loader records to the browser overlay, and again to pages that connect', () => {
    const { handlers, sent, close, connect } = setup();
    const file = '/nowhere/lessons/07-x/index.mdx';
    const message =
      'Invalid frontmatter in lessons/07-x/index.mdx: **minutes**: expected a number, received "seven". Fix: write minutes: 7';
    const overlay = {
      type: 'error',
      err: { message, stack: '', id: file, plugin: 'logout-lab:content', loc: { file, line: 5, column: 1 } },
    };
    reportContentError(file, new ContentError(message, { file, line: 5, column: 1 }));
    expect(sent).toEqual([overlay]);
    connect(); // Astro reloaded the page after the failed reload
    expect(sent).toEqual([overlay, overlay]);
    handlers['change']?.(file); // saved again: the loader reports anew if it is still broken
    connect();
    expect(sent).toHaveLength(2);
    close();
    reportContentError(file, new ContentError(message));
    expect(sent).toHaveLength(2);
    reportContentError(file, undefined);
  });
});
