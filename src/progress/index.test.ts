import { describe, expect, it } from 'vitest';
import { BACKUP_PREFIX, createProgressStore, parseProgress, STORAGE_KEY, validateProgress, type StorageLike } from './index';

class MemoryStorage implements StorageLike {
  items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const clock = () => new Date('2026-01-02T03:04:05.000Z');
const store = (storage: StorageLike | undefined = new MemoryStorage()) => createProgressStore({ storage, now: clock });
const valid = {
  format: 'logout-lab-progress',
  version: 1,
  pages: {
    '03-basic-logout-route': {
      read: '2026-01-01T00:00:00.000Z',
      predictions: { 'l3-post': { choice: 1, correct: true, at: '2026-01-01T00:00:00.000Z' } },
      myths: { 'myth-redirect': { answer: false, correct: true, at: '2026-01-01T00:00:00.000Z' } },
      lab: { passed: 3, total: 3, completed: true, at: '2026-01-01T00:00:00.000Z' },
    },
  },
};

describe('validateProgress', () => {
  it('accepts valid data', () => expect(validateProgress(valid)).toEqual({ ok: true, data: valid }));

  it('names the exact field that is wrong', () => {
    const bad = structuredClone(valid) as { pages: Record<string, { predictions: Record<string, { choice: unknown }> }> };
    bad.pages['03-basic-logout-route']!.predictions['l3-post']!.choice = 'b';
    expect(validateProgress(bad)).toEqual({
      ok: false,
      problem: 'pages["03-basic-logout-route"].predictions["l3-post"].choice must be a whole number (0 or more)',
    });
  });

  it('explains foreign, old and newer files', () => {
    expect(validateProgress({ hello: 1 })).toEqual({ ok: false, problem: 'it is not a Logout Lab progress file (no "format": "logout-lab-progress")' });
    expect(validateProgress({ ...valid, version: 0 })).toEqual({
      ok: false,
      problem: 'it uses the old format 0, which this site no longer reads (it reads 1)',
    });
    expect(validateProgress({ ...valid, version: 2 })).toEqual({
      ok: false,
      problem: 'it was saved by a newer version of the course (format 2; this site reads 1)',
    });
    expect(validateProgress([])).toEqual({ ok: false, problem: 'the top level must be an object' });
    expect(validateProgress({ ...valid, pages: { 'Bad Id': {} } })).toEqual({ ok: false, problem: 'pages["Bad Id"] is not a valid id' });
  });

  it('treats bad JSON as a problem', () => expect(parseProgress('{oops')).toEqual({ ok: false, problem: 'it is not valid JSON' }));
});

describe('createProgressStore', () => {
  it('fails fast without options', () => {
    expect(() => createProgressStore(undefined as never)).toThrow('createProgressStore: pass { storage }');
  });

  it('records, persists and reloads progress', () => {
    const storage = new MemoryStorage();
    const first = store(storage);
    first.recordPrediction('03-basic-logout-route', 'l3-post', 1, true);
    first.recordMyth('03-basic-logout-route', 'myth-redirect', false, true);
    first.markRead('03-basic-logout-route', true);
    const again = store(storage);
    expect(again.issue).toBeUndefined();
    expect(again.page('03-basic-logout-route')).toEqual({
      read: '2026-01-02T03:04:05.000Z',
      predictions: { 'l3-post': { choice: 1, correct: true, at: '2026-01-02T03:04:05.000Z' } },
      myths: { 'myth-redirect': { answer: false, correct: true, at: '2026-01-02T03:04:05.000Z' } },
    });
  });

  it('locks the first committed answer', () => {
    const progress = store();
    progress.recordPrediction('01-a', 'p', 0, false);
    expect(progress.recordPrediction('01-a', 'p', 1, true)).toMatchObject({ choice: 0, correct: false });
    progress.recordMyth('01-a', 'm', true, false);
    expect(progress.recordMyth('01-a', 'm', false, true)).toMatchObject({ answer: true });
  });

  it('keeps a completed lab completed', () => {
    const progress = store();
    expect(progress.recordLab('03-a', { passed: 3, total: 3 }).completed).toBe(true);
    expect(progress.recordLab('03-a', { passed: 1, total: 3 })).toMatchObject({ passed: 1, completed: true });
    expect(progress.recordLab('04-a', { passed: 0, total: 0 }).completed).toBe(false);
  });

  it('unmarks read', () => {
    const progress = store();
    progress.markRead('01-a', true);
    progress.markRead('01-a', false);
    expect(progress.page('01-a').read).toBeUndefined();
  });

  it('sets corrupt data aside under a backup key and starts fresh', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, '{not json');
    const progress = store(storage);
    expect(progress.issue).toEqual({ reason: 'it is not valid JSON', backupKey: `${BACKUP_PREFIX}2026-01-02T03:04:05.000Z` });
    expect(storage.getItem(`${BACKUP_PREFIX}2026-01-02T03:04:05.000Z`)).toBe('{not json');
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(progress.data().pages).toEqual({});
  });

