import { describe, expect, it } from 'vitest';
import { between, checkLessonOrder, folderNumber, lessonOrder, sortLessons } from './index';

const at = (id: string, order?: number) => ({
  id,
  file: `lessons/${id}/index.mdx`,
  ...(order === undefined ? {} : { order }),
});

describe('lesson order', () => {
  it('uses the folder number unless the frontmatter gives an order', () => {
    expect(folderNumber('03-basic-logout-route')).toBe(3);
    expect(folderNumber('reference')).toBeNaN();
    expect(lessonOrder(at('07-every-device'))).toBe(7);
    expect(lessonOrder(at('07-every-device', 3.5))).toBe(3.5);
  });

  it('sorts by order, then folder name', () => {
    const sorted = sortLessons([at('04-d'), at('07-x', 3.5), at('03-c'), at('01-a'), at('08-y', 3.5)]);
    expect(sorted.map((l) => l.id)).toEqual(['01-a', '03-c', '07-x', '08-y', '04-d']);
  });

  it('finds a readable number between two positions', () => {
    expect(between(3, 4)).toBe(3.5);
    expect(between(3, 3.5)).toBe(3.25);
    expect(between(6, undefined)).toBe(7);
    expect(between(6.5, undefined)).toBe(7);
  });

  it('names both files and a free position when two lessons sit at the same place', () => {
    expect(
      checkLessonOrder([at('03-basic-logout-route'), at('07-every-device', 3), at('04-login-manager')]),
    ).toEqual([
      'Duplicate lesson position 3: lessons/03-basic-logout-route/index.mdx (folder number 03) and lessons/07-every-device/index.mdx (order: 3) both sit there, so previous/next would be ambiguous. Fix: in lessons/07-every-device/index.mdx write order: 3.5',
    ]);
    expect(checkLessonOrder([at('07-a', 2.5), at('08-b', 2.5)])).toEqual([
      'Duplicate lesson position 2.5: lessons/07-a/index.mdx (order: 2.5) and lessons/08-b/index.mdx (order: 2.5) both sit there, so previous/next would be ambiguous. Fix: in lessons/08-b/index.mdx write order: 3',
    ]);
  });

  it('leaves two folders with the same number to the duplicate-number check', () => {
    expect(checkLessonOrder([at('03-a'), at('03-b')])).toEqual([]);
    expect(checkLessonOrder([at('01-a'), at('02-b', 1.5), at('03-c')])).toEqual([]);
  });
});
