/**
 * The lab workbench (issue 12, src/lab/ui/workbench): "Start lab" gives the lab the page's width
 * and "Back to the lesson" gives it back; from 1100 px the editor (100 columns) sits beside a tab
 * set of results and both fit in one window, with a divider that moves by pointer and by keyboard;
 * narrower, the parts stack under a sticky toolbar, and no page of the site scrolls sideways at 390 px.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { lab, lessons, runChecks, showPanel, startLab, type Panel } from './lab-helpers';

const panels: Panel[] = ['Checks', 'Console', 'Preview', 'Server log'];
const desktop = { width: 1280, height: 800 };

function tab(root: Locator, name: Panel): Locator {
  return root.getByRole('tablist', { name: 'Lab panels' }).getByRole('tab', { name, exact: true });
}

/** Fully inside the window, as the page is scrolled now. */
async function onScreen(page: Page, locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  const size = page.viewportSize();
  expect(box, 'the element is rendered').not.toBeNull();
  if (!box || !size) return;
  expect(box.x, 'left edge').toBeGreaterThanOrEqual(0);
  expect(box.y, 'top edge').toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, 'right edge').toBeLessThanOrEqual(size.width);
  expect(box.y + box.height, 'bottom edge').toBeLessThanOrEqual(size.height);
}

/**
 * How many columns of code the shown editor fits on one row: its text width (the content box
 * less a line's own padding, the hanging indent's padding undone by its negative text-indent)
 * over the width of one character of its font, measured apart from the editor.
 */
