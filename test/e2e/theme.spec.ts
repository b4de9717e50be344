import { expect, test } from '@playwright/test';

const background = (page: import('@playwright/test').Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('dark mode follows the system, toggles, persists without a flash, and can return to the system', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const light = await background(page);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const dark = await background(page);
  expect(dark).not.toBe(light);

  // Persisted, and applied before first paint: the theme is already set when the DOM is parsed.
  await page.reload();
  await page.waitForLoadState('domcontentloaded');
  expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
  await expect(page.getByRole('button', { name: 'Dark mode' })).toHaveAttribute('aria-pressed', 'true');
  expect(await background(page)).toBe(dark);

  // Toggling back to what the system uses drops the pin: the page follows the system again.
  await page.getByRole('button', { name: 'Dark mode' }).click();
  expect(await page.evaluate(() => localStorage.getItem('logout-lab:theme'))).toBeNull();
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page)).toBe(dark);
  await expect(page.getByRole('button', { name: 'Dark mode' })).toHaveAttribute('aria-pressed', 'true');
});
