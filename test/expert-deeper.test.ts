/**
 * Expert mode's "Go deeper" links (`deeper` in lesson frontmatter, resolved by
 * src/modes/deep-links when a lesson page is built): the messages a broken link gives, and every
 * lesson of the course linking only to reference sections that exist, read from the reference
 * pages through the same lesson contract the build uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { ContentError, parseFrontmatter } from '../src/content/friendly-errors';
import { checkDocument, createIdRegistry, type SectionInfo } from '../src/content/lesson-contract';
import { lessonFields, lessonSchema } from '../src/content/lesson-schema';
import {
  fieldLine,
  formatDeepLinkError,
  resolveDeepLinks,
  type ReferenceOutline,
} from '../src/modes/deep-links';

const repo = join(import.meta.dirname, '..');

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

describe('resolveDeepLinks', () => {
  it('links each item to its section, grouped by page in the order the lesson names them', () => {
    const { groups, problems } = resolveDeepLinks(
      [
        'expert-zone#hono-details-that-bite',
        'under-the-hood#deleting-a-cookie-so-it-really-goes',
        'under-the-hood#a-cookie-session-logout-traced',
      ],
      pages,
    );
    expect(problems).toEqual([]);
    expect(
      groups.map((g) => [g.pageTitle, g.pageHref, g.links.map((l) => [l.sectionTitle, l.href])]),
    ).toEqual([
      [
        'Expert zone',
        '/reference/expert-zone/',
        [['Hono details that bite', '/reference/expert-zone/#hono-details-that-bite']],
      ],
      [
        'Under the hood',
        '/reference/under-the-hood/',
        [
          [
            'Deleting a cookie so it really goes',
            '/reference/under-the-hood/#deleting-a-cookie-so-it-really-goes',
          ],
          ['A cookie-session logout, traced', '/reference/under-the-hood/#a-cookie-session-logout-traced'],
        ],
      ],
    ]);
  });

  it('explains a missing page, a missing section and a repeat, with the fix', () => {
    const { problems } = resolveDeepLinks(
      [
        'under-the-hod#deleting-a-cookie-so-it-really-goes',
        'under-the-hood#deleting-a-cookie',
        'expert-zone#tokens',
        'glossary#jti',
        'expert-zone#hono-details-that-bite',
        'expert-zone#hono-details-that-bite',
      ],
      pages,
    );
    expect(problems).toEqual([
      '**deeper** item 1: "under-the-hod#deleting-a-cookie-so-it-really-goes" names no reference page "under-the-hod" (lessons/reference/under-the-hod.mdx does not exist). Fix: write under-the-hood#deleting-a-cookie-so-it-really-goes',
      '**deeper** item 2: "under-the-hood#deleting-a-cookie": Under the hood (lessons/reference/under-the-hood.mdx) has no section with the id "deleting-a-cookie"; a section\'s id is its title in lower case with hyphens, or its id="…" prop. Fix: write under-the-hood#deleting-a-cookie-so-it-really-goes',
      '**deeper** item 3: "expert-zone#tokens": Expert zone (lessons/reference/expert-zone.mdx) has no section with the id "tokens"; a section\'s id is its title in lower case with hyphens, or its id="…" prop. Fix: use one of its section ids: hono-details-that-bite',
      '**deeper** item 4: "glossary#jti" names no reference page "glossary" (lessons/reference/glossary.mdx does not exist). Fix: start it with one of under-the-hood, expert-zone',
      '**deeper** item 6: "expert-zone#hono-details-that-bite" is already item 5. Fix: remove one of them',
    ]);
  });

  it('formats the build error and finds the line of the field', () => {
    expect(
      formatDeepLinkError('lessons/03-basic-logout-route/index.mdx', ['**deeper** item 1: x. Fix: y']),
    ).toBe(
      'Invalid Expert mode links in lessons/03-basic-logout-route/index.mdx: **deeper** item 1: x. Fix: y',
    );
    expect(formatDeepLinkError('lessons/03-basic-logout-route/index.mdx', ['a', 'b'])).toBe(
      'Invalid Expert mode links in lessons/03-basic-logout-route/index.mdx:\n- a\n- b',
    );
    expect(fieldLine('---\ntitle: T\ndeeper:\n  - a#b\n---\n', 'deeper')).toBe(3);
  });

  it('the frontmatter schema refuses an item without a section id, explaining the form', () => {
    const data = {
      title: 'A lesson',
      summary: 'A summary sentence.',
      level: 'Foundation',
      minutes: 5,
      objectives: ['One thing', 'Another'],
    };
    const file = 'lessons/07-x/index.mdx';
    expect(() =>
      parseFrontmatter(
        lessonSchema,
        { ...data, deeper: ['under-the-hood#deleting-a-cookie-so-it-really-goes'] },
        { file, fields: lessonFields },
      ),
    ).not.toThrow();
    const message = (() => {
      try {
        parseFrontmatter(
          lessonSchema,
          { ...data, deeper: ['under-the-hood'] },
          { file, fields: lessonFields },
        );
      } catch (error) {
        return error instanceof ContentError ? error.message : String(error);
      }
      return 'no error';
    })();
    expect(message).toBe(
      `Invalid frontmatter in ${file}: **deeper** item 1: must be a reference page and one of its section ids joined by #. Fix: write a YAML list of reference sections, each written page#section-id: the file name in lessons/reference/, a #, and the id in the section's # link, e.g. deeper: ["under-the-hood#deleting-a-cookie-so-it-really-goes", "expert-zone#hono-details-that-bite"]`,
    );
  });
});

/** Section headings of a reference page, as the lesson contract records them when the page builds. */
async function sectionsOf(file: string): Promise<SectionInfo[]> {
  let sections: SectionInfo[] = [];
  await mdxToJs(readFileSync(join(repo, file), 'utf8'), {
    mdastPlugins: [
      {
        name: 'probe',
        options: { position: true },
        before: (tree: unknown) =>
          void ({ sections } = checkDocument(
            tree as Parameters<typeof checkDocument>[0],
            file,
            createIdRegistry(),
          ).contract),
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
  return sections;
}

/** The `deeper` list of a lesson's frontmatter (written as a YAML block list). */
function deeperOf(source: string): string[] {
  const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(source)?.[1] ?? '';
  const block = /^deeper:.*\n((?: {2}- .+\n?)+)/m.exec(`${frontmatter}\n`)?.[1] ?? '';
  return [...block.matchAll(/^ {2}- (.+)$/gm)].map((m) => (m[1] ?? '').trim());
}

describe('every lesson links Expert mode to reference sections that exist', async () => {
  const referenceFiles = readdirSync(join(repo, 'lessons/reference')).filter((name) => name.endsWith('.mdx'));
  const outlines: ReferenceOutline[] = await Promise.all(
    referenceFiles.map(async (name) => {
      const file = `lessons/reference/${name}`;
      const id = name.replace(/\.mdx$/, '');
      const title = /^title: (.+)$/m.exec(readFileSync(join(repo, file), 'utf8'))?.[1] ?? id;
      return { id, title, href: `/reference/${id}/`, sections: await sectionsOf(file) };
    }),
  );
  const lessons = readdirSync(join(repo, 'lessons')).filter((name) => /^\d{2}-/.test(name));

  it('finds the lessons and the expert reference pages', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(6);
    expect(outlines.map((o) => o.id)).toEqual(
      expect.arrayContaining(['under-the-hood', 'expert-zone', 'production-patterns']),
    );
  });

  for (const lesson of lessons) {
    it(lesson, () => {
      const items = deeperOf(readFileSync(join(repo, 'lessons', lesson, 'index.mdx'), 'utf8'));
      expect(items.length, `lessons/${lesson}/index.mdx names no deeper sections`).toBeGreaterThan(0);
      const { groups, problems } = resolveDeepLinks(items, outlines);
      expect(problems).toEqual([]);
      // Lesson-specific links into the expert reference pages, not whole pages.
      expect(
        groups.filter((g) => ['under-the-hood', 'expert-zone', 'production-patterns'].includes(g.pageId))
          .length,
      ).toBeGreaterThanOrEqual(2);
    });
  }
});
