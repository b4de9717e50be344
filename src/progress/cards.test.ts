/** Flashcard schedules in progress (issue 7): an optional, validated addition to format 1. */
import { describe, expect, it } from 'vitest';
import { createProgressStore, parseProgress, STORAGE_KEY, validateProgress, type StorageLike } from './index';

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

let time = new Date('2026-01-02T03:04:05.000Z');
const store = (storage: StorageLike) => createProgressStore({ storage, now: () => time });
const page = '05-session-security';
const withCards = (cards: unknown) => ({
  format: 'logout-lab-progress',
  version: 1,
  pages: { [page]: { predictions: {}, myths: {}, cards } },
});

describe('progress flashcards', () => {
  it('progress saved before flashcards existed still loads (no cards field)', () => {
    const old = {
      format: 'logout-lab-progress',
      version: 1,
      pages: { [page]: { predictions: {}, myths: {} } },
    };
    const result = validateProgress(old);
    expect(result.ok && result.data.pages[page]?.cards).toBeUndefined();
  });

  it('accepts valid card records and names the field of an invalid one', () => {
    const good = {
      'myth-l5-cookie': { box: 3, due: '2026-01-05T00:00:00.000Z', reviewed: '2026-01-02T00:00:00.000Z' },
    };
    expect(validateProgress(withCards(good))).toEqual({ ok: true, data: withCards(good) });
    expect(
      validateProgress(
        withCards({ x: { box: 9, due: '2026-01-05T00:00:00.000Z', reviewed: '2026-01-02T00:00:00.000Z' } }),
      ),
    ).toEqual({
      ok: false,
      problem: `pages["${page}"].cards["x"].box must be a box number from 1 to 5`,
    });
    expect(
      validateProgress(withCards({ x: { box: 1, due: 'soon', reviewed: '2026-01-02T00:00:00.000Z' } })),
    ).toMatchObject({
      ok: false,
      problem: `pages["${page}"].cards["x"].due must be a date and time`,
    });
    expect(
      validateProgress(
        withCards({ 'Bad Id': { box: 1, due: time.toISOString(), reviewed: time.toISOString() } }),
      ),
    ).toMatchObject({ ok: false });
    expect(validateProgress(withCards([]))).toMatchObject({
      ok: false,
      problem: `pages["${page}"].cards must be an object`,
    });
  });

  it('reviewCard schedules with Leitner boxes and persists through storage', () => {
    const storage = new MemoryStorage();
    time = new Date('2026-01-02T03:04:05.000Z');
    const first = store(storage).reviewCard(page, 'takeaway-what-to-carry-forward', true);
    expect(first).toEqual({ box: 2, due: '2026-01-03T03:04:05.000Z', reviewed: '2026-01-02T03:04:05.000Z' });
    time = new Date('2026-01-03T04:00:00.000Z');
    expect(store(storage).reviewCard(page, 'takeaway-what-to-carry-forward', true).box).toBe(3);
    expect(store(storage).reviewCard(page, 'myth-l5-cookie', false).box).toBe(1);

    const saved = parseProgress(storage.getItem(STORAGE_KEY) ?? '');
    expect(saved.ok && saved.data.pages[page]?.cards).toEqual({
      'takeaway-what-to-carry-forward': {
        box: 3,
        due: '2026-01-06T04:00:00.000Z',
        reviewed: '2026-01-03T04:00:00.000Z',
      },
      'myth-l5-cookie': { box: 1, due: '2026-01-03T04:00:00.000Z', reviewed: '2026-01-03T04:00:00.000Z' },
    });
  });

  it('cards and other records never overwrite each other across store instances', () => {
    const storage = new MemoryStorage();
    const a = store(storage);
    const b = store(storage);
    a.reviewCard(page, 'myth-l5-cookie', true);
    b.recordMyth(page, 'myth-l5-cookie', false, true);
    a.markRead(page, true);
    const data = store(storage).page(page);
    expect(data.cards?.['myth-l5-cookie']?.box).toBe(2);
    expect(data.myths['myth-l5-cookie']?.correct).toBe(true);
    expect(data.read).toBeDefined();
  });

  it('refuses a card id that could not be loaded again, leaving progress untouched', () => {
    const storage = new MemoryStorage();
    expect(() => store(storage).reviewCard(page, 'Not An Id', true)).toThrow(/invalid card id/);
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
  });

  it("splitCard hands a takeaway section's schedule to the item cards that replaced it", () => {
    const storage = new MemoryStorage();
    time = new Date('2026-01-02T03:04:05.000Z');
    const s = store(storage);
    s.reviewCard(page, 'takeaway-what-to-carry-forward', true);
    s.reviewCard(page, 'takeaway-what-to-carry-forward-2', false);
    const old = s.page(page).cards?.['takeaway-what-to-carry-forward'];
    const items = [
      'takeaway-what-to-carry-forward-1',
      'takeaway-what-to-carry-forward-2',
      'takeaway-what-to-carry-forward-3',
    ];
    expect(store(storage).splitCard(page, 'takeaway-what-to-carry-forward', items)).toBe(true);
    const cards = store(storage).page(page).cards ?? {};
    // Items without a schedule start from the old card's box; an item already reviewed keeps its own.
    expect(cards['takeaway-what-to-carry-forward-1']).toEqual(old);
    expect(cards['takeaway-what-to-carry-forward-2']?.box).toBe(1);
    expect(cards['takeaway-what-to-carry-forward-3']).toEqual(old);
    expect(cards['takeaway-what-to-carry-forward']).toBeUndefined();
    // Nothing left to move: no change, and the saved progress still validates.
    expect(store(storage).splitCard(page, 'takeaway-what-to-carry-forward', items)).toBe(false);
    expect(parseProgress(storage.getItem(STORAGE_KEY) ?? '').ok).toBe(true);
    expect(() => store(storage).splitCard(page, 'x', ['Bad Id'])).toThrow(/invalid card id/);
  });

  it('export and import keep the schedule', () => {
    const storage = new MemoryStorage();
    const s = store(storage);
    s.reviewCard(page, 'myth-l5-cookie', true);
    const copy = store(new MemoryStorage());
    expect(copy.importJson(s.exportJson())).toEqual({ ok: true, pages: 1 });
    expect(copy.page(page).cards?.['myth-l5-cookie']?.box).toBe(2);
  });
});
