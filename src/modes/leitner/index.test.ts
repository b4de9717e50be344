import { describe, expect, it } from 'vitest';
import {
  BOX_COUNT,
  BOX_INTERVAL_DAYS,
  boxCounts,
  dueCards,
  isBox,
  isDue,
  nextDue,
  review,
  type CardRecord,
} from './index';

const now = new Date('2026-03-01T10:00:00.000Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe('Leitner review', () => {
  it('a new card you knew goes to box 2, due tomorrow', () => {
    expect(review(undefined, true, now)).toEqual({
      box: 2,
      due: days(1).toISOString(),
      reviewed: now.toISOString(),
    });
  });

  it('a new card you missed stays in box 1, due again in this session', () => {
    const record = review(undefined, false, now);
    expect(record.box).toBe(1);
    expect(isDue(record, now)).toBe(true);
  });

  it('each correct review moves one box up, with growing intervals, and stops at the last box', () => {
    let record: CardRecord | undefined;
    const boxes: number[] = [];
    for (let i = 0; i < 6; i++) {
      record = review(record, true, now);
      boxes.push(record.box);
      expect(Date.parse(record.due) - now.getTime()).toBe(
        (BOX_INTERVAL_DAYS[record.box - 1] ?? -1) * 86_400_000,
      );
    }
    expect(boxes).toEqual([2, 3, 4, 5, 5, 5]);
    expect(BOX_COUNT).toBe(5);
    expect([...BOX_INTERVAL_DAYS]).toEqual([...BOX_INTERVAL_DAYS].sort((a, b) => a - b));
  });

  it('a miss sends a card from any box back to box 1', () => {
    expect(review({ box: 4, due: now.toISOString(), reviewed: now.toISOString() }, false, now).box).toBe(1);
  });

  it('refuses an invalid clock', () => {
    expect(() => review(undefined, true, new Date('nope'))).toThrow(TypeError);
  });

  it('isBox accepts 1 to 5 whole numbers only', () => {
    expect([1, 2, 3, 4, 5].every(isBox)).toBe(true);
    for (const bad of [0, 6, 1.5, '2', null, Number.NaN]) expect(isBox(bad)).toBe(false);
  });
});

describe('due cards', () => {
  const records: Record<string, CardRecord> = {
    a: { box: 3, due: days(-2).toISOString(), reviewed: days(-5).toISOString() },
    b: { box: 2, due: days(1).toISOString(), reviewed: now.toISOString() },
    c: { box: 1, due: days(-1).toISOString(), reviewed: days(-1).toISOString() },
    d: { box: 3, due: days(-4).toISOString(), reviewed: days(-7).toISOString() },
  };

  it('lists due and new cards, lowest box first, then most overdue, then lesson order', () => {
    expect(dueCards(['a', 'b', 'c', 'd', 'new'], records, now)).toEqual(['c', 'new', 'd', 'a']);
  });

  it('nextDue is undefined while something is due, else the earliest due date', () => {
    expect(nextDue(['a', 'b'], records, now)).toBeUndefined();
    expect(nextDue(['b'], records, now)?.toISOString()).toBe(days(1).toISOString());
    expect(nextDue([], records, now)).toBeUndefined();
  });

  it('boxCounts counts unreviewed cards in box 1', () => {
    expect(boxCounts(['a', 'b', 'c', 'd', 'new'], records)).toEqual([2, 1, 2, 0, 0]);
  });
});
