import { describe, expect, it } from 'vitest';
import { courseWindow, fullListLimit, windowRadius } from './index';

describe('courseWindow: which lessons the sidebar lists', () => {
  it("lists every lesson of a course up to the limit, today's six included", () => {
    expect(courseWindow(6, 2)).toEqual({ start: 0, end: 6, complete: true });
    expect(courseWindow(fullListLimit, 0)).toEqual({ start: 0, end: 30, complete: true });
    expect(courseWindow(fullListLimit, 29)).toEqual({ start: 0, end: 30, complete: true });
    expect(courseWindow(0, -1)).toEqual({ start: 0, end: 0, complete: true });
  });

  it('one lesson above the limit: a window of 2 × radius + 1 around the current lesson', () => {
    expect(windowRadius).toBe(5);
    expect(courseWindow(fullListLimit + 1, 15)).toEqual({ start: 10, end: 21, complete: false });
    expect(courseWindow(300, 149)).toEqual({ start: 144, end: 155, complete: false });
  });

  it('keeps its size at the first and last lessons', () => {
    expect(courseWindow(300, 0)).toEqual({ start: 0, end: 11, complete: false });
    expect(courseWindow(300, 3)).toEqual({ start: 0, end: 11, complete: false });
    expect(courseWindow(300, 5)).toEqual({ start: 0, end: 11, complete: false });
    expect(courseWindow(300, 6)).toEqual({ start: 1, end: 12, complete: false });
    expect(courseWindow(300, 299)).toEqual({ start: 289, end: 300, complete: false });
    expect(courseWindow(300, 294)).toEqual({ start: 289, end: 300, complete: false });
  });

  it('on a page that is not a lesson (-1), or with an index out of range, lists the nearest end', () => {
    expect(courseWindow(300, -1)).toEqual({ start: 0, end: 11, complete: false });
    expect(courseWindow(300, 400)).toEqual({ start: 289, end: 300, complete: false });
  });

  it('takes another limit and radius, and lists everything when the window would cover the course', () => {
    expect(courseWindow(10, 4, { limit: 5, radius: 1 })).toEqual({ start: 3, end: 6, complete: false });
    expect(courseWindow(6, 4, { limit: 5, radius: 1 })).toEqual({ start: 3, end: 6, complete: false });
    expect(courseWindow(3, 1, { limit: 2, radius: 1 })).toEqual({ start: 0, end: 3, complete: true });
  });
});
