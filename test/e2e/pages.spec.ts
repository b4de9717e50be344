import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { EXPECTED_LESSONS, expectAccessible, lessonPaths, referencePaths } from './helpers';

test('home page introduces the course and lists all six lessons', async ({ page }) => {
  const paths = await lessonPaths(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Logout Lab' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'The locked door, refined' })).toBeVisible();
  await expect(page.getByRole('figure').getByRole('listitem')).not.toHaveCount(0);
  expect(paths, 'all six lessons exist').toHaveLength(EXPECTED_LESSONS);
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page);
});

test('the skip link is the first stop and moves focus to the main content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
});

for (let index = 0; index < EXPECTED_LESSONS; index++) {
  test(`lesson ${index + 1} renders its header, contents and typed sections, and passes axe in both themes`, async ({
    page,
  }) => {
    const paths = await lessonPaths(page);
    const path = paths[index];
    expect(path, `lesson ${index + 1} exists`).toBeDefined();
    const response = await page.goto(path ?? '/');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText(`Lesson ${index + 1} of ${paths.length}`)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'In this lesson you will' })).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Course' }).getByRole('link', { name: /./ }).first(),
    ).toBeVisible();
    expect(await page.locator('main section[data-kind]').count()).toBeGreaterThan(1);
    await expectAccessible(page);
    // Both themes must be readable: code colours and badges change with the theme.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page);
  });
}

// One test per reference page (read from lessons/reference/), so axe runs on them in parallel.
const referenceSlugs = readdirSync(join(import.meta.dirname, '../../lessons/reference'))
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => f.replace(/\.mdx$/, ''));

test('the home page links every reference page', async ({ page }) => {
  expect((await referencePaths(page)).sort()).toEqual(
    referenceSlugs.map((slug) => `/reference/${slug}/`).sort(),
  );
});

for (const slug of referenceSlugs) {
  test(`reference page ${slug} renders and passes axe`, async ({ page }) => {
    expect((await page.goto(`/reference/${slug}/`))?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page);
  });
}

test('an unknown address shows the styled 404 page', async ({ page }) => {
  const response = await page.goto('/no-such-lesson/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This page has logged out' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to the course' })).toBeVisible();
  await expectAccessible(page);
});

test('lesson pages link to the previous and next lesson', async ({ page }) => {
  const paths = await lessonPaths(page);
  await page.goto(paths[1] ?? paths[0] ?? '/');
  const pager = page.getByRole('navigation', { name: 'Previous and next' });
  await expect(pager.getByRole('link', { name: /Previous/ })).toHaveAttribute('href', paths[0] ?? '');
  if (paths[2]) await expect(pager.getByRole('link', { name: /Next/ })).toHaveAttribute('href', paths[2]);
});

test('preview responses are cross-origin isolated', async ({ request, page }) => {
  const paths = await lessonPaths(page);
  const scripts = await page
    .locator('script[src]')
    .evaluateAll((s) => s.map((e) => (e as HTMLScriptElement).getAttribute('src') ?? ''));
  for (const url of ['/', paths[0] ?? '/', scripts[0] ?? '/favicon.svg']) {
    const response = await request.get(url);
    expect(response.headers()['cross-origin-opener-policy'], url).toBe('same-origin');
    expect(response.headers()['cross-origin-embedder-policy'], url).toBe('require-corp');
  }
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});
