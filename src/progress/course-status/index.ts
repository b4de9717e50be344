/**
 * Where a learner stands in the course, from saved progress: per lesson how much of each part is
 * done (read, predictions, myths, lab, as fractions the home page draws as bars), what is left, and
 * the one place to resume: the first unfinished section of the first unfinished lesson, as a deep
 * link to that section's anchor. Pure data and functions, shared by the home page overview, the
 * course's completion view and their tests; the build makes each lesson's outline from its contract.
 */
import type { PageContract } from '../../content/lesson-contract';
import type { PageProgress, ProgressData } from '../index';

/** Where "Mark as read" sits on every lesson page (the read toggle's id). */
export const READ_ANCHOR = 'mark-as-read';

/** A section a learner finishes by doing something in it: answering, or passing the lab. */
export interface Checkpoint {
  kind: 'prediction' | 'myth' | 'lab';
  /** The section's heading id (its anchor). */
  section: string;
  title: string;
  /** Prediction or myth ids answered in this section (none for the lab). */
  ids: string[];
}

/** A lesson as the browser needs it to show progress: built at build time, sent as JSON in data-*. */
export interface LessonOutline {
  id: string;
  number: number;
  title: string;
  href: string;
  /** In document order. */
  checkpoints: Checkpoint[];
}

/** The outline of one lesson from what its contract recorded. */
export function outlineLesson(
  lesson: { id: string; number: number; title: string; href: string },
  contract: Pick<PageContract, 'sections' | 'predictions' | 'myths' | 'sectionOf' | 'labSection'>,
): LessonOutline {
  const checkpoints: Checkpoint[] = [];
  const scored = [
    ...contract.predictions.map((id) => ({ id, kind: 'prediction' as const })),
    ...contract.myths.map((id) => ({ id, kind: 'myth' as const })),
  ];
  for (const section of contract.sections) {
    for (const kind of ['prediction', 'myth'] as const) {
      const ids = scored
        .filter((s) => s.kind === kind && contract.sectionOf[s.id] === section.id)
        .map((s) => s.id);
      if (ids.length) checkpoints.push({ kind, section: section.id, title: section.title, ids });
    }
    if (contract.labSection === section.id)
      checkpoints.push({ kind: 'lab', section: section.id, title: section.title, ids: [] });
  }
  return { ...lesson, checkpoints };
}

/** How much of one part of a lesson is done. */
export interface Tally {
  done: number;
  total: number;
}

/** Something left to do, and the link that goes straight to it. */
export interface Target {
  lesson: LessonOutline;
  /** `start`: the lesson is untouched, so the link is its top; `read`: only "Mark as read" is left. */
  what: 'start' | Checkpoint['kind'] | 'read';
  href: string;
  /** The section the link lands on (not for `start` and `read`). */
  section?: { id: string; title: string };
}

export interface LessonStatus {
  outline: LessonOutline;
  read: boolean;
  predictions: Tally & { right: number };
  /** `done` counts myths answered, right or wrong. */
  myths: Tally & { right: number };
  /** Undefined when the lesson has no lab. */
  lab: { passed: number; total: number; completed: boolean; started: boolean } | undefined;
  /** Anything recorded for this lesson at all. */
  started: boolean;
  complete: boolean;
  /** Everything unfinished, in page order (the read toggle last). */
  left: Target[];
}

const ids = (outline: LessonOutline, kind: Checkpoint['kind']) =>
  outline.checkpoints.filter((c) => c.kind === kind).flatMap((c) => c.ids);

export function lessonStatus(outline: LessonOutline, page: PageProgress | undefined): LessonStatus {
  const predictions = ids(outline, 'prediction');
  const myths = ids(outline, 'myth');
  const hasLab = outline.checkpoints.some((c) => c.kind === 'lab');
  const read = Boolean(page?.read);
  const committed = predictions.filter((id) => page?.predictions[id]);
  const answered = myths.filter((id) => page?.myths[id]);
  const lab = hasLab
    ? {
        passed: page?.lab?.passed ?? 0,
        total: page?.lab?.total ?? 0,
        completed: Boolean(page?.lab?.completed),
        started: Boolean(page?.lab),
      }
    : undefined;
  const started = read || committed.length > 0 || answered.length > 0 || Boolean(lab?.started);
  const done = (c: Checkpoint) =>
    c.kind === 'lab'
      ? Boolean(lab?.completed)
      : c.ids.every((id) => (c.kind === 'prediction' ? page?.predictions[id] : page?.myths[id]));
  const left: Target[] = outline.checkpoints
    .filter((c) => !done(c))
    .map((c) => ({
      lesson: outline,
      what: c.kind,
      href: `${outline.href}#${c.section}`,
      section: { id: c.section, title: c.title },
    }));
  if (!read) left.push({ lesson: outline, what: 'read', href: `${outline.href}#${READ_ANCHOR}` });
  return {
    outline,
    read,
    predictions: {
      done: committed.length,
      total: predictions.length,
      right: committed.filter((id) => page?.predictions[id]?.correct).length,
    },
    myths: {
      done: answered.length,
      total: myths.length,
      right: answered.filter((id) => page?.myths[id]?.correct).length,
    },
    lab,
    started,
    complete: left.length === 0,
    left,
  };
}

