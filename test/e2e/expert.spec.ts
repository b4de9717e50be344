import { expect, test } from '@playwright/test';
import { EXPECTED_LESSONS, expectAccessible, lessonPaths } from './helpers';

/**
 * The Expert mode's own panel on every lesson: the deep dives it promises, the standards the
 * lesson cites (each a plain link to its document, never loaded by the page), and "Go deeper"
 * links that land on a heading of the right reference page, not at its top.
 */
test.describe('expert mode', () => {
  test('every lesson shows deep dives, linked standards and deep links that land on their headings', async ({
    page,
    baseURL,
  }) => {
    const origin = new URL(baseURL ?? 'http://localhost').origin;
    const paths = await lessonPaths(page);
    expect(paths).toHaveLength(EXPECTED_LESSONS);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));

    for (const path of paths) {
      await page.goto(`${path}?mode=expert`);
      await expect(page.getByRole('combobox', { name: 'Learning mode' })).toHaveValue('expert');
      const shown = page.locator('.lesson-body > section[data-kind]').filter({ visible: true });
      expect(await shown.count(), `${path} has deep dives`).toBeGreaterThan(0);
      expect(
        new Set(await shown.evaluateAll((s) => s.map((e) => (e as HTMLElement).dataset['kind']))),
      ).toEqual(new Set(['deep-dive']));

      const panel = page.locator('[data-panel="expert"]');
      await expect(panel.getByRole('heading', { name: 'Standards this lesson cites' })).toBeVisible();
      const standards = panel.locator('.modes__standards a');
      expect(await standards.count(), `${path} cites standards`).toBeGreaterThan(0);
      for (const href of await standards.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
        expect(href).toMatch(
          /^https:\/\/(?:cheatsheetseries\.owasp\.org|owasp\.org|www\.rfc-editor\.org|datatracker\.ietf\.org)\//,
        );
      }

      await expect(panel.getByRole('heading', { name: 'Go deeper' })).toBeVisible();
      const deep = await panel
        .locator('.modes__deeper ul a')
        .evaluateAll((as) =>
          as.map((a) => ({ href: a.getAttribute('href') ?? '', text: (a.textContent ?? '').trim() })),
        );
      expect(deep.length, `${path} has deep links`).toBeGreaterThan(0);
      for (const { href, text } of deep) {
        expect(href).toMatch(
          /^\/reference\/(?:under-the-hood|expert-zone|production-patterns)\/#[a-z0-9-]+$/,
        );
        // Follow the link as a reader does, from the lesson in Expert mode.
        if (!page.url().includes(path)) await page.goto(`${path}?mode=expert`);
        await panel.locator(`.modes__deeper a[href="${href}"]`).click();
        await expect(page).toHaveURL(new URL(href, origin).href);
        const heading = page.locator(`[id="${href.split('#')[1] ?? ''}"]`);
        await expect(heading, `${href} from ${path}`).toHaveText(text);
        await expect(heading).toBeInViewport();
      }
    }
    expect(
      requests.filter(
        (url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'),
      ),
    ).toEqual([]);
  });

  test("lesson 6 lists the cheat sheets its prose cites as OWASP's JWT and the REST Security cheat sheet", async ({
    page,
  }) => {
    await page.goto('/lessons/06-token-logout/?mode=expert');
    const panel = page.locator('[data-panel="expert"]');
    await expect(panel.getByRole('link', { name: 'OWASP JSON Web Token Cheat Sheet' })).toHaveAttribute(
      'href',
      'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_Cheat_Sheet.html',
    );
    await expect(panel.getByRole('link', { name: 'OWASP REST Security Cheat Sheet' })).toHaveAttribute(
      'href',
      'https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html',
    );
    await expect(panel.getByRole('link', { name: /^RFC 7009/ })).toHaveAttribute(
      'href',
      'https://datatracker.ietf.org/doc/rfc7009/',
    );
  });

  test('the expert panel passes axe', async ({ page }) => {
    await page.goto('/lessons/03-basic-logout-route/?mode=expert');
    await expect(page.locator('[data-panel="expert"]')).toBeVisible();
    await expectAccessible(page);
  });
});
