import { describe, expect, it } from 'vitest';
import {
  BACKUP_PREFIX,
  createProgressStore,
  IMPORT_UNDO_KEY,
  parseProgress,
  STORAGE_KEY,
  validateProgress,
  type StorageLike,
} from './index';

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

/** localStorage with a quota: setItem throws as browsers do once the stored text would exceed it. */
class FullStorage extends MemoryStorage {
  constructor(public quota: number) {
    super();
  }
  used(except?: string) {
    let total = 0;
    for (const [key, value] of this.items) if (key !== except) total += key.length + value.length;
    return total;
  }
  override setItem(key: string, value: string) {
    if (this.used(key) + key.length + value.length > this.quota)
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    super.setItem(key, value);
  }
}

const clock = () => new Date('2026-01-02T03:04:05.000Z');
const store = (storage: StorageLike | undefined = new MemoryStorage()) =>
  createProgressStore({ storage, now: clock });
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
    const bad = structuredClone(valid) as {
      pages: Record<string, { predictions: Record<string, { choice: unknown }> }>;
    };
    bad.pages['03-basic-logout-route']!.predictions['l3-post']!.choice = 'b';
    expect(validateProgress(bad)).toEqual({
      ok: false,
      problem:
        'pages["03-basic-logout-route"].predictions["l3-post"].choice must be a whole number (0 or more)',
    });
  });

  it('accepts the hints revealed in a lab, and names a bad count', () => {
    const withHints = structuredClone(valid) as { pages: Record<string, Record<string, unknown>> };
    withHints.pages['03-basic-logout-route']!['labHints'] = 2;
    expect(validateProgress(withHints)).toEqual({ ok: true, data: withHints });
    withHints.pages['03-basic-logout-route']!['labHints'] = -1;
    expect(validateProgress(withHints)).toEqual({
      ok: false,
      problem: 'pages["03-basic-logout-route"].labHints must be a whole number (0 or more)',
    });
  });

  it('explains foreign, old and newer files', () => {
    expect(validateProgress({ hello: 1 })).toEqual({
      ok: false,
      problem: 'it is not a Logout Lab progress file (no "format": "logout-lab-progress")',
    });
    expect(validateProgress({ ...valid, version: 0 })).toEqual({
      ok: false,
      problem: 'it uses the old format 0, which this site no longer reads (it reads 1)',
    });
    expect(validateProgress({ ...valid, version: 2 })).toEqual({
      ok: false,
      problem: 'it was saved by a newer version of the course (format 2; this site reads 1)',
    });
    expect(validateProgress([])).toEqual({ ok: false, problem: 'the top level must be an object' });
    expect(validateProgress({ ...valid, pages: { 'Bad Id': {} } })).toEqual({
      ok: false,
      problem: 'pages["Bad Id"] is not a valid id',
    });
  });

  it('treats bad JSON as a problem', () =>
    expect(parseProgress('{oops')).toEqual({ ok: false, problem: 'it is not valid JSON' }));
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

  it('records the lab hints revealed, never fewer than before, across instances and reloads', () => {
    const storage = new MemoryStorage();
    const lab = store(storage);
    const page = store(storage);
    expect(lab.page('03-a').labHints).toBeUndefined();
    expect(lab.recordHints('03-a', 1)).toBe(1);
    page.markRead('03-a', true);
    expect(lab.recordHints('03-a', 2)).toBe(2);
    // A tab still showing one hint does not take back the second one another tab revealed.
    expect(page.recordHints('03-a', 1)).toBe(2);
    expect(store(storage).page('03-a')).toMatchObject({ labHints: 2, read: '2026-01-02T03:04:05.000Z' });
    expect(() => lab.recordHints('03-a', -1)).toThrow('progress: hints revealed must be a whole number');
    expect(() => lab.recordHints('03-a', 1.5)).toThrow('progress: hints revealed must be a whole number');
  });

  it('keeps the hints revealed in the export, and an import brings them back', () => {
    const source = store();
    source.recordHints('05-session-security', 3);
    const exported = source.exportJson();
    expect(JSON.parse(exported)).toMatchObject({ pages: { '05-session-security': { labHints: 3 } } });
    const target = store();
    expect(target.importJson(exported)).toEqual({ ok: true, pages: 1 });
    expect(target.page('05-session-security').labHints).toBe(3);
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
    expect(progress.issue).toEqual({
      reason: 'it is not valid JSON',
      backupKey: `${BACKUP_PREFIX}2026-01-02T03:04:05.000Z`,
    });
    expect(storage.getItem(`${BACKUP_PREFIX}2026-01-02T03:04:05.000Z`)).toBe('{not json');
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(progress.data().pages).toEqual({});
  });

  it('sets old versions aside too', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, JSON.stringify({ ...valid, version: 0 }));
    expect(store(storage).issue?.reason).toBe(
      'it uses the old format 0, which this site no longer reads (it reads 1)',
    );
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
      message:
        'This file cannot be imported: it is not a Logout Lab progress file (no "format": "logout-lab-progress"). Your current progress is unchanged.',
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

