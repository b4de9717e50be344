/**
 * Help before the solution and the way on after it: the lab's hints reveal one at a time and stay
 * revealed after a reload (progress), "Compare with solution" shows a read-only diff (loaded only
 * then) without touching the draft, axe finds nothing with the comparison open, and a passed lab
 * says what was learnt and links the next lesson.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './helpers';
import {
  editor,
  labFile,
  lessons,
  manifest,
  results,
  runChecks,
  setFile,
  setFiles,
  startLab,
} from './lab-helpers';

const l3 = manifest(lessons.l3);

/** The editor's text as it shows it, line by line (the lab's files are short: every line is rendered). */
function editorText(root: Locator, path: string): Promise<string> {
  return editor(root, path).evaluate((content) =>
    [...content.querySelectorAll('.cm-line')].map((line) => line.textContent ?? '').join('\n'),
  );
}

function storedHints(page: Page, lesson: string): Promise<unknown> {
  return page.evaluate((id) => {
    const raw = localStorage.getItem('logout-lab:progress');
    return raw === null
      ? undefined
      : (JSON.parse(raw) as { pages: Record<string, { labHints?: number }> }).pages[id]?.labHints;
  }, lesson);
}

test('hints reveal one at a time, from the first, and are still revealed after a reload', async ({
  page,
}) => {
  expect(l3.hints).toHaveLength(3);
  let root = await startLab(page, lessons.l3);
  const list = root.getByRole('list', { name: 'Hints' });
  await expect(list).toBeHidden();
  await root.getByRole('button', { name: 'Hint', exact: true }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem').first()).toContainText(`Hint 1 of 3${l3.hints[0]}`);
  // The button stays where the keyboard is, renamed for the next step.
  const next = root.getByRole('button', { name: 'Next hint' });
  await expect(next).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').nth(1)).toContainText(`Hint 2 of 3${l3.hints[1]}`);
  await expect(list).not.toContainText(l3.hints[2] ?? '');
  expect(await storedHints(page, lessons.l3)).toBe(2);

  await page.reload();
  root = await startLab(page, lessons.l3);
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list).toContainText(l3.hints[1] ?? '');
  await root.getByRole('button', { name: 'Next hint' }).click();
  await expect(list.getByRole('listitem').nth(2)).toContainText(`Hint 3 of 3${l3.hints[2]}`);
  const done = root.getByRole('button', { name: 'All 3 hints shown' });
  await expect(done).toHaveAttribute('aria-disabled', 'true');
  await expect(done).toBeFocused();
  await page.keyboard.press('Enter'); // a click would wait: Playwright treats aria-disabled as disabled
  await expect(list.getByRole('listitem')).toHaveCount(3);
  expect(await storedHints(page, lessons.l3)).toBe(3);
});

