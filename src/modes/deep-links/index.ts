/**
 * The Expert mode's "Go deeper" links: each lesson names, in its frontmatter (`deeper`), the
 * sections of the reference pages that continue it, as `<page>#<section id>`
 * (`under-the-hood#deleting-a-cookie-so-it-really-goes`). They are resolved against the sections
 * the reference pages really have when the lesson page is built, so a renamed heading or a typo
 * fails the build naming the lesson, the item and the ids that exist, instead of shipping a link
 * that lands at the top of a page.
 */
import { distance } from '../../../sandbox-server/labs/did-you-mean';

/** A reference page as the resolver needs it: its id (file name), title and section headings. */
export interface ReferenceOutline {
  id: string;
  title: string;
  href: string;
  sections: readonly { id: string; title: string }[];
}

export interface DeepLink {
  href: string;
  pageId: string;
  pageTitle: string;
  sectionTitle: string;
}

/** Deep links grouped by reference page, pages in the order the lesson first names them. */
export interface DeepLinkGroup {
  pageId: string;
  pageTitle: string;
  pageHref: string;
  links: DeepLink[];
}

/** The id the author most likely meant: one that contains what they wrote, else the nearest spelling. */
function meant(written: string, ids: readonly string[]): string | undefined {
  const containing = ids.filter((id) => id.includes(written) || written.includes(id));
  if (containing.length === 1) return containing[0];
  let best: string | undefined;
  let bestScore = Infinity;
  for (const id of ids) {
    const score = distance(written, id);
    if (score < bestScore) [best, bestScore] = [id, score];
  }
  return bestScore <= Math.max(3, Math.floor(written.length / 3)) ? best : undefined;
}

/**
 * Resolves a lesson's `deeper` items. `problems` holds one friendly message per bad item
 * ("**deeper** item 2: …. Fix: …"); the links are only meaningful when it is empty.
 */
export function resolveDeepLinks(
  items: readonly string[],
  pages: readonly ReferenceOutline[],
): { groups: DeepLinkGroup[]; problems: string[] } {
  const problems: string[] = [];
  const groups: DeepLinkGroup[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const label = `**deeper** item ${index + 1}`;
    const [pageId = '', sectionId = ''] = item.split('#');
    const earlier = seen.get(item);
    if (earlier !== undefined) {
      problems.push(`${label}: "${item}" is already item ${earlier + 1}. Fix: remove one of them`);
      return;
    }
    seen.set(item, index);
    const page = pages.find((p) => p.id === pageId);
    if (!page) {
      const guess = meant(
        pageId,
        pages.map((p) => p.id),
      );
      const fix = guess
        ? `write ${guess}#${sectionId}`
        : `start it with one of ${pages.map((p) => p.id).join(', ')}`;
      problems.push(
        `${label}: "${item}" names no reference page "${pageId}" (lessons/reference/${pageId}.mdx does not exist). Fix: ${fix}`,
      );
      return;
    }
    const section = page.sections.find((s) => s.id === sectionId);
    if (!section) {
      const ids = page.sections.map((s) => s.id);
      const guess = meant(sectionId, ids);
      const fix = guess ? `write ${pageId}#${guess}` : `use one of its section ids: ${ids.join(', ')}`;
      problems.push(
        `${label}: "${item}": ${page.title} (lessons/reference/${pageId}.mdx) has no section with the id "${sectionId}"; a section's id is its title in lower case with hyphens, or its id="…" prop. Fix: ${fix}`,
      );
      return;
    }
    let group = groups.find((g) => g.pageId === page.id);
    if (!group) {
      group = { pageId: page.id, pageTitle: page.title, pageHref: page.href, links: [] };
      groups.push(group);
    }
    group.links.push({
      href: `${page.href}#${section.id}`,
      pageId: page.id,
      pageTitle: page.title,
      sectionTitle: section.title,
    });
  });
  return { groups, problems };
}

/** Line (from 1) of a frontmatter field in a lesson file, so the error points the editor at it. */
export function fieldLine(source: string, field: string): number {
  const index = source.split('\n').findIndex((line) => line.startsWith(`${field}:`));
  return index >= 0 ? index + 1 : 1;
}

/** The whole build error for one lesson: the file, then each problem. */
export function formatDeepLinkError(file: string, problems: readonly string[]): string {
  const body = problems.length === 1 ? ` ${problems[0]}` : `\n${problems.map((p) => `- ${p}`).join('\n')}`;
  return `Invalid Expert mode links in ${file}:${body}`;
}
