/**
 * Which lessons a lesson page's course navigation lists. Every lesson page carries the sidebar, so
 * a sidebar listing every lesson makes each page grow with the course and the whole site grow with
 * its square (`npm run bench:build`: 52 KiB per lesson page at 30 lessons, 142 KiB at 300). Up to
 * `fullListLimit` lessons the sidebar lists them all, as the course has always done; above it, a
 * fixed-size window around the current lesson, and the sidebar links the home page's full list.
 * Pure, so the edges (first and last lesson, the limit itself) are unit-tested.
 */

/** Courses up to this many lessons list every lesson on every page. */
export const fullListLimit = 30;
/** Above the limit: this many lessons either side of the current one (11 in all). */
export const windowRadius = 5;

export interface CourseWindow {
  /** Index (from 0) of the first lesson listed. */
  start: number;
  /** Index one past the last lesson listed. */
  end: number;
  /** Every lesson is listed, so the sidebar needs no link to the full list. */
  complete: boolean;
}

/**
 * The lessons to list for a course of `total` lessons on the page of lesson `current` (index from
 * 0; -1 on a page that is not a lesson, such as a reference page, which lists the course's start).
 * The window keeps its size at the ends of the course: the first lesson shows the next ten, the
 * last lesson the ten before it, so the sidebar does not shrink near the edges.
 */
export function courseWindow(
  total: number,
  current: number,
  { limit = fullListLimit, radius = windowRadius }: { limit?: number; radius?: number } = {},
): CourseWindow {
  const size = 2 * radius + 1;
  if (total <= limit || total <= size) return { start: 0, end: total, complete: true };
  const centre = Math.min(Math.max(current, 0), total - 1);
  const start = Math.min(Math.max(centre - radius, 0), total - size);
  return { start, end: start + size, complete: false };
}
