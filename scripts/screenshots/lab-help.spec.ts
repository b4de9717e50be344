/**
 * The lab's help, for `npm run screenshots`: lab 3 with two hints revealed, then "Compare with
 * solution" open on the starter, in light and dark at 1280×800 and 390×844. Written to
 * screenshots/ like the workbench pictures: `lab-03-hints-dark-390x844.png`, `lab-03-compare-…`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { lessons, startLab } from '../../test/e2e/lab-helpers';

const out = fileURLToPath(new URL('../../screenshots/', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/index.html', import.meta.url));

const viewports = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

for (const theme of ['light', 'dark'] as const) {
  for (const viewport of viewports) {
    test(`lab 3 help, ${theme}, ${viewport.width}×${viewport.height}`, async ({ page }) => {
      expect(existsSync(dist), 'dist/ is missing: run `npm run build` first').toBe(true);
      mkdirSync(out, { recursive: true });
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: theme });
      const root = await startLab(page, lessons.l3);
      const name = (what: string) => `${out}lab-03-${what}-${theme}-${viewport.width}x${viewport.height}.png`;

      await root.getByRole('button', { name: 'Hint', exact: true }).click();
      await root.getByRole('button', { name: 'Next hint' }).click();
      const help = root.getByRole('group', { name: 'Help' });
      await help.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: name('hints') });

      await root.getByRole('button', { name: 'Compare with solution' }).click();
      const panel = root.getByRole('region', { name: 'Your draft and the solution' });
      await expect(panel.locator('.cm-changedLine').first()).toBeVisible();
      await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: name('compare') });
      // The code itself: the line the solution adds, in the middle of the screen.
      // CodeMirror measures wrapped lines as they come into view, which moves them: scroll twice.
      const added = panel.locator('.cm-changedLine', { hasText: "get('session').pop(" }).last();
      for (let n = 0; n < 2; n++) {
        await added.evaluate((el) => el.scrollIntoView({ block: 'center' }));
        await page.waitForTimeout(200);
      }
      await page.screenshot({ path: name('compare-code') });
      console.log(`wrote ${name('hints')} and ${name('compare')}`);
    });
  }
}
