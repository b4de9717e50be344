import { describe, expect, it } from 'vitest';
import { lessonFields, lessonSchema, referenceFields, referenceSchema } from '../lesson-schema';
import { checkLessonFolders, checkReferencePages, ContentError, parseFrontmatter } from './index';

const file = 'lessons/03-basic-logout-route/index.mdx';
const valid = {
  title: 'A basic logout route',
  summary: 'Write a POST route that ends the session.',
  level: 'Intermediate',
  minutes: 5,
  objectives: ['Explain what logout changes', 'Write a POST logout route'],
};

function errorFor(data: unknown): string {
  try {
    parseFrontmatter(lessonSchema, data, { file, fields: lessonFields });
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as Error).message;
  }
  throw new Error('expected the frontmatter to be rejected');
}

describe('parseFrontmatter (lessons)', () => {
  it('returns the parsed data when valid', () => {
    expect(parseFrontmatter(lessonSchema, valid, { file, fields: lessonFields })).toEqual(valid);
  });

  it('names file, field, problem and fix for a word instead of a number', () => {
    expect(errorFor({ ...valid, minutes: 'five' })).toBe(
      'Invalid frontmatter in lessons/03-basic-logout-route/index.mdx: **minutes**: expected a number, received "five". Fix: write minutes: 5',
    );
  });

  it('suggests the digits inside a string and rounds fractions', () => {
    expect(errorFor({ ...valid, minutes: '7 min' })).toContain('received "7 min". Fix: write minutes: 7');
    expect(errorFor({ ...valid, minutes: 2.5 })).toBe(
      `Invalid frontmatter in ${file}: **minutes**: expected a whole number, received 2.5. Fix: write minutes: 3`,
    );
  });

  it('falls back to the example when no number can be guessed', () => {
    expect(errorFor({ ...valid, minutes: 'soon' })).toBe(
      `Invalid frontmatter in ${file}: **minutes**: expected a number, received "soon". Fix: write minutes: 5`,
    );
  });

  it('rejects zero and negative minutes', () => {
    expect(errorFor({ ...valid, minutes: 0 })).toBe(
      `Invalid frontmatter in ${file}: **minutes**: must be more than 0, received 0. Fix: write minutes: 5`,
    );
  });

  it('reports a missing field with the line to add', () => {
    const { level: _level, ...rest } = valid;
    expect(errorFor(rest)).toBe(
      `Invalid frontmatter in ${file}: **level**: is missing. Fix: add level: Foundation`,
    );
  });

  it('corrects the case of a level and lists the levels otherwise', () => {
    expect(errorFor({ ...valid, level: 'intermediate' })).toBe(
      `Invalid frontmatter in ${file}: **level**: "intermediate" is not a valid level. Fix: write level: Intermediate`,
    );
    expect(errorFor({ ...valid, level: 'Beginner' })).toBe(
      `Invalid frontmatter in ${file}: **level**: "Beginner" is not a valid level. Fix: write one of Foundation, Intermediate, Advanced, Expert, e.g. level: Foundation`,
    );
  });

  it('explains short text', () => {
    expect(errorFor({ ...valid, summary: 'Short' })).toBe(
      `Invalid frontmatter in ${file}: **summary**: is too short (5 characters; needs at least 10). Fix: write one full sentence of at least 10 characters`,
    );
  });

  it('asks to quote text YAML read as a number', () => {
    expect(errorFor({ ...valid, title: 2024 })).toBe(
      `Invalid frontmatter in ${file}: **title**: expected text, received 2024. Fix: put the text in quotes: title: "2024"`,
    );
  });

  it('counts objectives and names a bad item once', () => {
    expect(errorFor({ ...valid, objectives: ['One only'] })).toBe(
      `Invalid frontmatter in ${file}: **objectives**: has 1 item; needs at least 2. Fix: write a YAML list of 2 to 5 short phrases, e.g. objectives: ["Explain what logout must change on the server", "Write a POST logout route"]`,
    );
    expect(errorFor({ ...valid, objectives: ['a', 'Write a route'] })).toBe(
      `Invalid frontmatter in ${file}: **objectives** item 1: is too short (1 character; needs at least 3). Fix: write a YAML list of 2 to 5 short phrases`,
    );
    expect(errorFor({ ...valid, objectives: ['one', 'two', 'three', 'four', 'five', 'six'] })).toContain(
      '**objectives**: has 6 items; needs at most 5.',
    );
    expect(errorFor({ ...valid, objectives: 'Explain logout' })).toBe(
      `Invalid frontmatter in ${file}: **objectives**: expected a list, received "Explain logout". Fix: write objectives: ["Explain what logout must change on the server", "Write a POST logout route"]`,
    );
  });

  it('suggests the field a typo resembles', () => {
    const { minutes: _minutes, ...rest } = valid;
    expect(errorFor({ ...rest, minute: 5 })).toBe(
      `Invalid frontmatter in ${file}:\n- **minutes**: is missing. Fix: add minutes: 5\n- **minute**: is not a known field. Fix: rename it to minutes`,
    );
    expect(errorFor({ ...valid, colour: 'red' })).toBe(
      `Invalid frontmatter in ${file}: **colour**: is not a known field. Fix: remove it (known fields: title, summary, level, minutes, objectives, order, deeper)`,
    );
  });

  it('lists every problem of an empty frontmatter', () => {
    const message = errorFor({});
    expect(message.split('\n')).toEqual([
      `Invalid frontmatter in ${file}:`,
      '- **title**: is missing. Fix: add title: A basic logout route',
      '- **summary**: is missing. Fix: add summary: Write a POST route that ends the session and sends the learner home.',
      '- **level**: is missing. Fix: add level: Foundation',
      '- **minutes**: is missing. Fix: add minutes: 5',
      '- **objectives**: is missing. Fix: add objectives: ["Explain what logout must change on the server", "Write a POST logout route"]',
    ]);
  });

  it('explains frontmatter that is not a mapping', () => {
    expect(errorFor(['a'])).toBe(
      `Invalid frontmatter in ${file}: the frontmatter is a list of 1 item, not a set of key: value lines. Fix: start the file with a --- block holding title, summary, level, minutes, objectives`,
    );
  });
});

