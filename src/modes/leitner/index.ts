/**
 * A Leitner-box schedule for flashcards. Every card sits in a box from 1 to 5; a card you knew
 * moves up one box, a card you missed goes back to box 1. The box sets how long until the card is
 * due again: box 1 comes back within the same session, box 5 after two weeks. A card never
 * reviewed is in box 1 and due now.
 *
 * Pure functions over plain records (the progress store keeps them), so the schedule is
 * testable with a fixed clock.
 */

export const BOX_COUNT = 5;
/** Days until a card in box N (index N - 1) is due again. Box 1: the same session. */
export const BOX_INTERVAL_DAYS: readonly number[] = [0, 1, 3, 7, 14];

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CardRecord {
  /** 1 … BOX_COUNT. */
  box: number;
  /** ISO time from which the card is due. */
  due: string;
  /** ISO time of the last review. */
  reviewed: string;
}

export function isBox(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= BOX_COUNT;
}

/** The record after a review: up one box when known, back to box 1 when missed. */
export function review(previous: CardRecord | undefined, knew: boolean, now: Date): CardRecord {
  if (Number.isNaN(now.getTime())) throw new TypeError('leitner.review: now must be a valid Date');
  const box = knew ? Math.min((previous?.box ?? 1) + 1, BOX_COUNT) : 1;
  const days = BOX_INTERVAL_DAYS[box - 1] ?? 0;
  return { box, due: new Date(now.getTime() + days * DAY_MS).toISOString(), reviewed: now.toISOString() };
}

export function isDue(record: CardRecord | undefined, now: Date): boolean {
  return !record || Date.parse(record.due) <= now.getTime();
}

/** A card never reviewed counts as due right now, so cards missed earlier come before it. */
const dueTime = (record: CardRecord | undefined, now: Date) =>
  record ? Date.parse(record.due) : now.getTime();

/**
 * The cards to review now, lowest box first (the ones you know least), then the longest overdue,
 * then in the order given (the lesson's order).
 */
export function dueCards(
  ids: readonly string[],
  records: Readonly<Record<string, CardRecord>>,
  now: Date,
): string[] {
  return ids
    .map((id, index) => ({ id, index, record: records[id] }))
    .filter((c) => isDue(c.record, now))
    .sort(
      (a, b) =>
        (a.record?.box ?? 1) - (b.record?.box ?? 1) ||
        dueTime(a.record, now) - dueTime(b.record, now) ||
        a.index - b.index,
    )
    .map((c) => c.id);
}

/** When the next of these cards falls due (undefined when one is due already or none is scheduled). */
export function nextDue(
  ids: readonly string[],
  records: Readonly<Record<string, CardRecord>>,
  now: Date,
): Date | undefined {
  let next: number | undefined;
  for (const id of ids) {
    const record = records[id];
    if (isDue(record, now)) return undefined;
    const due = Date.parse((record as CardRecord).due);
    if (next === undefined || due < next) next = due;
  }
  return next === undefined ? undefined : new Date(next);
}

/** How many of these cards sit in each box (index 0 = box 1); unreviewed cards count in box 1. */
export function boxCounts(ids: readonly string[], records: Readonly<Record<string, CardRecord>>): number[] {
  const counts = Array.from({ length: BOX_COUNT }, () => 0);
  for (const id of ids) {
    const box = records[id]?.box ?? 1;
    counts[box - 1] = (counts[box - 1] ?? 0) + 1;
  }
  return counts;
}