function columns(root: Locator): Promise<number> {
  return root.locator('.lab-editor-panel:not([hidden]) .cm-content').evaluate((content) => {
    const line = content.querySelector('.cm-line');
    if (!line) throw new Error('the editor shows no line');
    const style = getComputedStyle(line);
    const padding =
      parseFloat(style.paddingLeft) + parseFloat(style.textIndent) + parseFloat(style.paddingRight);
    const probe = document.createElement('span');
    const font = getComputedStyle(content);
    probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font-family:${font.fontFamily};font-size:${font.fontSize}`;
    probe.textContent = 'x'.repeat(100);
    document.body.append(probe);
    const char = probe.getBoundingClientRect().width / 100;
    probe.remove();
    return Math.floor((content.clientWidth - padding) / char);
  });
}

const width = (locator: Locator): Promise<number> =>
  locator.evaluate((el) => el.getBoundingClientRect().width);
const valueNow = async (separator: Locator): Promise<number> =>
  Number(await separator.getAttribute('aria-valuenow'));

test('at 1280×800 lab 5 opens full width: the editor (100 columns) and the first failing check are on screen together, without scrolling the page', async ({
  page,
}) => {
  await page.setViewportSize(desktop);
  const root = await startLab(page, lessons.l5);
  // The lesson's sidebars stepped aside and the lab took the page's width, one window high.
  await expect(page.locator('html')).toHaveAttribute('data-lab-workbench', '');
  await expect(page.getByRole('navigation', { name: 'Course' })).toBeHidden();
  await expect(page.locator('.lesson-aside')).toBeHidden();
  const section = await root.boundingBox();
  expect(section?.width).toBeGreaterThan(desktop.width - 40);
  expect(section?.height).toBeLessThanOrEqual(desktop.height);
  expect(await columns(root)).toBeGreaterThanOrEqual(100);

  // Another tab in front: "Run checks" brings the Checks tab back, focus on its summary.
  await showPanel(root, 'Console');
  const scrolled = await page.evaluate(() => scrollY);
  await runChecks(root);
  await expect(tab(root, 'Checks')).toHaveAttribute('aria-selected', 'true');
  await expect(root.locator('.lab-summary')).toBeFocused();
  expect(await page.evaluate(() => scrollY), 'the page did not scroll').toBe(scrolled);

  const failing = root.getByRole('list', { name: 'Failing checks' }).locator('.lab-result').first();
  await expect(failing.locator('.lab-badge')).toHaveText(/Fail|Error/);
  await onScreen(page, root.locator('.lab-editor'));
  await onScreen(page, failing);
  await onScreen(page, root.locator('.lab-summary'));
  // Only the panel scrolls: the whole result list is longer than the window.
  const panel = root.getByRole('tabpanel', { name: 'Checks' });
  expect(await panel.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
});

test('the result tabs: ARIA tabs, arrow keys, Home and End, one panel shown', async ({ page }) => {
  await page.setViewportSize(desktop);
  const root = await startLab(page, lessons.l3);
  const checks = tab(root, 'Checks');
  await expect(checks).toHaveAttribute('aria-selected', 'true');
  await expect(root.getByRole('tabpanel', { name: 'Checks' })).toBeVisible();
  await checks.focus();
  const expectSelected = async (name: Panel) => {
    await expect(tab(root, name)).toBeFocused();
    await expect(tab(root, name)).toHaveAttribute('aria-selected', 'true');
    await expect(tab(root, name)).toHaveAttribute('tabindex', '0');
    const id = await tab(root, name).getAttribute('aria-controls');
    await expect(page.locator(`#${id}`)).toBeVisible();
    await expect(root.locator('.lab-bench-results').getByRole('tabpanel')).toHaveCount(1);
  };
  await page.keyboard.press('ArrowRight');
  await expectSelected('Console');
  await expect(root.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await page.keyboard.press('End');
  await expectSelected('Server log');
  await page.keyboard.press('ArrowRight');
  await expectSelected('Checks');
  await page.keyboard.press('ArrowLeft');
  await expectSelected('Server log');
  await page.keyboard.press('Home');
  await expectSelected('Checks');
  await expect(tab(root, 'Console')).toHaveAttribute('tabindex', '-1');
});

test('the divider is an ARIA separator that moves by dragging and by the arrow keys, within limits', async ({
  page,
}) => {
  await page.setViewportSize(desktop);
  const root = await startLab(page, lessons.l5);
  const separator = root.getByRole('separator', { name: 'Editor width' });
  const code = root.locator('.lab-bench-code');
  const results = root.locator('.lab-bench-results');
  await expect(separator).toHaveAttribute('aria-orientation', 'vertical');
  await expect(separator).toHaveAttribute('tabindex', '0');
  const controls = await separator.getAttribute('aria-controls');
  expect(await code.getAttribute('id')).toBe(controls);
  const min = Number(await separator.getAttribute('aria-valuemin'));
  const max = Number(await separator.getAttribute('aria-valuemax'));
  const start = await valueNow(separator);
  expect(min).toBeGreaterThan(0);
  expect(max).toBeLessThan(100);
  expect(start).toBeGreaterThan(min);
  expect(start).toBeLessThanOrEqual(max);

  // Dragged 200 px to the left: the editor narrows by that much, the results widen.
  const [codeBefore, resultsBefore] = [await width(code), await width(results)];
  const box = await separator.boundingBox();
  if (!box) throw new Error('the separator is not rendered');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 100, y, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2 - 200, y, { steps: 4 });
  await page.mouse.up();
  const codeDragged = await width(code);
  expect(Math.abs(codeBefore - 200 - codeDragged)).toBeLessThanOrEqual(2);
  expect(await width(results)).toBeGreaterThan(resultsBefore + 190);
  const dragged = await valueNow(separator);
  expect(dragged).toBeLessThan(start);

  // The keyboard: focus it, each arrow moves it a step; Home and End go to the limits.
  await separator.focus();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => valueNow(separator)).toBe(dragged - 2);
  expect(await width(code)).toBeLessThan(codeDragged);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => valueNow(separator)).toBe(dragged + 2);
  expect(await width(code)).toBeGreaterThan(codeDragged);
  await page.keyboard.press('Home');
  await expect.poll(() => valueNow(separator)).toBe(min);
  const rem = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(Math.round(await width(code))).toBe(20 * rem);
  await page.keyboard.press('End');
  await expect.poll(() => valueNow(separator)).toBe(max);
  expect(Math.abs((await width(results)) - 20 * rem)).toBeLessThanOrEqual(1);

  // Dragged past the edge of the window: clamped, the results never vanish.
  const end = await separator.boundingBox();
  if (!end) throw new Error('the separator is not rendered');
  await page.mouse.move(end.x + end.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(desktop.width - 2, y, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => valueNow(separator)).toBe(max);
  expect(Math.abs((await width(results)) - 20 * rem)).toBeLessThanOrEqual(1);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme}: axe finds nothing in the open workbench, in every result tab`, async ({ page }) => {
    test.slow();
    await page.setViewportSize(desktop);
    await page.emulateMedia({ colorScheme: scheme });
    const root = await startLab(page, lessons.l5);
    await runChecks(root);
    for (const name of panels) {
      await showPanel(root, name);
      await root
        .locator('details')
        .evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      // The preview frame is the learner's server's page: lab-theme.spec.ts scans it on its own.
      const scan = await new AxeBuilder({ page }).include('[data-lab-root]').exclude('.lab-frame').analyze();
      expect(
        scan.violations.map(
          (v) => `${name}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(', ')}`,
        ),
      ).toEqual([]);
    }
  });
}

test('"Back to the lesson" restores the lesson layout with the lab still running, and the workbench opens again', async ({
  page,
}) => {
  await page.setViewportSize(desktop);
  const root = await startLab(page, lessons.l5);
  const back = root.getByRole('button', { name: 'Back to the lesson' });
  await back.click();
  await expect(page.locator('html')).not.toHaveAttribute('data-lab-workbench');
  await expect(root).not.toHaveAttribute('data-workbench');
  await expect(page.getByRole('navigation', { name: 'Course' })).toBeVisible();
  // The lab is back in the prose column, where it was, and the keyboard is where the learner left it.
  const prose = await page.locator('.lesson-body').evaluate((el) => el.getBoundingClientRect().width);
  expect((await root.boundingBox())?.width).toBeLessThanOrEqual(prose);
  const open = root.getByRole('button', { name: 'Open the workbench' });
  await expect(open).toBeFocused();
  await expect(open).toBeInViewport();
  // Still running: stacked in the column, the checks run and show their results.
  await expect(root.getByRole('separator')).toHaveCount(0);
  await runChecks(root);
  await expect(root.getByRole('tabpanel', { name: 'Checks' })).toBeVisible();

  await open.click();
  await expect(page.locator('html')).toHaveAttribute('data-lab-workbench', '');
  await expect(page.getByRole('navigation', { name: 'Course' })).toBeHidden();
  await expect(root.getByRole('button', { name: 'Back to the lesson' })).toBeFocused();
  await onScreen(page, root.locator('.lab-editor'));
});

test('at 390×844 the lab stacks under a sticky toolbar: "Run checks" stays in reach at the end of the results', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const root = await startLab(page, lessons.l5);
  await expect(root.getByRole('separator')).toHaveCount(0);
  const code = await root.locator('.lab-bench-code').boundingBox();
  const results = await root.locator('.lab-bench-results').boundingBox();
  expect(results && code && results.y >= code.y + code.height).toBe(true);
  await runChecks(root);
  await root.locator('.lab-passes > summary').click();
  await root.locator('.lab-passes .lab-result').last().scrollIntoViewIfNeeded();
  const run = root.getByRole('button', { name: 'Run checks' });
  await expect(run).toBeInViewport();
  await run.click();
  await expect(root.locator('.lab-summary')).toBeFocused();
  await expect(root.locator('.lab-summary')).toBeInViewport();
});

test('between 700 and 1100 px (900×800) the workbench stacks at full width, with no sideways scroll in any tab', async ({
  page,
}) => {
  await page.setViewportSize({ width: 900, height: 800 });
  const root = await startLab(page, lessons.l5);
  await expect(root.getByRole('separator')).toHaveCount(0);
  expect((await root.boundingBox())?.width).toBeGreaterThan(800);
  await runChecks(root);
  for (const name of panels) {
    await showPanel(root, name);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - innerWidth),
      name,
    ).toBeLessThanOrEqual(0);
  }
});

/** Every page of the built site, as its URL: what `astro build` wrote to dist/. */
function sitePages(): string[] {
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  let files: string[];
  try {
    files = readdirSync(dist, { recursive: true, encoding: 'utf8' });
  } catch {
    throw new Error('dist/ is missing: run `npm run build` before the browser tests');
  }
  return files
    .filter((f) => f.endsWith('.html') && !f.startsWith('pagefind') && !f.startsWith('_astro'))
    .map((f) => (f === '404.html' ? '/404.html' : `/${f.replace(/(^|\/)index\.html$/, '$1')}`))
    .sort();
}

const pages = sitePages();
test('the site has its pages to check', () => {
  expect(pages).toContain('/');
  expect(pages.filter((p) => p.startsWith('/lessons/') && p !== '/lessons/').length).toBeGreaterThan(5);
});

for (const path of pages) {
  test(`at 390×844 ${path} does not scroll sideways (its lab started, every tab)`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(path);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(await overflow(), 'before anything is opened').toBeLessThanOrEqual(0);
    if ((await lab(page).getByRole('button', { name: 'Start lab' }).count()) === 0) return;
    const slug = /^\/lessons\/([^/]+)\/$/.exec(path)?.[1];
    if (!slug) throw new Error(`${path} has a lab but is not a lesson page`);
    const root = await startLab(page, slug);
    await runChecks(root);
    for (const name of panels) {
      await showPanel(root, name);
      await root
        .locator('details')
        .evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      expect(await overflow(), name).toBeLessThanOrEqual(0);
    }
  });
}
