/**
 * Where each lesson sits in the course. The folder number is the default position; an optional
 * `order` in the frontmatter overrides it, so a lesson can be inserted between two others without
 * renaming any folder (a rename would change the lesson's URL and orphan the progress learners
 * saved under the old folder name). Pure: the content config, the pages and the scaffold share it.
 */

export interface OrderedLesson {
  /** Folder name, e.g. "03-basic-logout-route". */
  id: string;
  /** The frontmatter `order`, if any. */
  order?: number | undefined;
}

/** The folder's two-digit number: "03-basic-logout-route" → 3 (NaN when the name has none). */
export function folderNumber(id: string): number {
  const digits = /^(\d{2})-/.exec(id)?.[1];
  return digits === undefined ? Number.NaN : Number(digits);
}

/** The number the course is sorted by: `order` when given, else the folder number. */
export function lessonOrder(lesson: OrderedLesson): number {
  return lesson.order ?? folderNumber(lesson.id);
}

/** Course order: by `lessonOrder`, then by folder name so the result never depends on load order. */
export function sortLessons<T extends OrderedLesson>(lessons: readonly T[]): T[] {
  return [...lessons].sort((a, b) => lessonOrder(a) - lessonOrder(b) || a.id.localeCompare(b.id));
}

function describeOrder(lesson: OrderedLesson): string {
  return lesson.order === undefined ? `folder number ${lesson.id.slice(0, 2)}` : `order: ${lesson.order}`;
}

/** A number strictly between `low` and `high` that reads well: 3.5 between 3 and 4. */
export function between(low: number, high: number | undefined): number {
  if (high === undefined) return Math.floor(low) + 1;
  return (low + high) / 2;
}

/**
 * Two lessons at the same position would make previous/next depend on chance: each collision is
 * one problem naming both files and a free value for the later one.
 */
export function checkLessonOrder(entries: readonly (OrderedLesson & { file: string })[]): string[] {
  const problems: string[] = [];
  const sorted = sortLessons(entries.filter((entry) => !Number.isNaN(lessonOrder(entry))));
  for (let i = 1; i < sorted.length; i++) {
    const earlier = sorted[i - 1];
    const later = sorted[i];
    if (!earlier || !later || lessonOrder(earlier) !== lessonOrder(later)) continue;
    // Same folder number and no order: already reported as a duplicate lesson number.
    if (earlier.order === undefined && later.order === undefined) continue;
    const next = sorted.slice(i + 1).find((entry) => lessonOrder(entry) > lessonOrder(later));
    const free = between(lessonOrder(later), next && lessonOrder(next));
    problems.push(
      `Duplicate lesson position ${lessonOrder(later)}: ${earlier.file} (${describeOrder(earlier)}) and ${later.file} (${describeOrder(later)}) both sit there, so previous/next would be ambiguous. Fix: in ${later.file} write order: ${free}`,
    );
  }
  return problems;
}
