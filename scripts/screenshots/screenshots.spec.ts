/**
 * The pictures `npm run screenshots` takes: lab 3 started with the starter's code (the full-width
 * workbench), checks run, the first failing check open. One PNG per theme and viewport in
 * screenshots/ (git-ignored), named like `lab-03-dark-390x844.png`, so anyone changing the UI can
 * look before and after; `-console` is the Console tab after logging in, `-full` the whole page.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { lessons, runChecks, send, startLab } from '../../test/e2e/lab-helpers';

const out = fileURLToPath(new URL('../../screenshots/', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/index.html', import.meta.url));

const viewports = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

for (const theme of ['light', 'dark'] as const) {
  for (const viewport of viewports) {
    test(`lab 3, ${theme}, ${viewport.width}×${viewport.height}`, async ({ page }) => {
      expect(existsSync(dist), 'dist/ is missing: run `npm run build` first').toBe(true);
      mkdirSync(out, { recursive: true });
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: theme });
      const root = await startLab(page, lessons.l3);
      await runChecks(root);
      const failing = root.locator('.lab-result-fail, .lab-result-error').first();
      await failing.scrollIntoViewIfNeeded();
      const details = failing.locator('details').first();
      if ((await details.count()) > 0 && !(await details.evaluate((el) => (el as HTMLDetailsElement).open)))
        await details.locator('summary').click();
      const path = `${out}lab-03-${theme}-${viewport.width}x${viewport.height}.png`;
      await page.screenshot({ path, fullPage: false });
      await page.screenshot({ path: path.replace('.png', '-full.png'), fullPage: true });
      // The workbench shows one result panel at a time: the console, with a response and a cookie.
      await send(root, 'Log in as alice');
      await expect(root.locator('.lab-response-status')).toContainText('POST /login →');
      await page.screenshot({ path: path.replace('.png', '-console.png'), fullPage: false });
      console.log(`wrote ${path}`);
    });
  }
}