/**
 * Where to carry on in a lesson: its top when nothing is done yet (the learner starts reading from
 * the beginning), else the first unfinished section; undefined when the lesson is complete.
 */
export function resumeIn(status: LessonStatus): Target | undefined {
  if (status.complete) return undefined;
  if (!status.started) return { lesson: status.outline, what: 'start', href: status.outline.href };
  return status.left[0];
}

/** Fractions from 0 to 1 for the four bars of a lesson; undefined for a part the lesson lacks. */
export function fractions(status: LessonStatus): {
  read: number;
  predictions: number | undefined;
  myths: number | undefined;
  lab: number | undefined;
} {
  const part = (t: Tally) => (t.total ? t.done / t.total : undefined);
  const lab = status.lab;
  return {
    read: status.read ? 1 : 0,
    predictions: part(status.predictions),
    myths: part(status.myths),
    lab: lab && (lab.completed ? 1 : lab.total ? Math.min(1, lab.passed / lab.total) : 0),
  };
}

export interface CourseStatus {
  lessons: LessonStatus[];
  /** The first unfinished section of the first unfinished lesson; undefined once all is done. */
  resume: Target | undefined;
  complete: boolean;
  /** Whether anything at all is recorded for any lesson. */
  started: boolean;
  totals: {
    read: Tally;
    predictions: Tally & { right: number };
    myths: Tally & { right: number };
    labs: Tally;
  };
}

export function courseStatus(outlines: readonly LessonOutline[], data: ProgressData): CourseStatus {
  const lessons = outlines.map((o) => lessonStatus(o, data.pages[o.id]));
  const sum = (pick: (s: LessonStatus) => number) => lessons.reduce((n, s) => n + pick(s), 0);
  const first = lessons.find((s) => !s.complete);
  return {
    lessons,
    resume: first && resumeIn(first),
    complete: lessons.length > 0 && !first,
    started: lessons.some((s) => s.started),
    totals: {
      read: { done: sum((s) => (s.read ? 1 : 0)), total: lessons.length },
      predictions: {
        done: sum((s) => s.predictions.done),
        total: sum((s) => s.predictions.total),
        right: sum((s) => s.predictions.right),
      },
      myths: {
        done: sum((s) => s.myths.done),
        total: sum((s) => s.myths.total),
        right: sum((s) => s.myths.right),
      },
      labs: {
        done: sum((s) => (s.lab?.completed ? 1 : 0)),
        total: sum((s) => (s.lab ? 1 : 0)),
      },
    },
  };
}

/** What a target link says, e.g. `Resume lesson 3 at “Before reading on”`. */
export function describeTarget(target: Target): string {
  const { number, title } = target.lesson;
  switch (target.what) {
    case 'start':
      return `Start lesson ${number}: ${title}`;
    case 'read':
      return `Finish lesson ${number}: mark it as read`;
    default:
      return `Resume lesson ${number} at “${target.section?.title ?? title}”`;
  }
}

/**
 * One item of a "what is left" list: the link's words and a note on what waits there
 * (`{ link: 'Before reading on', note: 'prediction' }`, `{ link: 'Mark lesson 3 as read' }`).
 */
export function leftItem(target: Target): { link: string; note?: string } {
  if (target.what === 'read') return { link: `Mark lesson ${target.lesson.number} as read` };
  if (target.what === 'start') return { link: `Start lesson ${target.lesson.number}` };
  const link = target.section?.title ?? target.lesson.title;
  // "Lab: write the logout route (lab)" says it twice.
  return link.toLowerCase().startsWith(target.what) ? { link } : { link, note: target.what };
}

/** "1 prediction", "3 myths": a count with its noun. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
