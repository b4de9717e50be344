import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const EXPECTED_LESSONS = 6;

/** Lesson URLs in course order, read from the home page's lesson list. */
export async function lessonPaths(page: Page): Promise<string[]> {
  await page.goto('/');
  const links = page
    .getByRole('region', { name: 'The six steps' })
    .getByRole('heading', { level: 3 })
    .getByRole('link');
  return links.evaluateAll((anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

/** Reference page URLs, from the home page's reference list. */
export async function referencePaths(page: Page): Promise<string[]> {
  await page.goto('/');
  const links = page.getByRole('region', { name: 'Reference' }).getByRole('link');
  return links.evaluateAll((anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

/** The first lesson page that holds at least `count` elements matching `selector`. */
export async function firstLessonWith(page: Page, selector: string, count = 1): Promise<string> {
  for (const path of await lessonPaths(page)) {
    await page.goto(path);
    if ((await page.locator(selector).count()) >= count) return path;
  }
  throw new Error(`no lesson has ${count} × ${selector}`);
}

/** axe-core: no serious or critical violation (on the page, or within `include`). */
export async function expectAccessible(page: Page, include?: string) {
  const builder = new AxeBuilder({ page });
  const results = await (include === undefined ? builder : builder.include(include)).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join('\n  ')}`,
    );
  expect(bad, `accessibility violations on ${page.url()}`).toEqual([]);
}
