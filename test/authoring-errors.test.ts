/**
 * Every authoring error an instructor can cause, pinned word for word (Starlight style): each names
 * the file, the field/component/item, what is wrong and the fix. One place to review the voice of
 * all of them; the modules' own tests cover the logic around them. Sources:
 * - frontmatter: src/content/friendly-errors (lessons and reference pages)
 * - lesson folders, numbers, slugs and positions: friendly-errors + src/content/lesson-order
 * - the lesson contract (Section, Prediction, Myth, CodeTabs and code outside it, Pitfall, Flow, Lab):
 *   src/content/lesson-contract
 * - lab folders and manifests: sandbox-server/labs/manifest via src/content/lab-check (build) and
 *   sandbox-server/labs/load (`npm run lab`)
 * - the scaffold: scripts/new-lesson (pinned in its own test)
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mdxToJs } from 'satteri';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_RANGE_TEXT } from '../sandbox-server/checks/catalog';
import { LabManifestError } from '../sandbox-server/labs/manifest';
import { loadLab } from '../sandbox-server/labs/load';
import {
  checkLessonFolders,
  checkReferencePages,
  ContentError,
  parseFrontmatter,
} from '../src/content/friendly-errors';
import { checkLabFolder } from '../src/content/lab-check';
import { checkDocument, createIdRegistry, lessonContract } from '../src/content/lesson-contract';
import { checkLessonOrder } from '../src/content/lesson-order';
import {
  lessonFields,
  lessonSchema,
  referenceFields,
  referenceSchema,
  type FieldHelp,
} from '../src/content/lesson-schema';
import { formatDeepLinkError, resolveDeepLinks, type ReferenceOutline } from '../src/modes/deep-links';

const repo = join(import.meta.dirname, '..');
const file = 'lessons/07-every-device/index.mdx';
const valid = {
  title: 'Logging out of every device',
  summary: 'End every session of a user at once.',
  level: 'Advanced',
  minutes: 8,
  objectives: ['Explain per-user logout', 'Write a logout-all route'],
};

function frontmatterError(
  data: unknown,
  schema: typeof lessonSchema | typeof referenceSchema = lessonSchema,
  fields: Record<string, FieldHelp> = lessonFields,
  path = file,
): string {
  try {
    parseFrontmatter(schema as typeof lessonSchema, data, { file: path, fields });
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as Error).message;
  }
  throw new Error('expected the frontmatter to be rejected');
}

describe('frontmatter', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['missing field', { level: undefined }, '**level**: is missing. Fix: add level: Foundation'],
    [
      'word for a number',
      { minutes: 'five' },
      '**minutes**: expected a number, received "five". Fix: write minutes: 5',
    ],
    [
      'fraction',
      { minutes: 2.5 },
      '**minutes**: expected a whole number, received 2.5. Fix: write minutes: 3',
    ],
    ['zero', { minutes: 0 }, '**minutes**: must be more than 0, received 0. Fix: write minutes: 5'],
    [
      'level case',
      { level: 'advanced' },
      '**level**: "advanced" is not a valid level. Fix: write level: Advanced',
    ],
    [
      'unknown level',
      { level: 'Hard' },
      '**level**: "Hard" is not a valid level. Fix: write one of Foundation, Intermediate, Advanced, Expert, e.g. level: Foundation',
    ],
    [
      'short title',
      { title: 'Go' },
      '**title**: is too short (2 characters; needs at least 3). Fix: write a short title of at least 3 characters',
    ],
    [
      'number as title',
      { title: 2024 },
      '**title**: expected text, received 2024. Fix: put the text in quotes: title: "2024"',
    ],
    [
      'short summary',
      { summary: 'Short' },
      '**summary**: is too short (5 characters; needs at least 10). Fix: write one full sentence of at least 10 characters',
    ],
    [
      'one objective',
      { objectives: ['Only one'] },
      '**objectives**: has 1 item; needs at least 2. Fix: write a YAML list of 2 to 5 short phrases, e.g. objectives: ["Explain what logout must change on the server", "Write a POST logout route"]',
    ],
    [
      'six objectives',
      { objectives: ['one', 'two', 'three', 'four', 'five', 'six'] },
      '**objectives**: has 6 items; needs at most 5. Fix: write a YAML list of 2 to 5 short phrases, e.g. objectives: ["Explain what logout must change on the server", "Write a POST logout route"]',
    ],
    [
      'short objective',
      { objectives: ['ab', 'Write a route'] },
      '**objectives** item 1: is too short (2 characters; needs at least 3). Fix: write a YAML list of 2 to 5 short phrases',
    ],
    [
      'objectives as text',
      { objectives: 'Explain logout' },
      '**objectives**: expected a list, received "Explain logout". Fix: write objectives: ["Explain what logout must change on the server", "Write a POST logout route"]',
    ],
    [
      'order as text',
      { order: '3.5' },
      '**order**: expected a number, received "3.5". Fix: write order: 3.5',
    ],
    ['order zero', { order: 0 }, '**order**: must be more than 0, received 0. Fix: write order: 3.5'],
    [
      'typo',
      { colour: 'red' },
      '**colour**: is not a known field. Fix: remove it (known fields: title, summary, level, minutes, objectives, order, deeper)',
    ],
    ['near miss', { ordre: 2 }, '**ordre**: is not a known field. Fix: rename it to order'],
    [
      'deeper item without a section',
      { deeper: ['under-the-hood'] },
      `**deeper** item 1: must be a reference page and one of its section ids joined by #. Fix: write a YAML list of reference sections, each written page#section-id: the file name in lessons/reference/, a #, and the id in the section's # link, e.g. deeper: ["under-the-hood#deleting-a-cookie-so-it-really-goes", "expert-zone#hono-details-that-bite"]`,
    ],
    [
      'deeper empty',
      { deeper: [] },
      `**deeper**: has 0 items; needs at least 1. Fix: write a YAML list of reference sections, each written page#section-id: the file name in lessons/reference/, a #, and the id in the section's # link, e.g. deeper: ["under-the-hood#deleting-a-cookie-so-it-really-goes", "expert-zone#hono-details-that-bite"]`,
    ],
  ])('lesson: %s', (_name, change, message) => {
    const data = Object.fromEntries(
      Object.entries({ ...valid, ...change }).filter(([, v]) => v !== undefined),
    );
    expect(frontmatterError(data)).toBe(`Invalid frontmatter in ${file}: ${message}`);
  });

  it('lesson: several problems become a list; a non-mapping names the fields to write', () => {
    expect(frontmatterError({ ...valid, minutes: undefined, minute: 5 })).toBe(
      `Invalid frontmatter in ${file}:\n- **minutes**: is missing. Fix: add minutes: 5\n- **minute**: is not a known field. Fix: rename it to minutes`,
    );
    expect(frontmatterError('just text')).toBe(
      `Invalid frontmatter in ${file}: the frontmatter is "just text", not a set of key: value lines. Fix: start the file with a --- block holding title, summary, level, minutes, objectives`,
    );
  });

  it('reference page', () => {
    const ref = 'lessons/reference/under-the-hood.mdx';
    const page = { title: 'Under the hood', summary: 'What really happens.', order: 1 };
    expect(frontmatterError({ ...page, order: 'first' }, referenceSchema, referenceFields, ref)).toBe(
      `Invalid frontmatter in ${ref}: **order**: expected a number, received "first". Fix: write order: 1`,
    );
    expect(frontmatterError({ ...page, order: -1 }, referenceSchema, referenceFields, ref)).toBe(
      `Invalid frontmatter in ${ref}: **order**: must be at least 0, received -1. Fix: write order: 1`,
    );
    expect(frontmatterError({ ...page, level: 'Expert' }, referenceSchema, referenceFields, ref)).toBe(
      `Invalid frontmatter in ${ref}: **level**: is not a known field. Fix: remove it (known fields: title, summary, order)`,
    );
  });
});

describe('Expert mode links (deeper), checked when the lesson page is built', () => {
  const pages: ReferenceOutline[] = [
    {
      id: 'under-the-hood',
      title: 'Under the hood',
      href: '/reference/under-the-hood/',
      sections: [
        { id: 'a-cookie-session-logout-traced', title: 'A cookie-session logout, traced' },
        { id: 'deleting-a-cookie-so-it-really-goes', title: 'Deleting a cookie so it really goes' },
      ],
    },
    {
      id: 'expert-zone',
      title: 'Expert zone',
      href: '/reference/expert-zone/',
      sections: [{ id: 'hono-details-that-bite', title: 'Hono details that bite' }],
    },
  ];
  const lessonFile = 'lessons/02-authentication-basics/index.mdx';
  const problem = (items: string[]) =>
    formatDeepLinkError(lessonFile, resolveDeepLinks(items, pages).problems);

  it.each<[string, string[], string]>([
    [
      'misspelt page',
      ['under-the-hod#deleting-a-cookie-so-it-really-goes'],
      '**deeper** item 1: "under-the-hod#deleting-a-cookie-so-it-really-goes" names no reference page "under-the-hod" (lessons/reference/under-the-hod.mdx does not exist). Fix: write under-the-hood#deleting-a-cookie-so-it-really-goes',
    ],
    [
      'unknown page',
      ['glossary#jti'],
      '**deeper** item 1: "glossary#jti" names no reference page "glossary" (lessons/reference/glossary.mdx does not exist). Fix: start it with one of under-the-hood, expert-zone',
    ],
    [
      'part of a section id',
      ['under-the-hood#deleting-a-cookie'],
      `**deeper** item 1: "under-the-hood#deleting-a-cookie": Under the hood (lessons/reference/under-the-hood.mdx) has no section with the id "deleting-a-cookie"; a section's id is its title in lower case with hyphens, or its id="…" prop. Fix: write under-the-hood#deleting-a-cookie-so-it-really-goes`,
    ],
    [
      'unknown section',
      ['expert-zone#tokens'],
      `**deeper** item 1: "expert-zone#tokens": Expert zone (lessons/reference/expert-zone.mdx) has no section with the id "tokens"; a section's id is its title in lower case with hyphens, or its id="…" prop. Fix: use one of its section ids: hono-details-that-bite`,
    ],
  ])('%s', (_name, items, message) => {
    expect(problem(items)).toBe(`Invalid Expert mode links in ${lessonFile}: ${message}`);
  });

  it('a repeat, and several problems as a list', () => {
    expect(
      problem(['expert-zone#hono-details-that-bite', 'glossary#jti', 'expert-zone#hono-details-that-bite']),
    ).toBe(
      `Invalid Expert mode links in ${lessonFile}:\n- **deeper** item 2: "glossary#jti" names no reference page "glossary" (lessons/reference/glossary.mdx does not exist). Fix: start it with one of under-the-hood, expert-zone\n- **deeper** item 3: "expert-zone#hono-details-that-bite" is already item 1. Fix: remove one of them`,
    );
  });
});

describe('lesson folders, numbers, slugs and positions', () => {
  const at = (id: string, order?: number) => ({
    id,
    file: `lessons/${id}/index.mdx`,
    ...(order === undefined ? {} : { order }),
  });

  it('pins every cross-lesson message', () => {
    expect(checkLessonFolders([at('01-a'), at('03-basic-logout-route'), at('03-every-device')])).toEqual([
      'Duplicate lesson number 03: lessons/03-basic-logout-route/index.mdx and lessons/03-every-device/index.mdx both use it. Fix: renumber one folder (the next free number is 02)',
    ]);
    expect(checkLessonFolders([at('03-logout'), at('07-logout')])).toEqual([
      'Duplicate lesson slug "logout": lessons/03-logout/index.mdx and lessons/07-logout/index.mdx both use it. Fix: rename one folder so every lesson has its own slug',
    ]);
    expect(checkLessonFolders([at('7-Every_Device')])).toEqual([
      'Invalid lesson folder name in lessons/7-Every_Device/index.mdx: "7-Every_Device" must be two digits, a hyphen, then lowercase words joined by hyphens. Fix: rename the folder to 01-every-device',
    ]);
    expect(
      checkLessonOrder([at('03-basic-logout-route'), at('07-every-device', 3), at('04-login-manager')]),
    ).toEqual([
      'Duplicate lesson position 3: lessons/03-basic-logout-route/index.mdx (folder number 03) and lessons/07-every-device/index.mdx (order: 3) both sit there, so previous/next would be ambiguous. Fix: in lessons/07-every-device/index.mdx write order: 3.5',
    ]);
    expect(
      checkReferencePages([
        { id: 'under-the-hood', file: 'lessons/reference/under-the-hood.mdx', order: 1 },
        { id: 'Expert_Zone', file: 'lessons/reference/Expert_Zone.mdx', order: 1 },
      ]),
    ).toEqual([
      'Invalid reference file name lessons/reference/Expert_Zone.mdx: "Expert_Zone" must be lowercase words joined by hyphens. Fix: rename it to expert-zone.mdx',
      'Duplicate reference order 1: lessons/reference/Expert_Zone.mdx and lessons/reference/under-the-hood.mdx both use it. Fix: give each page its own order',
    ]);
  });
});

/** The contract's problems for one MDX document (own id registry, so tests do not collide). */
async function problemsOf(source: string, ids = createIdRegistry(), path = file): Promise<string[]> {
  let problems: string[] = [];
  await mdxToJs(source, {
    mdastPlugins: [
      {
        name: 'probe',
        options: { position: true },
        before: (tree: unknown) =>
          void ({ problems } = checkDocument(tree as Parameters<typeof checkDocument>[0], path, ids)),
      },
    ],
    data: {
      astro: {
        frontmatter: {},
        headings: [],
        localImagePaths: new Set<string>(),
        remoteImagePaths: new Set<string>(),
      },
    },
  });
  return problems;
}