describe('undoing an import', () => {
  const fileWith = (pageId: string) => {
    const source = store();
    source.recordMyth(pageId, 'myth-x', true, false);
    return source.exportJson();
  };
  const keysOf = (storage: MemoryStorage) => [...storage.items.keys()].sort();

  it('offers to undo an import that replaced progress, and undo brings the old progress back', () => {
    const storage = new MemoryStorage();
    const progress = store(storage);
    progress.markRead('01-a', true);
    const before = progress.data();
    expect(progress.lastImport()).toBeUndefined();
    expect(progress.importJson(fileWith('02-b'))).toEqual({ ok: true, pages: 1 });
    expect(progress.lastImport()).toEqual({ at: '2026-01-02T03:04:05.000Z', pages: 1 });
    expect(Object.keys(progress.data().pages)).toEqual(['02-b']);
    const seen: string[][] = [];
    progress.subscribe((data) => seen.push(Object.keys(data.pages)));
    expect(progress.undoImport()).toEqual({ ok: true, pages: 1 });
    expect(progress.data()).toEqual(before);
    expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '')).toEqual(before);
    expect(seen).toEqual([['01-a']]);
    // Nothing is left behind: no undo offer, no backup key.
    expect(progress.lastImport()).toBeUndefined();
    expect(keysOf(storage)).toEqual([STORAGE_KEY]);
    expect(progress.undoImport()).toMatchObject({ ok: false, message: 'There is no import to undo.' });
  });

  it('keeps the offer across a reload (a new store over the same storage)', () => {
    const storage = new MemoryStorage();
    store(storage).markRead('01-a', true);
    store(storage).importJson(fileWith('02-b'));
    const reloaded = store(storage);
    expect(reloaded.lastImport()).toEqual({ at: '2026-01-02T03:04:05.000Z', pages: 1 });
    expect(reloaded.undoImport()).toEqual({ ok: true, pages: 1 });
    expect(Object.keys(store(storage).data().pages)).toEqual(['01-a']);
  });

  it('offers nothing when the import replaced no progress', () => {
    const storage = new MemoryStorage();
    const progress = store(storage);
    expect(progress.importJson(fileWith('02-b'))).toEqual({ ok: true, pages: 1 });
    expect(progress.lastImport()).toBeUndefined();
    expect(keysOf(storage)).toEqual([STORAGE_KEY]);
  });

  it('undoes one import: a second import replaces the offer, and the first backup goes', () => {
    const storage = new MemoryStorage();
    const progress = store(storage);
    progress.markRead('01-a', true);
    progress.importJson(fileWith('02-b'));
    progress.importJson(fileWith('03-c'));
    expect(keysOf(storage).filter((k) => k.startsWith(BACKUP_PREFIX))).toHaveLength(1);
    expect(progress.undoImport()).toEqual({ ok: true, pages: 1 });
    expect(Object.keys(progress.data().pages)).toEqual(['02-b']);
  });

  it('keepImport drops the offer and its backup', () => {
    const storage = new MemoryStorage();
    const progress = store(storage);
    progress.markRead('01-a', true);
    progress.importJson(fileWith('02-b'));
    progress.keepImport();
    expect(progress.lastImport()).toBeUndefined();
    expect(keysOf(storage)).toEqual([STORAGE_KEY]);
    expect(Object.keys(progress.data().pages)).toEqual(['02-b']);
  });

  it('does not touch the backups of corrupt data', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, '{oops');
    const progress = store(storage);
    const setAside = progress.issue?.backupKey ?? '';
    progress.markRead('01-a', true);
    progress.importJson(fileWith('02-b'));
    progress.undoImport();
    expect(storage.getItem(setAside)).toBe('{oops');
  });

  it('refuses the import, with the reason, when storage is too full for the backup', () => {
    const storage = new FullStorage(10_000);
    const progress = store(storage);
    progress.markRead('01-a', true);
    // Other data of the site fills storage: the current progress fits, a second copy of it does not.
    storage.setItem('other', 'x'.repeat(10_000 - storage.used() - 40));
    const before = new Map(storage.items);
    const result = progress.importJson(fileWith('02-b'));
    expect(result).toEqual({
      ok: false,
      message:
        'This file was not imported: it would replace your current progress, and this browser’s storage is too full to keep a copy of it for “Undo import”. Export your progress first (or free some space in this browser), then import again. Your current progress is unchanged.',
    });
    expect(storage.items).toEqual(before);
    expect(Object.keys(progress.data().pages)).toEqual(['01-a']);
    expect(progress.lastImport()).toBeUndefined();
  });

  it('refuses the import when the backup fits but the imported progress cannot be saved, leaving nothing behind', () => {
    const big = store();
    for (let i = 0; i < 40; i += 1) big.recordMyth(`02-page-${i}`, 'myth-x', true, false);
    const storage = new FullStorage(0);
    const progress = store(storage);
    storage.quota = 1_000_000;
    progress.markRead('01-a', true);
    storage.quota = storage.used() * 2 + 200; // room for one more copy of the small progress, not for the file
    const before = new Map(storage.items);
    const result = progress.importJson(big.exportJson());
    expect(result).toMatchObject({ ok: false });
    expect(result.ok ? '' : result.message).toMatch(/too full to save the imported progress.*unchanged\.$/);
    expect(storage.items).toEqual(before);
    expect(Object.keys(progress.data().pages)).toEqual(['01-a']);
  });

  it('says why when the backup has gone or was damaged, and drops the offer', () => {
    const storage = new MemoryStorage();
    const progress = store(storage);
    progress.markRead('01-a', true);
    progress.importJson(fileWith('02-b'));
    const backupKey = keysOf(storage).find((k) => k.startsWith(BACKUP_PREFIX)) ?? '';
    storage.setItem(
      backupKey,
      '{"format":"logout-lab-progress","version":1,"pages":{"x":{"predictions":[]}}}',
    );
    expect(progress.lastImport()).toBeUndefined();
    expect(progress.undoImport()).toEqual({ ok: false, message: 'There is no import to undo.' });
    expect(Object.keys(progress.data().pages)).toEqual(['02-b']);
    expect(storage.getItem(IMPORT_UNDO_KEY)).toBeNull();
    // A damaged pointer is no offer either.
    storage.setItem(IMPORT_UNDO_KEY, JSON.stringify({ backupKey: STORAGE_KEY, at: 'x' }));
    expect(progress.lastImport()).toBeUndefined();
    expect(progress.undoImport()).toMatchObject({ ok: false });
    expect(Object.keys(progress.data().pages)).toEqual(['02-b']);
  });

  it('refuses the undo when storage cannot take the restored progress, and keeps the offer', () => {
    const storage = new FullStorage(1_000_000);
    const progress = store(storage);
    for (let i = 0; i < 40; i += 1) progress.recordMyth(`02-page-${i}`, 'myth-x', true, false);
    progress.importJson(fileWith('09-z'));
    storage.quota = storage.used() + 10; // the bigger old progress no longer fits where the small one is
    const result = progress.undoImport();
    expect(result).toMatchObject({ ok: false });
    expect(result.ok ? '' : result.message).toMatch(/storage is too full/);
    expect(Object.keys(progress.data().pages)).toEqual(['09-z']);
    expect(progress.lastImport()).toEqual({ at: '2026-01-02T03:04:05.000Z', pages: 40 });
  });

  it('never throws when storage throws on every call', () => {
    const hostile: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const progress = store(hostile);
    progress.markRead('01-a', true);
    expect(progress.importJson(fileWith('02-b'))).toMatchObject({ ok: false });
    expect(progress.lastImport()).toBeUndefined();
    expect(progress.undoImport()).toMatchObject({ ok: false });
    expect(() => progress.keepImport()).not.toThrow();
    expect(Object.keys(progress.data().pages)).toEqual(['01-a']);
  });

  it('works in memory when storage is disabled', () => {
    const progress = store(undefined);
    progress.markRead('01-a', true);
    expect(progress.importJson(fileWith('02-b'))).toEqual({ ok: true, pages: 1 });
    expect(progress.lastImport()).toEqual({ at: '2026-01-02T03:04:05.000Z', pages: 1 });
    expect(progress.undoImport()).toEqual({ ok: true, pages: 1 });
    expect(Object.keys(progress.data().pages)).toEqual(['01-a']);
  });
});
