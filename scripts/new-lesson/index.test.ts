import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFrontmatter as parseYaml } from '@astrojs/internal-helpers/frontmatter';
import { mdxToJs } from 'satteri';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLab } from '../../sandbox-server/labs/load';
import { verifyLab } from '../../sandbox-server/labs/verify';
import { parseFrontmatter } from '../../src/content/friendly-errors';
import { checkLabFolder } from '../../src/content/lab-check';
import { createIdRegistry, checkDocument, type PageContract } from '../../src/content/lesson-contract';
import { checkLessonOrder } from '../../src/content/lesson-order';
import { lessonFields, lessonSchema } from '../../src/content/lesson-schema';
import { resolveDeepLinks, type ReferenceOutline } from '../../src/modes/deep-links';
import {
  DEFAULT_DEEPER,
  main,
  parseArgs,
  planLesson,
  readLessons,
  renderLesson,
  type ExistingLesson,
} from './index';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A project folder with lessons 01–06 (frontmatter only), like the real course. */
function project(extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'new-lesson-'));
  roots.push(root);
  // Read-only lab files are looked up in sandbox-server/src/, as in the real project.
  symlinkSync(join(import.meta.dirname, '../../sandbox-server'), join(root, 'sandbox-server'));
  const levels = ['Foundation', 'Foundation', 'Intermediate', 'Intermediate', 'Advanced', 'Expert'];
  const names = [
    'understanding-sessions',
    'authentication-basics',
    'basic-logout-route',
    'login-manager',
    'session-security',
    'token-logout',
  ];
  names.forEach((name, i) => {
    const dir = join(root, 'lessons', `0${i + 1}-${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.mdx'), `---\ntitle: Lesson ${i + 1}\nlevel: ${levels[i]}\n---\n`);
  });
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function run(root: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** A lesson's frontmatter as the content collection sees it (the MDX integration's YAML parser). */
function frontmatterOf(root: string, id: string): Record<string, unknown> {
  return parseYaml(readFileSync(join(root, 'lessons', id, 'index.mdx'), 'utf8')).frontmatter;
}

function errorOf(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the arguments to be rejected');
}

const lessons = (root = project()) => readLessons(root);

describe('parseArgs: every bad option has its own message', () => {
  it('reads a title and options', () => {
    expect(
      parseArgs([
        'Logging out of every device',
        '--level',
        'advanced',
        '--minutes=8',
        '--lab',
        '--after',
        '03',
      ]),
    ).toEqual({
      title: 'Logging out of every device',
      level: 'Advanced',
      minutes: 8,
      lab: true,
      after: '03',
    });
    expect(parseArgs(['--help'])).toBe('help');
  });

  it.each([
    [[], 'Give the lesson a title, in quotes: npm run new-lesson -- "Logging out of every device".'],
    [['Logging', 'out'], 'Unexpected argument "out": put the whole title in quotes, e.g. "Logging out".'],
    [['Go'], 'The title "Go" is too short: write at least 3 characters.'],
    [['A title', '--levle', 'Advanced'], 'Unknown option --levle. Did you mean --level?'],
    [['A title', '--force'], 'Unknown option --force.'],
    [['A title', '--level'], '--level needs a value, e.g. --level Advanced.'],
    [['A title', '--minutes', '--lab'], '--minutes needs a value, e.g. --minutes 8.'],
    [
      ['A title', '--level', 'Hard'],
      '--level must be one of Foundation, Intermediate, Advanced, Expert, got "Hard".',
    ],
    [
      ['A title', '--minutes', 'five'],
      '--minutes must be a whole number of reading minutes from 1 to 120, got "five".',
    ],
    [
      ['A title', '--minutes', '0'],
      '--minutes must be a whole number of reading minutes from 1 to 120, got "0".',
    ],
    [['A title', '--number', '100'], '--number must be a folder number from 01 to 99, got "100".'],
    [
      ['A title', '--slug', 'Every Device'],
      '--slug must be lowercase words joined by hyphens, got "Every Device". Try --slug every-device.',
    ],
    [['A title', '--lab=yes'], '--lab takes no value: write --lab on its own.'],
    [['A title', '--after', '3', '--after', '4'], '--after is given twice: keep one.'],
  ])('%j → %s', (argv, message) => expect(errorOf(argv)).toBe(message));
});

describe('planLesson: numbering never renames a folder', () => {
  it('appends with the next free number and no order', () => {
    const plan = planLesson(lessons(), { title: 'Logging out of every device', lab: false });
    expect(plan).toMatchObject({
      id: '07-logging-out-of-every-device',
      position: 7,
      total: 7,
      level: 'Expert',
      minutes: 5,
    });
    expect(plan.order).toBeUndefined();
  });

  it('--after places the lesson with a fractional order, taking the level of the lesson before', () => {
    const plan = planLesson(lessons(), { title: 'Logging out of every device', lab: false, after: '3' });
    expect(plan).toMatchObject({
      id: '07-logging-out-of-every-device',
      order: 3.5,
      position: 4,
      level: 'Intermediate',
    });
    expect(renderLesson(plan)).toContain(
      '\norder: 3.5  # position in the course: after 03-basic-logout-route\n',
    );
  });

  it('inserting twice at the same place halves the gap again', () => {
    const existing: ExistingLesson[] = [
      ...lessons(),
      { id: '07-a', number: 7, slug: 'a', position: 3.5, file: 'lessons/07-a/index.mdx' },
    ].sort((a, b) => a.position - b.position);
    expect(
      planLesson(existing, { title: 'Another one', lab: false, after: '03-basic-logout-route' }),
    ).toMatchObject({ id: '08-another-one', order: 3.25 });
  });

  it('writes no order when the folder number already sits in the right place', () => {
    const plan = planLesson(lessons(), { title: 'The end', lab: false, after: '6' });
    expect(plan.order).toBeUndefined();
    expect(plan.position).toBe(7);
    expect(
      planLesson(lessons(), { title: 'The end', lab: false, after: 'token-logout', number: 9 }).order,
    ).toBeUndefined();
  });

  it('shortens long slugs at a word boundary', () => {
    const plan = planLesson(lessons(), {
      title: 'Logging out of every single device, browser, phone and API client at once',
      lab: false,
    });
    expect(plan.slug).toBe('logging-out-of-every-single-device-browser-phone');
  });

  it('refuses a taken number or slug, naming both files', () => {
    expect(() => planLesson(lessons(), { title: 'Every device', lab: false, number: 3 })).toThrow(
      'Lesson number 03 is taken: lessons/03-basic-logout-route/index.mdx already uses it, so lessons/03-every-device/index.mdx would collide. Fix: leave out --number (the next free number is 07); use --after to choose the place in the course.',
    );
    expect(() => planLesson(lessons(), { title: 'Session security', lab: false })).toThrow(
      'The slug "session-security" is taken: lessons/05-session-security/index.mdx already uses it, so lessons/07-session-security/index.mdx would have the same name after its number. Fix: choose another title, or pass --slug <another-slug>.',
    );
  });

  it('names the lessons when --after matches none', () => {
    expect(() => planLesson(lessons(), { title: 'Every device', lab: false, after: '12' })).toThrow(
      '--after 12: there is no such lesson. Use a lesson number or folder name (lessons: 01-understanding-sessions, 02-authentication-basics, 03-basic-logout-route, 04-login-manager, 05-session-security, 06-token-logout).',
    );
  });

  it('explains a title with nothing to name a folder after, and a full course', () => {
    expect(() => planLesson(lessons(), { title: '???', lab: false })).toThrow(
      'The title "???" has no letters or digits to make a folder name from: pass --slug, e.g. --slug every-device.',
    );
    const full: ExistingLesson[] = [
      { id: '99-last', number: 99, slug: 'last', position: 99, file: 'lessons/99-last/index.mdx' },
    ];
    expect(() => planLesson(full, { title: 'More', lab: false })).toThrow(
      'Lesson folder numbers go up to 99 and 99 is taken: pass --number with a free number below it and --after to place the lesson.',
    );
  });

  it('reads order and level from existing frontmatter', () => {
    const root = project({ 'lessons/07-x/index.mdx': '---\ntitle: X\nlevel: Expert\norder: 2.5\n---\n' });
    expect(readLessons(root).map((l) => `${l.id}@${l.position}`)).toEqual([
      '01-understanding-sessions@1',
      '02-authentication-basics@2',
      '07-x@2.5',
      '03-basic-logout-route@3',
      '04-login-manager@4',
      '05-session-security@5',
      '06-token-logout@6',
    ]);
  });

  it('explains a missing lessons/ folder', () => {
    const empty = mkdtempSync(join(tmpdir(), 'new-lesson-empty-'));
    roots.push(empty);
    expect(() => readLessons(empty)).toThrow(
      `There is no lessons/ folder in ${empty}: run the command from the project folder.`,
    );
  });
});

/** Compiles MDX and runs the lesson contract on it, as `astro build` does (own id registry). */
async function contractOf(
  source: string,
  file: string,
): Promise<{ contract: PageContract; problems: string[] }> {
  let result: { contract: PageContract; problems: string[] } | undefined;
  await mdxToJs(source, {
    mdastPlugins: [
      {
        name: 'contract-probe',
        options: { position: true },
        // The tree is only readable during the pass, so check it here.
        before: (tree: unknown) =>
          void (result = checkDocument(
            tree as Parameters<typeof checkDocument>[0],
            file,
            createIdRegistry(),
          )),
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
  if (!result) throw new Error('the contract probe did not run');
  return result;
}

describe('main: the scaffold is green from the start', () => {
  it('creates a lesson whose frontmatter and content contract are valid, with a lab that verifies', async () => {
    const root = project();
    const result = run(
      root,
      'Logging out of every device',
      '--level',
      'Advanced',
      '--minutes',
      '8',
      '--lab',
      '--after',
      '03',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const id = '07-logging-out-of-every-device';
    expect(result.stdout)
      .toContain(`Created lesson 4 of 7, after 03-basic-logout-route (order: 3.5 in its frontmatter; no folder was renamed):
  lessons/${id}/index.mdx
  lessons/${id}/lab/lab.json
  lessons/${id}/lab/mistakes/crash-when-logged-out/routes/logout.ts
  lessons/${id}/lab/mistakes/get-logout/routes/logout.ts
  lessons/${id}/lab/mistakes/open-redirect/routes/logout.ts
  lessons/${id}/lab/mistakes/redirect-only/routes/logout.ts
  lessons/${id}/lab/mistakes/session-clear/routes/logout.ts
  lessons/${id}/lab/solution/routes/logout.ts
  lessons/${id}/lab/starter/routes/logout.ts`);
    expect(result.stdout).toContain(`npm run lab -- verify 07`);

    const source = readFileSync(join(root, 'lessons', id, 'index.mdx'), 'utf8');
    const data = frontmatterOf(root, id);
    expect(
      parseFrontmatter(lessonSchema, data, { file: `lessons/${id}/index.mdx`, fields: lessonFields }),
    ).toMatchObject({
      title: 'Logging out of every device',
      level: 'Advanced',
      minutes: 8,
      order: 3.5,
      deeper: [...DEFAULT_DEEPER],
    });
    expect(source).toContain(
      `order: 3.5  # position in the course: after 03-basic-logout-route
# TODO(author): Expert mode's "Go deeper" links, the reference sections that continue this lesson:
# each <file name in lessons/reference/>#<section id>, checked by the build (lessons/README.md, Frontmatter).
deeper:
  - production-patterns#the-checklist
  - under-the-hood#deleting-a-cookie-so-it-really-goes
---`,
    );
    expect(result.stdout).toContain(
      `including the deeper: list in the frontmatter (Expert mode's "Go deeper" links; it starts with production-patterns#the-checklist and under-the-hood#deleting-a-cookie-so-it-really-goes)`,
    );

    const { contract, problems } = await contractOf(source, `lessons/${id}/index.mdx`);
    expect(problems).toEqual([]);
    expect(contract.sections.map((s) => s.kind)).toEqual([
      'concept',
      'prediction',
      'myth',
      'code',
      'takeaway',
      'lab',
    ]);
    // Hands-on mode: the lab, then the concept it names in needs.
    expect(contract.sections.find((s) => s.kind === 'lab')?.needs).toEqual(['the-idea']);
    expect(contract).toMatchObject({ predictions: ['l7-first-prediction'], myths: ['l7-myth'], lab: true });

    expect(checkLabFolder(id, root)).toMatchObject({
      manifest: { store: 'cookie', editable: ['routes/logout.ts'] },
    });
    const report = await verifyLab(await loadLab(id, join(root, 'lessons')));
    expect(report.ok).toBe(true);
    expect(report.variants.map((v) => `${v.kind}:${v.name}:${v.failed.join(',')}`)).toEqual([
      'solution:solution:',
      'starter:starter:LO-05,LO-08,LO-09',
      'mistake:redirect-only:LO-05,LO-08,LO-09',
      'mistake:session-clear:LO-08',
      'mistake:open-redirect:LO-03',
      'mistake:get-logout:LO-01',
      'mistake:crash-when-logged-out:LO-07',
    ]);
  });

  it('writes a deeper list that resolves against the real reference pages, as the build checks it', async () => {
    const repo = join(import.meta.dirname, '../..');
    const outlines: ReferenceOutline[] = [];
    for (const name of readdirSync(join(repo, 'lessons/reference')).filter((n) => n.endsWith('.mdx'))) {
      const file = `lessons/reference/${name}`;
      const id = name.replace(/\.mdx$/, '');
      const { contract } = await contractOf(readFileSync(join(repo, file), 'utf8'), file);
      outlines.push({ id, title: id, href: `/reference/${id}/`, sections: contract.sections });
    }
    const root = project();
    expect(run(root, 'Cookies on shared computers').code).toBe(0);
    const deeper = frontmatterOf(root, '07-cookies-on-shared-computers')['deeper'];
    expect(deeper).toEqual([...DEFAULT_DEEPER]);
    const { groups, problems } = resolveDeepLinks(deeper as string[], outlines);
    expect(problems).toEqual([]);
    // test/expert-deeper.test.ts asks every lesson for links into at least two expert reference pages.
    expect(groups.map((g) => g.pageId)).toEqual(['production-patterns', 'under-the-hood']);
  });

  it('without --lab writes only index.mdx, with no lab section', async () => {
    const root = project();
    const result = run(root, 'Cookies on shared computers');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Created lesson 7 of 7, at the end of the course:\n  lessons/07-cookies-on-shared-computers/index.mdx\n\nNext:',
    );
    const source = readFileSync(join(root, 'lessons/07-cookies-on-shared-computers/index.mdx'), 'utf8');
    expect(source).not.toContain('<Lab');
    expect((await contractOf(source, 'lessons/07-x/index.mdx')).problems).toEqual([]);
  });

  it('exits 2 with the message (and usage for option mistakes), writing nothing', () => {
    const root = project();
    const bad = run(root, 'Every device', '--level', 'Hard');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^--level must be one of Foundation, Intermediate, Advanced, Expert, got "Hard"\.\n\nUsage: npm run new-lesson/,
    );
    const taken = run(root, 'Session security');
    expect(taken.code).toBe(2);
    expect(taken.stderr).not.toContain('Usage');
    expect(readLessons(root)).toHaveLength(6);
    expect(run(root, '--help')).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('main: --after on real files, one insert after another', () => {
  /** Runs the scaffold; returns the new folder and the `order` its frontmatter holds. */
  function insert(root: string, title: string, after: string): { id: string; order: unknown } {
    const result = run(root, title, '--after', after);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const id = /lessons\/(\d{2}-[a-z0-9-]+)\/index\.mdx/.exec(result.stdout)?.[1] ?? '';
    return { id, order: frontmatterOf(root, id)['order'] };
  }
  /** The course order as the content config computes it, and its collision check. */
  function course(root: string) {
    const entries = readLessons(root).map((l) => ({
      id: l.id,
      file: l.file,
      order: frontmatterOf(root, l.id)['order'] as number | undefined,
    }));
    return { ids: entries.map((e) => e.id), problems: checkLessonOrder(entries) };
  }

  it('--after 3 twice: 3.5, then 3.25 (the second sits between lesson 3 and the first insert)', () => {
    const root = project();
    expect(insert(root, 'First insert', '3')).toEqual({ id: '07-first-insert', order: 3.5 });
    expect(readFileSync(join(root, 'lessons/07-first-insert/index.mdx'), 'utf8')).toContain(
      '\norder: 3.5  # position in the course: after 03-basic-logout-route\n',
    );
    expect(insert(root, 'Second insert', '3')).toEqual({ id: '08-second-insert', order: 3.25 });
    expect(course(root)).toEqual({
      ids: [
        '01-understanding-sessions',
        '02-authentication-basics',
        '03-basic-logout-route',
        '08-second-insert',
        '07-first-insert',
        '04-login-manager',
        '05-session-security',
        '06-token-logout',
      ],
      problems: [],
    });
  });

  it('--after an inserted lesson places the new one right after it, not at its folder number', () => {
    const root = project();
    insert(root, 'First insert', '3');
    expect(insert(root, 'After the insert', '07')).toEqual({ id: '08-after-the-insert', order: 3.75 });
    expect(insert(root, 'After it by name', 'first-insert')).toEqual({
      id: '09-after-it-by-name',
      order: 3.625,
    });
    expect(course(root)).toEqual({
      ids: [
        '01-understanding-sessions',
        '02-authentication-basics',
        '03-basic-logout-route',
        '07-first-insert',
        '09-after-it-by-name',
        '08-after-the-insert',
        '04-login-manager',
        '05-session-security',
        '06-token-logout',
      ],
      problems: [],
    });
  });

  it('reads order however the YAML writes it (a comment, extra spaces, CRLF) and refuses frontmatter it cannot parse', () => {
    const root = project({
      'lessons/07-x/index.mdx': '---\r\ntitle: X\r\norder: 2.5 # inserted\r\n---\r\n',
      'lessons/08-y/index.mdx': '---\ntitle: Y\norder:   5.5\t# after 05\n---\n',
    });
    expect(
      readLessons(root)
        .filter((l) => l.number > 6)
        .map((l) => `${l.id}@${l.position}`),
    ).toEqual(['07-x@2.5', '08-y@5.5']);
    const broken = project({ 'lessons/07-x/index.mdx': '---\ntitle: [unclosed\n---\n' });
    const result = run(broken, 'Another lesson', '--after', '3');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^Cannot read the frontmatter of lessons\/07-x\/index\.mdx \(.+\)\. Fix: correct that file \(npm run dev shows the problem\) and run the command again\.$/,
    );
  });
});