const section = (kind: string, body: string, title = 'A section') =>
  `<Section kind="${kind}" title="${title}">\n\n${body}\n\n</Section>\n`;
const prediction = (attrs: string, body = 'Because the session lives on the server.') =>
  section('prediction', `<Prediction ${attrs}>\n\n${body}\n\n</Prediction>`);
const myth = (attrs: string, body = 'Why it matters.') =>
  section('myth', `<Myth ${attrs}>\n\n${body}\n\n</Myth>`);
const P = `${file}:3 <Prediction id="l7-a">`;
const M = `${file}:3 <Myth id="l7-m">`;

describe('lesson contract: Prediction (quizzes)', () => {
  const ok = 'id="l7-a" question="Which one?" options={["GET", "POST"]} answer={1}';
  it('accepts a complete prediction', async () => expect(await problemsOf(prediction(ok))).toEqual([]));
  it.each<[string, string, string | undefined, string[]]>([
    [
      'no correct answer (missing)',
      'id="l7-a" question="Q?" options={["a", "b"]}',
      undefined,
      [
        `${P}: has no correct answer (answer is missing). Fix: add answer={0}, the index of the correct option counting from 0`,
      ],
    ],
    [
      'no correct answer (out of range)',
      'id="l7-a" question="Q?" options={["a", "b"]} answer={2}',
      undefined,
      [
        `${P}: has no correct answer: answer={2} is out of range (the 2 options are numbered 0 to 1). Fix: set answer to the index of the correct option, counting from 0`,
      ],
    ],
    [
      'answer in quotes',
      'id="l7-a" question="Q?" options={["a", "b"]} answer="1"',
      undefined,
      [`${P}: answer must be the index of the correct option, got "1" (text). Fix: write answer={1}`],
    ],
    [
      'duplicate options',
      'id="l7-a" question="Q?" options={["POST", "GET", " post "]} answer={0}',
      undefined,
      [`${P}: options 0 and 2 are both "post". Fix: make every option different`],
    ],
    [
      'empty option',
      'id="l7-a" question="Q?" options={["a", " "]} answer={0}',
      undefined,
      [`${P}: option 1 is empty. Fix: write its text or remove it`],
    ],
    [
      'one option',
      'id="l7-a" question="Q?" options={["a"]} answer={0}',
      undefined,
      [`${P}: needs at least 2 options, has 1. Fix: add the plausible wrong answers to options`],
    ],
    [
      'options not a list',
      'id="l7-a" question="Q?" options="a, b" answer={0}',
      undefined,
      [`${P}: options must be a list of texts, got "a, b" (text). Fix: write options={["…", "…", "…"]}`],
    ],
    [
      'missing options',
      'id="l7-a" question="Q?" answer={0}',
      undefined,
      [`${P}: has no options. Fix: add options={["…", "…", "…"]}`],
    ],
    [
      'missing question',
      'id="l7-a" options={["a", "b"]} answer={0}',
      undefined,
      [`${P}: has no question. Fix: add question="…", the question the learner commits to`],
    ],
    [
      'empty explanation',
      ok,
      ' ',
      [
        `${P}: has an empty explanation. Fix: write why the answer is right between <Prediction …> and </Prediction>`,
      ],
    ],
    [
      'missing id',
      'question="Q?" options={["a", "b"]} answer={0}',
      undefined,
      [
        `${file}:3 <Prediction>: has no id. Fix: add id="l3-post-or-get" (unique across the course; start it with the lesson number)`,
      ],
    ],
    [
      'bad id',
      'id="L7 First" question="Q?" options={["a", "b"]} answer={0}',
      undefined,
      [
        `${file}:3 <Prediction id="L7 First">: id "L7 First" (text) must be lowercase letters, digits and hyphens. Fix: write id="l7-first"`,
      ],
    ],
    [
      'unknown prop',
      `${ok} hint="x"`,
      undefined,
      [`${P}: unknown prop hint. Fix: remove it (props: id, question, options, answer)`],
    ],
    [
      'not a literal',
      'id="l7-a" question="Q?" options={choices} answer={0}',
      undefined,
      [
        `${P}: options={choices} is not a plain value (choices is not defined). Fix: write a literal such as options={["…", "…"]}`,
        `${P}: has no options. Fix: add options={["…", "…", "…"]}`,
      ],
    ],
    [
      'spread',
      '{...props}',
      undefined,
      [
        `${file}:3 <Prediction>: uses a spread ({...props}). Fix: write each prop out`,
        `${file}:3 <Prediction>: has no id. Fix: add id="l3-post-or-get" (unique across the course; start it with the lesson number)`,
        `${file}:3 <Prediction>: has no question. Fix: add question="…", the question the learner commits to`,
        `${file}:3 <Prediction>: has no options. Fix: add options={["…", "…", "…"]}`,
        `${file}:3 <Prediction>: has no correct answer (answer is missing). Fix: add answer={0}, the index of the correct option counting from 0`,
      ],
    ],
  ])('%s', async (_name, attrs, body, expected) => {
    expect(await problemsOf(prediction(attrs, body))).toEqual(expected);
  });
});