describe('parseFrontmatter (reference pages)', () => {
  it('uses the reference fields', () => {
    expect(() =>
      parseFrontmatter(
        referenceSchema,
        { title: 'Under the hood', summary: 'What really happens.', order: 'first' },
        {
          file: 'lessons/reference/under-the-hood.mdx',
          fields: referenceFields,
        },
      ),
    ).toThrow(
      'Invalid frontmatter in lessons/reference/under-the-hood.mdx: **order**: expected a number, received "first". Fix: write order: 1',
    );
  });
});

describe('checkLessonFolders', () => {
  const at = (id: string) => ({ id, file: `lessons/${id}/index.mdx` });

  it('accepts well-named, distinct lessons', () => {
    expect(checkLessonFolders([at('01-understanding-sessions'), at('02-basics-of-authentication')])).toEqual(
      [],
    );
  });

  it('names both files of a duplicate number', () => {
    expect(
      checkLessonFolders([at('03-basic-logout-route'), at('03-logout-with-flask-login'), at('01-a')]),
    ).toEqual([
      'Duplicate lesson number 03: lessons/03-basic-logout-route/index.mdx and lessons/03-logout-with-flask-login/index.mdx both use it. Fix: renumber one folder (the next free number is 02)',
    ]);
  });

  it('names both files of a duplicate slug', () => {
    expect(checkLessonFolders([at('03-logout'), at('05-logout')])).toEqual([
      'Duplicate lesson slug "logout": lessons/03-logout/index.mdx and lessons/05-logout/index.mdx both use it. Fix: rename one folder so every lesson has its own slug',
    ]);
  });

  it('suggests a valid folder name', () => {
    expect(checkLessonFolders([at('03-Basic_Logout')])).toEqual([
      'Invalid lesson folder name in lessons/03-Basic_Logout/index.mdx: "03-Basic_Logout" must be two digits, a hyphen, then lowercase words joined by hyphens. Fix: rename the folder to 03-basic-logout',
    ]);
  });
});

describe('checkReferencePages', () => {
  it('names both files of a duplicate order', () => {
    expect(
      checkReferencePages([
        { id: 'under-the-hood', file: 'lessons/reference/under-the-hood.mdx', order: 1 },
        { id: 'expert-zone', file: 'lessons/reference/expert-zone.mdx', order: 1 },
      ]),
    ).toEqual([
      'Duplicate reference order 1: lessons/reference/expert-zone.mdx and lessons/reference/under-the-hood.mdx both use it. Fix: give each page its own order',
    ]);
  });

  it('asks for a URL-friendly file name', () => {
    expect(
      checkReferencePages([{ id: 'Under_The_Hood', file: 'lessons/reference/Under_The_Hood.mdx', order: 1 }]),
    ).toEqual([
      'Invalid reference file name lessons/reference/Under_The_Hood.mdx: "Under_The_Hood" must be lowercase words joined by hyphens. Fix: rename it to under-the-hood.mdx',
    ]);
  });
});
