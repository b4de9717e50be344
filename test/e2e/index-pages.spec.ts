import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { EXPECTED_LESSONS, expectAccessible, lessonPaths, referencePaths } from './helpers';

const referenceSlugs = readdirSync(join(import.meta.dirname, '../../lessons/reference'))
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => f.replace(/\.mdx$/, ''));

const mainLinks = (page: import('@playwright/test').Page) =>
  page
    .getByRole('main')
    .getByRole('list')
    .first()
    .getByRole('link')
    .evaluateAll((anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname));

test.describe('index pages', () => {
  test('/lessons/ lists every lesson in course order, as the home page does, and passes axe in both themes', async ({
    page,
  }) => {
    const fromHome = await lessonPaths(page);
    for (const address of ['/lessons/', '/lessons']) {
      const response = await page.goto(address);
      expect(response?.status(), address).toBe(200);
    }
    await expect(page).toHaveTitle('Lessons · Logout Lab');
    await expect(page.getByRole('heading', { level: 1, name: 'Lessons' })).toBeVisible();
    const titles = page.getByRole('main').getByRole('heading', { level: 2 });
    await expect(titles).toHaveCount(EXPECTED_LESSONS);
    expect(
      await titles
        .getByRole('link')
        .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname)),
    ).toEqual(fromHome);
    await expect(page.getByText('Step 1', { exact: true })).toBeVisible();
    // The progress line is filled in from this browser's progress, as on the home page.
    await expect(page.locator('[data-progress]').first()).toHaveText(/Not read yet/);
    await expect(
      page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Lessons' }),
    ).toHaveAttribute('aria-current', 'page');
    await expectAccessible(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page);
  });

  test('/reference/ lists every reference page with its summary, and passes axe in both themes', async ({
    page,
  }) => {
    const fromHome = await referencePaths(page);
    expect((await page.goto('/reference/'))?.status()).toBe(200);
    await expect(page).toHaveTitle('Reference · Logout Lab');
    await expect(page.getByRole('heading', { level: 1, name: 'Reference' })).toBeVisible();
    const links = await mainLinks(page);
    expect(links).toEqual(fromHome);
    expect([...links].sort()).toEqual(referenceSlugs.map((slug) => `/reference/${slug}/`).sort());
    await expect(
      page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Reference' }),
    ).toHaveAttribute('aria-current', 'page');
    await expectAccessible(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page);
  });

  test('the site navigation leads to both index pages from every kind of page', async ({ page }) => {
    for (const start of [
      '/',
      '/lessons/03-basic-logout-route/',
      '/reference/expert-zone/',
      '/cheat-sheet/',
    ]) {
      await page.goto(start);
      const nav = page.getByRole('navigation', { name: 'Site' });
      await expect(nav.getByRole('link', { name: 'Lessons' })).not.toHaveAttribute('aria-current', 'page');
      await nav.getByRole('link', { name: 'Reference' }).click();
      await expect(page).toHaveURL(/\/reference\/$/);
      await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Lessons' }).click();
      await expect(page).toHaveURL(/\/lessons\/$/);
    }
  });

  test('a trimmed lesson address is a page, not a 404, and the search index leaves the index pages out', async ({
    request,
  }) => {
    for (const address of ['/lessons/', '/reference/'])
      expect((await request.get(address)).status(), address).toBe(200);
    const entry = (await (await request.get('/pagefind/pagefind-entry.json')).json()) as {
      languages: Record<string, { page_count: number }>;
    };
    const pages = Object.values(entry.languages).reduce((sum, l) => sum + l.page_count, 0);
    expect(pages, 'the lessons and reference pages, nothing else').toBe(
      EXPECTED_LESSONS + referenceSlugs.length,
    );
  });
});