describe('lesson contract: Myth', () => {
  const ok =
    'id="l7-m" claim="A redirect logs you out." answer={false} reality="Only ending the session does."';
  it('accepts a complete myth', async () => expect(await problemsOf(myth(ok))).toEqual([]));
  it.each<[string, string, string | undefined, string[]]>([
    [
      'missing answer',
      'id="l7-m" claim="C." reality="R."',
      undefined,
      [
        `${M}: has no correct answer (answer is missing). Fix: add answer={false} if the claim is wrong, answer={true} if it is right`,
      ],
    ],
    [
      'answer in quotes',
      'id="l7-m" claim="C." answer="false" reality="R."',
      undefined,
      [
        `${M}: answer must be true or false, got "false" (text). Fix: write answer={false} (braces, no quotes)`,
      ],
    ],
    [
      'missing claim',
      'id="l7-m" answer={false} reality="R."',
      undefined,
      [`${M}: has no claim. Fix: add claim="…", the belief the learner judges`],
    ],
    [
      'missing reality',
      'id="l7-m" claim="C." answer={false}',
      undefined,
      [`${M}: has no reality. Fix: add reality="…", one sentence saying what is really true`],
    ],
    [
      'empty explanation',
      ok,
      ' ',
      [`${M}: has an empty explanation. Fix: write why it matters between <Myth …> and </Myth>`],
    ],
    [
      'missing id',
      'claim="C." answer={false} reality="R."',
      undefined,
      [
        `${file}:3 <Myth>: has no id. Fix: add id="l3-myth-redirect" (unique across the course; start it with the lesson number)`,
      ],
    ],
    [
      'unknown prop',
      `${ok} correct={false}`,
      undefined,
      [`${M}: unknown prop correct. Fix: remove it (props: id, claim, answer, reality)`],
    ],
  ])('%s', async (_name, attrs, body, expected) => {
    expect(await problemsOf(myth(attrs, body))).toEqual(expected);
  });

  it('duplicate ids across the course name both places', async () => {
    const ids = createIdRegistry();
    await problemsOf(myth(ok), ids, 'lessons/03-basic-logout-route/index.mdx');
    expect(await problemsOf(myth(ok), ids)).toEqual([
      `${M}: duplicate id: lessons/03-basic-logout-route/index.mdx:3 already uses "l7-m". Fix: rename one; ids are unique across the course`,
    ]);
  });
});

