import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './helpers';

/** Every URL the page asks for (Pagefind's worker, index and WebAssembly included). */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

/** Where lesson 5 defines session fixation (and tells it apart from cookie replay). */
const FIXATION = '/lessons/05-session-security/#two-attacks-that-are-easy-to-mix-up';

const searchbox = (page: Page) => page.getByRole('searchbox', { name: 'Search the course' });
const results = (page: Page) => page.getByRole('list', { name: 'Search results' });

async function search(page: Page, term: string) {
  await page.keyboard.press('/');
  await expect(searchbox(page)).toBeFocused();
  await page.keyboard.type(term);
  await expect(page.getByRole('status').filter({ hasText: `match “${term}”` })).toHaveText(
    /^\d+ pages? match/,
  );
}

/** Follows one result and checks it landed on a visible section heading whose section holds the term. */
async function follow(page: Page, result: Locator, term: RegExp) {
  const href = (await result.getAttribute('href')) ?? '';
  // The query's words ride along as ?highlight= parameters, for the landed page to mark.
  expect(href, 'results link to a heading anchor').toMatch(
    /^\/(lessons|reference)\/[^#?]+\/\?(highlight=[^&#]+&?)+#[a-z0-9-]+$/,
  );
  const heading = (await result.locator('.search__heading').innerText()).trim();
  await result.click();
  const id = href.split('#')[1] ?? '';
  await expect(page).toHaveURL(new RegExp(`#${id}$`));
  const target = page.locator(`[id="${id}"]`);
  await expect(target).toBeVisible();
  await expect(target).toBeInViewport();
  await expect(target).toHaveText(heading);
  const section = page.locator('section[data-kind]').filter({ has: target });
  expect(await section.innerText()).toMatch(term);
  return { href, heading };
}

const followFirst = (page: Page, term: RegExp) => follow(page, results(page).getByRole('link').first(), term);

test.describe('search', () => {
  test('loads nothing of Pagefind until the box is used, then only same-origin files', async ({
    page,
    baseURL,
  }) => {
    const urls = recordRequests(page);
    await page.goto('/lessons/01-understanding-sessions/');
    await page.waitForLoadState('networkidle');
    expect(urls.filter((u) => u.includes('/pagefind/'))).toEqual([]);

    await search(page, 'jti');
    expect(urls.some((u) => u.endsWith('/pagefind/pagefind.js'))).toBe(true);
    const origin = new URL(baseURL ?? page.url()).origin;
    expect(
      urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')),
    ).toEqual([]);
  });

  test('"session fixation" finds lesson 5 at the heading that explains it and lands there', async ({
    page,
  }) => {
    await page.goto('/');
    await search(page, 'session fixation');
    // Lesson 5 sets fixation apart from replay under this heading; any page merely naming the phrase is not enough.
    const [path, anchor] = FIXATION.split('#');
    const fixation = results(page).locator(
      `a[href="${path}?highlight=session&highlight=fixation#${anchor}"]`,
    );
    await expect(fixation).toBeVisible();
    const { heading } = await follow(page, fixation, /session fixation/i);
    expect(heading).toBe('Two attacks that are easy to mix up');
    const landed = new URL(page.url());
    expect(landed.pathname + landed.hash).toBe(FIXATION);
  });

  test('"jti" finds the token lesson and lands on the right heading', async ({ page }) => {
    await page.goto('/reference/expert-zone/');
    await search(page, 'jti');
    const links = results(page).getByRole('link');
    await expect(links.first()).toBeVisible();
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.some((h) => h?.startsWith('/lessons/06-token-logout/?highlight=jti#'))).toBe(true);
    const { href } = await followFirst(page, /\bjti\b/);
    expect(href).toMatch(/jti/);
  });

  test('a result in a section the current mode hides still lands on its heading', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => localStorage.setItem('logout-lab:mode', 'quiz'));
    await page.goto('/lessons/06-token-logout/');
    await expect(page.getByRole('combobox', { name: 'Learning mode' })).toHaveValue('quiz');
    await search(page, 'jti');
    await followFirst(page, /\bjti\b/);
    await expect(page.getByRole('combobox', { name: 'Learning mode' })).toHaveValue('deep');
  });

  test('keyboard: "/" focuses, arrows move through results, Escape closes; "/" inside a field types a slash', async ({
    page,
  }) => {
    await page.goto('/lessons/03-basic-logout-route/');
    await search(page, 'logout');
    await page.keyboard.press('ArrowDown');
    await expect(results(page).getByRole('link').first()).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(results(page).getByRole('link').nth(1)).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(results(page)).toBeHidden();
    await expect(searchbox(page)).toBeFocused();
    await page.keyboard.type('/x');
    await expect(searchbox(page)).toHaveValue('logout/x');
    await page.keyboard.press('Escape');
    await expect(searchbox(page)).toHaveValue('logout/x');
  });

  test('the page a result opens marks the searched words in its article, and nowhere else', async ({
    page,
  }) => {
    const urls = recordRequests(page);
    await page.goto('/');
    await search(page, 'session fixation');
    const [path, anchor] = FIXATION.split('#');
    await follow(page, results(page).locator(`a[href$="#${anchor}"][href^="${path}?"]`), /session fixation/i);
    expect(new URL(page.url()).searchParams.getAll('highlight')).toEqual(['session', 'fixation']);
    expect(urls.some((u) => u.endsWith('/pagefind/pagefind-highlight.js'))).toBe(true);

    const marks = page.locator('mark.search-highlight');
    await expect(marks.filter({ visible: true }).first()).toBeVisible();
    const words = await marks.evaluateAll((ms) => ms.map((m) => (m.textContent ?? '').toLowerCase()));
    expect(new Set(words)).toEqual(new Set(['session', 'fixation']));
    // The section the result named holds marks; the contents, the chrome and the footer hold none.
    const section = page.locator('section[data-kind]').filter({ has: page.locator(`[id="${anchor}"]`) });
    expect(await section.locator('mark.search-highlight').count()).toBeGreaterThan(0);
    expect(
      await page
        .locator('.toc mark, header.site-header mark, .lesson-footer mark, .lesson-sidebar mark')
        .count(),
    ).toBe(0);
    expect(
      await page
        .locator('mark.search-highlight')
        .evaluateAll((ms) => ms.every((m) => m.closest('[data-pagefind-body]'))),
    ).toBe(true);
    // The marks stay readable in both themes, in prose and in code (the rest of the page is checked by pages.spec.ts).
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const contrast = await new AxeBuilder({ page })
        .include('mark.search-highlight')
        .withRules(['color-contrast'])
        .analyze();
      expect(
        contrast.violations.flatMap((v) =>
          v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
        ),
        colorScheme,
      ).toEqual([]);
    }
  });

  test('a page opened without a search loads no highlighter and marks nothing', async ({ page }) => {
    const urls = recordRequests(page);
    await page.goto(FIXATION);
    await page.waitForLoadState('networkidle');
    expect(urls.filter((u) => u.includes('pagefind-highlight'))).toEqual([]);
    expect(await page.locator('mark.search-highlight').count()).toBe(0);
    // A hand-written link with the parameter works too, for a single word, in any case.
    await page.goto('/lessons/06-token-logout/?highlight=JTI');
    await expect(page.locator('mark.search-highlight').filter({ visible: true }).first()).toBeVisible();
    expect(
      await page
        .locator('mark.search-highlight')
        .evaluateAll((ms) => ms.every((m) => /^jti$/i.test(m.textContent ?? ''))),
    ).toBe(true);
  });

  test('search results pass axe', async ({ page }) => {
    await page.goto('/lessons/02-authentication-basics/');
    await search(page, 'cookie');
    await expectAccessible(page);
  });
});
