import { describe, expect, it } from 'vitest';
import {
  courseStatus,
  describeTarget,
  fractions,
  leftItem,
  lessonStatus,
  outlineLesson,
  plural,
  READ_ANCHOR,
  resumeIn,
  type LessonOutline,
} from './index';
import type { PageProgress, ProgressData } from '../index';

const at = '2026-01-01T00:00:00.000Z';

/** Two lessons shaped like the real ones: a prediction first, myths, a concept, the lab last. */
const one = outlineLesson(
  { id: '01-one', number: 1, title: 'One', href: '/lessons/01-one/' },
  {
    sections: [
      { id: 'predict', kind: 'prediction', title: 'Predict', words: 1 },
      { id: 'why', kind: 'concept', title: 'Why', words: 1 },
      { id: 'two-myths', kind: 'myth', title: 'Two myths', words: 1 },
      { id: 'the-lab', kind: 'lab', title: 'Lab: one', words: 1 },
    ],
    predictions: ['p1'],
    myths: ['m1', 'm2'],
    sectionOf: { p1: 'predict', m1: 'two-myths', m2: 'two-myths' },
    labSection: 'the-lab',
  },
);
const two = outlineLesson(
  { id: '02-two', number: 2, title: 'Two', href: '/lessons/02-two/' },
  {
    sections: [
      { id: 'a-myth', kind: 'myth', title: 'A myth', words: 1 },
      { id: 'guess', kind: 'prediction', title: 'Guess', words: 1 },
    ],
    predictions: ['p2'],
    myths: ['m3'],
    sectionOf: { p2: 'guess', m3: 'a-myth' },
  },
);
const outlines: LessonOutline[] = [one, two];

const page = (p: Partial<PageProgress>): PageProgress => ({ predictions: {}, myths: {}, ...p });
const data = (pages: Record<string, PageProgress>): ProgressData => ({
  format: 'logout-lab-progress',
  version: 1,
  pages,
});
const full = page({
  read: at,
  predictions: { p1: { choice: 0, correct: true, at } },
  myths: { m1: { answer: true, correct: false, at }, m2: { answer: false, correct: true, at } },
  lab: { passed: 5, total: 5, completed: true, at },
});

describe('outlineLesson', () => {
  it('lists the sections to finish in page order, with the ids answered in each', () => {
    expect(one.checkpoints).toEqual([
      { kind: 'prediction', section: 'predict', title: 'Predict', ids: ['p1'] },
      { kind: 'myth', section: 'two-myths', title: 'Two myths', ids: ['m1', 'm2'] },
      { kind: 'lab', section: 'the-lab', title: 'Lab: one', ids: [] },
    ]);
    expect(two.checkpoints.map((c) => c.section)).toEqual(['a-myth', 'guess']);
  });
});