describe('lesson contract: Section, CodeTabs, Pitfall, Flow, Lab', () => {
  it.each<[string, string, string[]]>([
    [
      'text outside a section',
      'Stray words.\n',
      [
        `${file}:1 content outside a <Section>: a paragraph starting "Stray words.". Fix: wrap every top-level block in <Section kind="…" title="…">`,
      ],
    ],
    [
      'component outside a section',
      '<Lab />\n',
      [
        `${file}:1 content outside a <Section>: <Lab>. Fix: wrap every top-level block in <Section kind="…" title="…">`,
        `${file}:1 <Lab>: must sit inside <Section kind="lab">. Fix: move it into a lab section`,
      ],
    ],
    [
      'unknown kind',
      section('story', 'Text.'),
      [
        `${file}:1 <Section>: kind "story" (text) is not a section kind. Fix: use one of concept, analogy, diagram, code, prediction, myth, pitfall, takeaway, deep-dive, lab`,
      ],
    ],
    [
      'no title',
      '<Section kind="concept">\n\nText.\n\n</Section>\n',
      [
        `${file}:1 <Section>: has no title. Fix: add title="…"; it becomes the heading and the table of contents entry`,
      ],
    ],
    [
      'bad section id',
      '<Section kind="concept" title="T" id="Not OK">\n\nText.\n\n</Section>\n',
      [
        `${file}:1 <Section id="Not OK">: id "Not OK" (text) must be lowercase letters, digits and hyphens. Fix: write id="not-ok"`,
      ],
    ],
    [
      'unknown section prop',
      '<Section kind="concept" title="T" level="2">\n\nText.\n\n</Section>\n',
      [`${file}:1 <Section>: unknown prop level. Fix: remove it (props: kind, title, id, needs)`],
    ],
    [
      'two sections, one id',
      section('concept', 'A.', 'Why POST') + '\n' + section('concept', 'B.', 'Why post?'),
      [
        `${file}:7 <Section>: two sections have the id "why-post" ("Why POST" and "Why post?"). Fix: change one title or add id="…"`,
      ],
    ],
    [
      'nested sections',
      section('concept', section('concept', 'Inner.', 'Inner')),
      [`${file}:3 <Section>: sections do not nest. Fix: close the outer <Section> before this one`],
    ],
    [
      'prediction in the wrong kind',
      section(
        'concept',
        '<Prediction id="l7-a" question="Q?" options={["a", "b"]} answer={0}>\n\nWhy.\n\n</Prediction>',
      ),
      [
        `${file}:3 <Prediction id="l7-a">: must sit inside <Section kind="prediction">, not kind="concept". Fix: move it into a prediction section`,
      ],
    ],
    [
      'code tabs with one block',
      section('code', '<CodeTabs>\n\n```ts\na()\n```\n\n</CodeTabs>'),
      [
        `${file}:3 <CodeTabs>: must wrap exactly two fenced code blocks, \`\`\`python then \`\`\`ts (found: ts). Fix: put the Flask example first and the Hono example second, nothing else`,
      ],
    ],
    [
      'code tabs in the wrong order, with text',
      section('code', '<CodeTabs>\n\n```ts\na()\n```\n\nWords.\n\n```python\nb()\n```\n\n</CodeTabs>'),
      [
        `${file}:3 <CodeTabs>: must wrap exactly two fenced code blocks, \`\`\`python then \`\`\`ts (found: ts, python, plus 1 other block(s)). Fix: put the Flask example first and the Hono example second, nothing else`,
      ],
    ],
    [
      'fenced code outside code tabs',
      section('concept', '```html\n<form method="post"></form>\n```'),
      [
        `${file}:3 code outside <CodeTabs>: a \`\`\`html block. Fix: put every example in <CodeTabs>, a \`\`\`python block (Flask) then a \`\`\`ts block (Hono); a lone name or header can be \`inline code\` in the prose`,
      ],
    ],
    [
      'fenced code with no language outside code tabs',
      section('code', '```\nGET /logout\n```'),
      [
        `${file}:3 code outside <CodeTabs>: a fenced block with no language. Fix: put every example in <CodeTabs>, a \`\`\`python block (Flask) then a \`\`\`ts block (Hono); a lone name or header can be \`inline code\` in the prose`,
      ],
    ],
    [
      'pitfall without title and parts',
      section('pitfall', '<Pitfall>\n\n<Wrong>\n\nw\n\n</Wrong>\n\n</Pitfall>'),
      [
        `${file}:3 <Pitfall>: has no title. Fix: add title="…", the mistake in a few words`,
        `${file}:3 <Pitfall>: needs exactly one <Right> inside, has 0. Fix: write <Wrong>…</Wrong>, <Right>…</Right> and <RootCause>…</RootCause>`,
        `${file}:3 <Pitfall>: needs exactly one <RootCause> inside, has 0. Fix: write <Wrong>…</Wrong>, <Right>…</Right> and <RootCause>…</RootCause>`,
      ],
    ],
    [
      'Wrong outside a pitfall',
      section('pitfall', '<Wrong>\n\nw\n\n</Wrong>'),
      [
        `${file}:3 <Wrong>: must sit directly inside a <Pitfall title="…">. Fix: wrap it, with <Right> and <RootCause>, in <Pitfall title="…">`,
      ],
    ],
    [
      'flow without caption and steps',
      section('diagram', '<Flow steps={[{ label: "Only" }]} />'),
      [
        `${file}:3 <Flow>: has no caption. Fix: add caption="…", one sentence saying what the diagram shows`,
        `${file}:3 <Flow>: needs at least 2 steps. Fix: write steps={[{ label: "Log in", detail: "…" }, { label: "Log out", detail: "…" }]}`,
      ],
    ],
    [
      'flow step problems',
      section('diagram', '<Flow caption="C." steps={[{ detail: "x" }, { label: "B", detail: 3 }]} />'),
      [
        `${file}:3 <Flow>: step 1 has no label. Fix: write { label: "…", detail: "…" }`,
        `${file}:3 <Flow>: step 2: detail must be text. Fix: write detail: "…" in quotes`,
      ],
    ],
    [
      'two labs, one with a prop',
      '<Section kind="lab" title="Lab" needs={[]}>\n\n<Lab />\n\n<Lab lesson="03" />\n\n</Section>\n',
      [
        `${file}:5 <Lab>: unknown prop lesson. Fix: remove it (<Lab /> takes no props)`,
        `${file}:5 <Lab>: a page has at most one lab. Fix: remove the second <Lab />`,
      ],
    ],
    [
      'lab section without needs',
      section('concept', 'Text.', 'Why POST') + '\n' + section('lab', '<Lab />', 'Lab'),
      [
        `${file}:7 <Section>: has no needs: the ids of the concept sections this lab relies on, which Hands-on mode shows after the lab. Fix: add needs={["why-post"]} (concept ids on this page: why-post)`,
      ],
    ],
    [
      'needs naming an unknown id, a non-concept, twice',
      section('concept', 'Text.', 'Why POST') +
        '\n' +
        section('code', 'Code.', 'A route') +
        '\n<Section kind="lab" title="Lab" needs={["why-posts", "a-route", "why-post", "why-post"]}>\n\n<Lab />\n\n</Section>\n',
      [
        `${file}:13 <Section>: needs names "why-posts", but no section on this page has that id. Fix: use a concept section's id, the slug of its title unless it sets id="…" (concept ids on this page: why-post)`,
        `${file}:13 <Section>: needs names "a-route", a code section. Fix: name concept sections only (concept ids on this page: why-post)`,
        `${file}:13 <Section>: needs lists "why-post" twice. Fix: name each concept once`,
      ],
    ],
    [
      'needs as text',
      '<Section kind="lab" title="Lab" needs="why-post">\n\n<Lab />\n\n</Section>\n',
      [
        `${file}:1 <Section>: needs must be a list of concept section ids, got "why-post" (text). Fix: write needs={[]} (this page has no concept section; needs={[]} shows the lab alone)`,
      ],
    ],
    [
      'needs on a concept',
      '<Section kind="concept" title="Why POST" needs={["why-post"]}>\n\nText.\n\n</Section>\n',
      [
        `${file}:1 <Section>: needs is only for the lab section (this is a concept section). Fix: remove it, and list the concepts the lab relies on in <Section kind="lab" needs={[…]}>`,
      ],
    ],
    [
      'unknown component',
      section('concept', '<Callout>hi</Callout>'),
      [
        `${file}:3 <Callout>: is not a lesson component. Fix: use one of Section, Prediction, Myth, CodeTabs, Pitfall, Wrong, Right, RootCause, Flow, Lab (they need no import)`,
      ],
    ],
  ])('%s', async (_name, source, expected) => {
    expect(await problemsOf(source)).toEqual(expected);
  });

  it('the build error collects every problem of a file under one heading', async () => {
    const astro = {
      frontmatter: {},
      headings: [],
      localImagePaths: new Set<string>(),
      remoteImagePaths: new Set<string>(),
    };
    const root = '/course';
    const source = section('myth', '<Myth id="l7-x" claim="C." reality="R.">\n\n\n\n</Myth>');
    const compile = async () =>
      mdxToJs(source, {
        mdastPlugins: [lessonContract({ root })],
        fileURL: new URL(`file://${root}/${file}`),
        data: { astro },
      });
    await expect(compile()).rejects.toThrow(
      `2 lesson content problems in ${file}:\n- ${file}:3 <Myth id="l7-x">: has no correct answer (answer is missing). Fix: add answer={false} if the claim is wrong, answer={true} if it is right\n- ${file}:3 <Myth id="l7-x">: has an empty explanation. Fix: write why it matters between <Myth …> and </Myth>`,
    );
  });
});

