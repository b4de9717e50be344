import { z } from 'astro/zod';
import { describe as group, expect, it } from 'vitest';
import { courseId, describe, kebabId, propProblems, says, text } from './index';

group('propProblems', () => {
  const schema = z.strictObject({
    id: courseId('l1-example'),
    title: text('has no title. Fix: add title="…"'),
    tags: z
      .array(
        z.string(says('tags must be texts. Fix: quote them')),
        says('tags must be a list. Fix: write tags={["…"]}'),
      )
      .optional(),
    later: z.array(z.string()).optional(),
  });

  it('accepts valid props', () =>
    expect(propProblems('Card', schema, { id: 'l1-a', title: 'T', tags: ['x'] })).toEqual([]));

  it('reports a leading id first, then unknown props, then the fields in schema order', () => {
    expect(propProblems('Card', schema, { colour: 'red', title: ' ', size: 2 })).toEqual([
      'has no id. Fix: add id="l1-example" (unique across the course; start it with the lesson number)',
      'unknown prop colour. Fix: remove it (props: id, title, tags, later)',
      'unknown prop size. Fix: remove it (props: id, title, tags, later)',
      'has no title. Fix: add title="…"',
    ]);
  });

  it('reports unknown props first when the schema does not start with an id', () => {
    const card = z.strictObject({ title: text('has no title.') });
    expect(propProblems('Card', card, { x: 1 })).toEqual([
      'unknown prop x. Fix: remove it (props: title)',
      'has no title.',
    ]);
    expect(propProblems('Rule', z.strictObject({}), { x: 1 })).toEqual([
      'unknown prop x. Fix: remove it (<Rule /> takes no props)',
    ]);
  });

  it('says one sentence once, however many items break it', () => {
    expect(propProblems('Card', schema, { id: 'l1-a', title: 'T', tags: [1, 2, 'ok', 3] })).toEqual([
      'tags must be texts. Fix: quote them',
    ]);
  });

  it('leaves props checked later to the page', () => {
    expect(propProblems('Card', schema, { id: 'l1-a', title: 'T', later: 'x' }, ['later'])).toEqual([]);
  });

  it('still names the prop when a rule carries no message', () => {
    const plain = z.strictObject({ size: z.number() });
    expect(propProblems('Card', plain, { size: 'big' })).toEqual([
      "size: invalid input: expected number, received string. Fix: see the props in the component's schema",
    ]);
  });
});

group('ids', () => {
  it('suggest the slug of a bad id, or the example when it has none', () => {
    const id = kebabId('my-section');
    expect(id.safeParse('Not OK').error?.issues[0]?.message).toBe(
      'id "Not OK" (text) must be lowercase letters, digits and hyphens. Fix: write id="not-ok"',
    );
    expect(id.safeParse('!!').error?.issues[0]?.message).toBe(
      'id "!!" (text) must be lowercase letters, digits and hyphens. Fix: write id="my-section"',
    );
    expect(id.safeParse(3).error?.issues[0]?.message).toBe(
      'id 3 must be lowercase letters, digits and hyphens. Fix: write id="3"',
    );
  });
});

group('describe', () => {
  it('names a value as an author wrote it', () => {
    expect([
      describe('a'),
      describe([1]),
      describe(undefined),
      describe(null),
      describe({}),
      describe(2),
      describe(false),
    ]).toEqual(['"a" (text)', 'a list', 'nothing', 'nothing', 'an object', '2', 'false']);
  });
});