describe('lessonStatus and fractions', () => {
  it('counts each part of an untouched lesson as nothing done, and resumes at its top', () => {
    const status = lessonStatus(one, undefined);
    expect(status).toMatchObject({
      read: false,
      started: false,
      complete: false,
      predictions: { done: 0, total: 1, right: 0 },
      myths: { done: 0, total: 2, right: 0 },
      lab: { passed: 0, total: 0, completed: false, started: false },
    });
    expect(fractions(status)).toEqual({ read: 0, predictions: 0, myths: 0, lab: 0 });
    expect(resumeIn(status)).toMatchObject({ what: 'start', href: '/lessons/01-one/' });
  });

  it('gives partial fractions and resumes at the first unfinished section, skipping done ones', () => {
    const status = lessonStatus(
      one,
      page({
        predictions: { p1: { choice: 1, correct: false, at } },
        myths: { m2: { answer: false, correct: true, at } },
        lab: { passed: 3, total: 12, completed: false, at },
      }),
    );
    expect(fractions(status)).toEqual({ read: 0, predictions: 1, myths: 0.5, lab: 0.25 });
    expect(status.predictions).toEqual({ done: 1, total: 1, right: 0 });
    expect(status.myths).toEqual({ done: 1, total: 2, right: 1 });
    // The myth section still holds an unanswered myth, so it is the place to resume.
    expect(resumeIn(status)).toMatchObject({
      what: 'myth',
      href: '/lessons/01-one/#two-myths',
      section: { id: 'two-myths', title: 'Two myths' },
    });
    expect(status.left.map((t) => t.href)).toEqual([
      '/lessons/01-one/#two-myths',
      '/lessons/01-one/#the-lab',
      `/lessons/01-one/#${READ_ANCHOR}`,
    ]);
  });

  it('sends a lesson with everything answered but not marked read to "Mark as read"', () => {
    const { read: _read, ...unread } = full;
    const status = lessonStatus(one, unread);
    expect(status.complete).toBe(false);
    expect(resumeIn(status)).toMatchObject({ what: 'read', href: `/lessons/01-one/#${READ_ANCHOR}` });
  });

  it('a completed lab stays done when a later run fails, and a lesson with everything done is complete', () => {
    const status = lessonStatus(one, { ...full, lab: { passed: 2, total: 5, completed: true, at } });
    expect(status.complete).toBe(true);
    expect(fractions(status).lab).toBe(1);
    expect(resumeIn(status)).toBeUndefined();
  });

  it('ignores saved answers to ids the lesson no longer has, and has no lab bar without a lab', () => {
    const status = lessonStatus(
      two,
      page({ predictions: { gone: { choice: 0, correct: true, at } }, myths: {} }),
    );
    expect(status.predictions.done).toBe(0);
    expect(status.started).toBe(false);
    expect(status.lab).toBeUndefined();
    expect(fractions(status).lab).toBeUndefined();
  });
});

describe('courseStatus', () => {
  it('resumes at the first unfinished section of the first unfinished lesson', () => {
    const status = courseStatus(outlines, data({ '01-one': full, '02-two': page({ read: at }) }));
    expect(status.complete).toBe(false);
    expect(status.started).toBe(true);
    expect(status.resume).toMatchObject({ what: 'myth', href: '/lessons/02-two/#a-myth' });
    expect(status.totals).toEqual({
      read: { done: 2, total: 2 },
      predictions: { done: 1, total: 2, right: 1 },
      myths: { done: 2, total: 3, right: 1 },
      labs: { done: 1, total: 1 },
    });
  });

  it('starts at lesson 1 with no progress, and has nothing to resume once all is done', () => {
    const fresh = courseStatus(outlines, data({}));
    expect(fresh.started).toBe(false);
    expect(fresh.resume).toMatchObject({ what: 'start', href: '/lessons/01-one/' });
    const done = courseStatus(
      outlines,
      data({
        '01-one': full,
        '02-two': page({
          read: at,
          predictions: { p2: { choice: 0, correct: true, at } },
          myths: { m3: { answer: true, correct: true, at } },
        }),
      }),
    );
    expect(done.complete).toBe(true);
    expect(done.resume).toBeUndefined();
  });
});

describe('words', () => {
  it('describes targets and left items', () => {
    const status = lessonStatus(one, page({ read: at }));
    const [first] = status.left;
    expect(first && describeTarget(first)).toBe('Resume lesson 1 at “Predict”');
    expect(first && leftItem(first)).toEqual({ link: 'Predict', note: 'prediction' });
    // A section titled "Lab: …" needs no "(lab)" after it.
    expect(status.left.map(leftItem)).toEqual([
      { link: 'Predict', note: 'prediction' },
      { link: 'Two myths', note: 'myth' },
      { link: 'Lab: one' },
    ]);
    const start = resumeIn(lessonStatus(two, undefined));
    expect(start && describeTarget(start)).toBe('Start lesson 2: Two');
    const read = { lesson: one, what: 'read' as const, href: '' };
    expect(describeTarget(read)).toBe('Finish lesson 1: mark it as read');
    expect(leftItem(read)).toEqual({ link: 'Mark lesson 1 as read' });
    expect(plural(1, 'myth')).toBe('1 myth');
    expect(plural(3, 'myth')).toBe('3 myths');
  });
});