test('Compare with solution: a side-by-side diff, loaded on first use, and the draft stays byte for byte', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const merges: string[] = [];
  page.on('request', (request) => {
    if (/\/_astro\/merge\.[\w-]+\.js$/.test(request.url())) merges.push(request.url());
  });
  const root = await startLab(page, lessons.l3);
  const path = 'routes/logout.ts';
  const draft = `${labFile(lessons.l3, 'starter', path)}// my own note\n`;
  await setFile(page, root, path, draft);
  const key = `logout-lab:draft:${lessons.l3}`;
  const saved = await page.evaluate((k) => localStorage.getItem(k), key);
  expect(saved).toContain('my own note');
  const shown = await editorText(root, path);
  expect(shown).toBe(draft);
  expect(merges).toEqual([]);

  const toggle = root.getByRole('button', { name: 'Compare with solution' });
  await toggle.click();
  const panel = root.getByRole('region', { name: 'Your draft and the solution' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Your draft and the solution' })).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const view = panel.locator('.lab-compare-view[data-layout="split"]');
  await expect(view.locator('.cm-mergeView')).toBeVisible();
  // Changed chunks on both sides: the draft's TODO lines and note, the solution's pop().
  await expect(view.locator('.cm-merge-a .cm-changedLine').first()).toBeVisible();
  await expect(view.locator('.cm-merge-b .cm-changedLine').first()).toBeVisible();
  await expect(view.locator('.cm-merge-b .cm-changedLine')).toContainText([/pop\('userId'\)/]);
  // CodeMirror draws the lines near the viewport: bring the end of the draft side into it.
  await view.locator('.cm-merge-a').evaluate((side) => side.scrollIntoView({ block: 'end' }));
  await expect(view.locator('.cm-merge-a')).toContainText('// my own note');
  await expect(panel.locator('.lab-compare-note')).toHaveText(/^\d+ places? differs? from the solution\.$/);
  await expect(panel.getByRole('textbox', { name: `${path}, the solution` })).toHaveAttribute(
    'contenteditable',
    'false',
  );
  expect(merges).toHaveLength(1);

  // Nothing was written: the editor, the saved draft, the server (no restart) are as they were.
  expect(await editorText(root, path)).toBe(shown);
  expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBe(saved);
  await expect(root.locator('logout-lab')).toHaveAttribute('data-applying', 'false');

  // Esc closes it and puts the keyboard back on the button; opening again reuses the loaded chunk.
  await panel.getByRole('textbox', { name: `${path}, the solution` }).focus();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Close comparison' }).click();
  await expect(panel).toBeHidden();
  expect(merges).toHaveLength(1);
  expect(await editorText(root, path)).toBe(shown);
  expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBe(saved);

  // "Show solution" still replaces the code and keeps the draft for "Restore my draft".
  await root.getByRole('button', { name: 'Show solution' }).click();
  await root.getByRole('button', { name: 'Replace with the solution' }).click();
  await expect(root.getByRole('button', { name: 'Restore my draft' })).toBeVisible();
  await root.getByRole('button', { name: 'Restore my draft' }).click();
  await expect.poll(() => editorText(root, path)).toBe(shown);
});

test('on a phone the comparison is one unified view, and the page does not scroll sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const root = await startLab(page, lessons.l3);
  await root.getByRole('button', { name: 'Compare with solution' }).click();
  const view = root.locator('.lab-compare-view[data-layout="unified"]');
  await expect(view.locator('.cm-deletedChunk').first()).toBeVisible();
  await expect(view.locator('.cm-changedLine').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme}: axe finds nothing with the hints and the comparison open (lab 5, four files)`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    const root = await startLab(page, lessons.l5);
    await root.getByRole('button', { name: 'Hint', exact: true }).click();
    await root.getByRole('button', { name: 'Next hint' }).click();
    await root.getByRole('button', { name: 'Compare with solution' }).click();
    const panel = root.getByRole('region', { name: 'Your draft and the solution' });
    await expect(panel.locator('.lab-compare-file')).toHaveCount(manifest(lessons.l5).editable.length);
    await expect(panel.locator('.cm-mergeView').first()).toBeVisible();
    await expectAccessible(page, '[data-lab-root]');
  });
}

test('a passed lab says what was learnt and links the next lesson', async ({ page }) => {
  const root = await startLab(page, lessons.l3);
  const finish = root.locator('.lab-finish');
  await runChecks(root);
  await expect(results(root).first()).toBeAttached();
  await expect(finish).toBeHidden();

  await setFiles(page, root, lessons.l3, 'solution');
  await runChecks(root);
  await expect(root.locator('.lab-summary')).toContainText('7 of 7 checks pass');
  await expect(finish).toBeVisible();
  await expect(finish.getByRole('heading', { name: 'Lab passed: what you learnt' })).toBeVisible();
  await expect(finish.getByRole('listitem')).toHaveText(l3.learnt);
  const next = finish.getByRole('link', { name: /^Next: Lesson 4, .+ →$/ });
  await expect(next).toHaveAttribute('href', '/lessons/04-login-manager/');
  await next.click();
  await expect(page).toHaveURL(/\/lessons\/04-login-manager\/$/);
  await expect(page.locator('[data-lab-root]')).toHaveAttribute('data-lesson', '04-login-manager');
});

test('the last lab points to the course completion, every other lab to the lesson after it', async ({
  page,
}) => {
  await page.goto(`/lessons/${lessons.l6}/`);
  const root = page.locator('[data-lab-root]');
  await expect(root).toHaveAttribute('data-lab-next-href', '#course-complete');
  await page.goto(`/lessons/${lessons.l5}/`);
  await expect(root).toHaveAttribute('data-lab-next-href', `/lessons/${lessons.l6}/`);
  await expect(root).toHaveAttribute('data-lab-next-label', /^Next: Lesson 6, /);
});