describe('lab folders and manifests', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  const good = {
    title: 'Write the logout route',
    goal: 'Make POST /logout forget the user.',
    store: 'cookie',
    editable: ['routes/logout.ts'],
    readonly: ['session/index.ts'],
    checks: ['LO-05', 'LO-08'],
    mistakes: [{ name: 'session-clear', title: 'Wipes the theme', fails: ['LO-08'] }],
  };
  const goodFiles = [
    'starter/routes/logout.ts',
    'solution/routes/logout.ts',
    'mistakes/session-clear/routes/logout.ts',
  ];
  const leaf =
    "import type { LeafApp } from '@sandbox/app/types';\nexport default function (app: LeafApp): void {\n  app.post('/logout', (c) => c.redirect('/', 303));\n}\n";

  /** A project with lessons/07-every-device/lab/ holding `manifest` (object or raw text) and `files`. */
  function labProject(manifest: unknown, files = goodFiles): string {
    const root = mkdtempSync(join(tmpdir(), 'authoring-lab-'));
    roots.push(root);
    symlinkSync(join(repo, 'sandbox-server'), join(root, 'sandbox-server'));
    const lab = join(root, 'lessons/07-every-device/lab');
    mkdirSync(lab, { recursive: true });
    if (manifest !== undefined)
      writeFileSync(
        join(lab, 'lab.json'),
        typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2),
      );
    for (const path of files) {
      mkdirSync(join(lab, path, '..'), { recursive: true });
      writeFileSync(join(lab, path), leaf);
    }
    return root;
  }

  const head = 'Invalid lab manifest in lessons/07-every-device/lab/lab.json:';
  /** The build's message (src/content/lab-check) — and `npm run lab`'s, which must be the same. */
  async function labError(manifest: unknown, files?: string[]): Promise<string> {
    const root = labProject(manifest, files);
    const build = checkLabFolder('07-every-device', root).problem?.message;
    if (build === undefined) throw new Error('expected the lab to be rejected');
    if (manifest !== undefined) {
      const cli = await loadLab('07-every-device', join(root, 'lessons')).then(
        () => 'accepted',
        (error: unknown) => (error instanceof LabManifestError ? error.message : String(error)),
      );
      // `npm run lab` reads read-only files from this repository; the build from the project it builds.
      expect(cli).toBe(build);
    }
    return build;
  }

  it('accepts a complete lab', () =>
    expect(checkLabFolder('07-every-device', labProject(good))).toMatchObject({
      manifest: { title: good.title },
    }));

  it.each<[string, unknown, string]>([
    [
      'unknown check',
      { ...good, checks: ['LO-05', 'LO-99'], mistakes: [] },
      ` **checks[1]**: unknown check "LO-99". Fix: use one of ${CHECK_RANGE_TEXT} (the checks table in lessons/README.md)`,
    ],
    [
      'check listed twice',
      { ...good, checks: ['LO-05', 'LO-08', 'LO-05'] },
      ` **checks[2]**: "LO-05" is listed twice. Fix: remove this one; list each check once`,
    ],
    [
      'no checks',
      { ...good, checks: [], mistakes: [] },
      ` **checks**: is empty. Fix: list at least one check, e.g. "checks": ["LO-05"] (${CHECK_RANGE_TEXT})`,
    ],
    [
      'an editable file the server does not compose',
      { ...good, editable: ['routes/logout-everywhere.ts'] },
      ` **editable[0]**: the server has no editable file "routes/logout-everywhere.ts". Fix: use one of routes/csrf.ts, routes/session-demo.ts, routes/login.ts, routes/logout.ts, routes/logout-all.ts, routes/api-login.ts, routes/api-logout.ts, routes/api-refresh.ts`,
    ],
    [
      'no editable files',
      { ...good, editable: [] },
      ` **editable**: is empty. Fix: list at least one editable file, e.g. "editable": ["routes/logout.ts"]`,
    ],
    [
      'bad store',
      { ...good, store: 'redis' },
      ` **store**: store must be "cookie" or "server", got "redis". Fix: write "store": "cookie" (a signed cookie, like Flask) or "store": "server" (records on the server)`,
    ],
    [
      'empty title',
      { ...good, title: ' ' },
      ` **title**: is empty. Fix: write "title": "Write the logout route", a short title shown above the editor`,
    ],
    [
      'missing goal',
      { ...good, goal: undefined },
      ` **goal**: required field is missing (expected a string). Fix: add "goal": "Make POST /logout forget the user but keep the theme."`,
    ],
    [
      'goal not text',
      { ...good, goal: 3 },
      ` **goal**: expected a string, got number 3. Fix: write "goal": "Make POST /logout forget the user but keep the theme."`,
    ],
    [
      'unknown field',
      { ...good, check: ['LO-01'] },
      ` **check**: is not a known field. Fix: rename it to "checks"`,
    ],
    [
      'unknown field, no near name',
      { ...good, colour: 'red' },
      ` **colour**: is not a known field. Fix: remove it (allowed fields: title, goal, store, editable, readonly, checks, provided, learnerRoutes, mistakes, hints, learnt)`,
    ],
    [
      'check id written loosely',
      { ...good, checks: ['LO-05', 'lo-8'], mistakes: [] },
      ` **checks[1]**: unknown check "lo-8". Fix: write "LO-08"`,
    ],
    [
      'misspelt editable file',
      { ...good, editable: ['routes/logut.ts'] },
      ` **editable[0]**: the server has no editable file "routes/logut.ts". Fix: write "routes/logout.ts" (editable files are routes/csrf.ts, routes/session-demo.ts, routes/login.ts, routes/logout.ts, routes/logout-all.ts, routes/api-login.ts, routes/api-logout.ts, routes/api-refresh.ts)`,
    ],
    [
      'missing store',
      { ...good, store: undefined },
      ` **store**: required field is missing (expected "cookie" or "server"). Fix: add "store": "cookie"`,
    ],
    [
      'checks not a list',
      { ...good, checks: 'LO-05', mistakes: [] },
      ` **checks**: expected an array, got string "LO-05". Fix: put it in a list: "checks": ["LO-05"]`,
    ],
    [
      'read-only path outside sandbox-server/src',
      { ...good, readonly: ['../secrets.ts'] },
      ` **readonly[0]**: read-only files are .ts paths relative to sandbox-server/src/, got "../secrets.ts". Fix: write a path such as "session/index.ts"`,
    ],
    [
      'mistake name',
      { ...good, mistakes: [{ ...good.mistakes[0], name: 'Session Clear' }] },
      ` **mistakes[0].name**: mistake names are kebab-case folder names like "redirect-only", got "Session Clear". Fix: write "name": "session-clear" and name its folder mistakes/session-clear/`,
    ],
    [
      'mistake without title',
      { ...good, mistakes: [{ ...good.mistakes[0], title: '' }] },
      ` **mistakes[0].title**: is empty. Fix: write "title": "Calls session.clear(), which also wipes the theme", one line saying what goes wrong`,
    ],
    [
      'mistake failing nothing',
      { ...good, mistakes: [{ ...good.mistakes[0], fails: [] }] },
      ` **mistakes[0].fails**: a mistake must name the checks it fails (at least one). Fix: list them, e.g. "fails": ["LO-08"]; npm run lab -- verify shows which checks it really fails`,
    ],
    [
      'mistake failing a check the lab does not run',
      { ...good, mistakes: [{ ...good.mistakes[0], fails: ['LO-03'] }] },
      ` **mistakes[0].fails[0]**: "LO-03" is not one of this lab's checks. Fix: add it to "checks" or remove it here`,
    ],
    [
      'mistake failing an advisory check',
      { ...good, checks: ['LO-05', 'LO-08', 'LO-16'], mistakes: [{ ...good.mistakes[0], fails: ['LO-16'] }] },
      ` **mistakes[0].fails[0]**: "LO-16" is advisory and never fails, so a mistake cannot name it. Fix: remove it here`,
    ],
    [
      'mistake with an unknown field',
      { ...good, mistakes: [{ ...good.mistakes[0], why: 'x' }] },
      ` **mistakes[0].why**: is not a known field. Fix: remove it (allowed fields: name, title, fails)`,
    ],
    [
      'not an object',
      '[]',
      ` the file must hold one JSON object with the fields title, goal, store, editable, readonly, checks, provided, learnerRoutes, mistakes, hints, learnt, got an array. Fix: start from the example under "Labs" in lessons/README.md`,
    ],
    [
      'not JSON',
      '{\n  "title": "x",\n}',
      ` the file is not valid JSON at line 3, column 1 (Expected double-quoted property name in JSON at position 18 (line 3 column 1)). Fix: look just before that point for a missing or extra comma, or a missing quote`,
    ],
  ])('manifest: %s', async (_name, manifest, message) => {
    const error = await labError(manifest);
    expect(error).toBe(`${head}${message}`);
  });

  it.each<[string, unknown, string[], string]>([
    [
      'missing starter',
      good,
      ['solution/routes/logout.ts', 'mistakes/session-clear/routes/logout.ts'],
      ' **editable[0]**: no starter file. Fix: create lessons/07-every-device/lab/starter/routes/logout.ts',
    ],
    [
      'missing solution',
      good,
      ['starter/routes/logout.ts', 'mistakes/session-clear/routes/logout.ts'],
      ' **editable[0]**: no solution file. Fix: create lessons/07-every-device/lab/solution/routes/logout.ts',
    ],
    [
      'stray starter file',
      good,
      [...goodFiles, 'starter/routes/login.ts'],
      ' **editable**: lessons/07-every-device/lab/starter/routes/login.ts is not an editable file. Fix: add "routes/login.ts" to "editable" or delete the file',
    ],
    [
      'mistake without files',
      good,
      goodFiles.slice(0, 2),
      ' **mistakes[0].name**: no files for this mistake. Fix: create lessons/07-every-device/lab/mistakes/session-clear/routes/logout.ts (the solution with the mistake in it)',
    ],
    [
      'mistake changing a non-editable file',
      good,
      [...goodFiles, 'mistakes/session-clear/notes.md'],
      ' **mistakes[0].name**: lessons/07-every-device/lab/mistakes/session-clear/notes.md is not an editable file. Fix: delete it; mistakes may only change routes/logout.ts',
    ],
    [
      'mistake folder without an entry',
      good,
      [...goodFiles, 'mistakes/stray/routes/logout.ts'],
      ' **mistakes**: the folder lessons/07-every-device/lab/mistakes/stray/ has no entry. Fix: add { "name": "stray", "title": …, "fails": […] } to "mistakes" or delete the folder',
    ],
    [
      'read-only file that does not exist',
      { ...good, readonly: ['session/nope.ts'] },
      goodFiles,
      ' **readonly[0]**: sandbox-server/src/session/nope.ts does not exist. Fix: write a path relative to sandbox-server/src/, such as "session/index.ts", or remove it',
    ],
  ])('files: %s', async (_name, manifest, files, message) => {
    expect(await labError(manifest, files)).toBe(`${head}${message}`);
  });

  it('a lab folder without lab.json', async () => {
    expect(await labError(undefined)).toBe(
      'Missing lab manifest lessons/07-every-device/lab/lab.json: the folder lessons/07-every-device/lab/ exists but has no lab.json. Fix: create lessons/07-every-device/lab/lab.json (see "Labs" in lessons/README.md) or delete the folder',
    );
  });
});
