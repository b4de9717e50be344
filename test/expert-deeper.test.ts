/**
 * Expert mode's "Go deeper" links (`deeper` in lesson frontmatter, resolved by
 * src/modes/deep-links when a lesson page is built): how items become grouped links, and every
 * lesson of the course linking only to reference sections that exist, read from the reference
 * pages through the same lesson contract the build uses. The messages a broken link gives are
 * pinned with the other authoring messages in test/authoring-errors.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mdxToJs } from 'satteri';
import { describe, expect, it } from 'vitest';
import { checkDocument, createIdRegistry, type SectionInfo } from '../src/content/lesson-contract';
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
});

/** Section headings of a reference page, as the lesson contract records them when the page builds (mdxToJs is synchronous). */
function sectionsOf(file: string): SectionInfo[] {
  let sections: SectionInfo[] = [];
  mdxToJs(readFileSync(join(repo, file), 'utf8'), {
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

describe('every lesson links Expert mode to reference sections that exist', () => {
  const referenceFiles = readdirSync(join(repo, 'lessons/reference')).filter((name) => name.endsWith('.mdx'));
  const outlines: ReferenceOutline[] = referenceFiles.map((name) => {
    const file = `lessons/reference/${name}`;
    const id = name.replace(/\.mdx$/, '');
    const title = /^title: (.+)$/m.exec(readFileSync(join(repo, file), 'utf8'))?.[1] ?? id;
    return { id, title, href: `/reference/${id}/`, sections: sectionsOf(file) };
  });
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