  it('sets old versions aside too', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, JSON.stringify({ ...valid, version: 0 }));
    expect(store(storage).issue?.reason).toBe('it uses the old format 0, which this site no longer reads (it reads 1)');
  });

  it('survives storage that throws', () => {
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const progress = store(broken);
    expect(() => progress.recordPrediction('01-a', 'p', 0, true)).not.toThrow();
    expect(progress.page('01-a').predictions['p']?.choice).toBe(0);
    expect(store(undefined).data().pages).toEqual({});
  });

  it('exports and imports a round trip, keeping the replaced progress', () => {
    const storage = new MemoryStorage();
    const source = store();
    source.recordPrediction('03-basic-logout-route', 'l3-post', 1, true);
    const target = store(storage);
    target.markRead('01-a', true);
    expect(target.importJson(source.exportJson())).toEqual({ ok: true, pages: 1 });
    expect(target.data()).toEqual(source.data());
    expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '')).toEqual(source.data());
    const backups = [...storage.items.keys()].filter((k) => k.startsWith(BACKUP_PREFIX));
    expect(backups).toHaveLength(1);
  });

  it('refuses an invalid import and leaves progress untouched', () => {
    const storage = new MemoryStorage();
    const progress = store(storage);
    progress.markRead('01-a', true);
    const before = storage.getItem(STORAGE_KEY);
    expect(progress.importJson('{"format":"something-else"}')).toEqual({
      ok: false,
      message: 'This file cannot be imported: it is not a Logout Lab progress file (no "format": "logout-lab-progress"). Your current progress is unchanged.',
    });
    expect(progress.importJson('x'.repeat(600 * 1024))).toMatchObject({ ok: false });
    expect(storage.getItem(STORAGE_KEY)).toBe(before);
    expect(progress.page('01-a').read).toBeDefined();
  });

  it('never overwrites what another store instance saved', () => {
    const storage = new MemoryStorage();
    const page = store(storage);
    const lab = store(storage);
    page.recordPrediction('03-a', 'l3-post', 1, true);
    lab.recordLab('03-a', { passed: 2, total: 3 });
    page.recordMyth('03-a', 'myth-x', false, true);
    expect(store(storage).page('03-a')).toMatchObject({
      predictions: { 'l3-post': { choice: 1 } },
      myths: { 'myth-x': { answer: false } },
      lab: { passed: 2, total: 3 },
    });
  });

  it('notifies subscribers until they unsubscribe', () => {
    const progress = store();
    const seen: number[] = [];
    const stop = progress.subscribe((data) => seen.push(Object.keys(data.pages).length));
    progress.markRead('01-a', true);
    stop();
    progress.markRead('02-b', true);
    expect(seen).toEqual([1]);
  });

  it('rejects invalid page ids from callers', () => {
    expect(() => store().markRead('Not OK', true)).toThrow('progress: invalid page id "Not OK"');
  });
});
