import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { firstLessonWith, lessonPaths } from './helpers';

test('marking a lesson read shows on the home page after a reload', async ({ page }) => {
  const [first] = await lessonPaths(page);
  await page.goto(first ?? '/');
  const toggle = page.getByRole('button', { name: 'Mark as read' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Mark as read' })).toHaveAttribute('aria-pressed', 'true');
  await page.goto('/');
  await expect(page.getByText(/^1 of \d lessons read\.$/)).toBeVisible();
  await expect(page.locator('[data-progress]').first()).toHaveText(/^Read/);
});

test('progress exports to a file and imports back; an invalid file is refused', async ({
  page,
}, testInfo) => {
  await firstLessonWith(page, 'prediction-quiz');
  const quiz = page.locator('prediction-quiz').first();
  await quiz.getByRole('radio').first().check();
  await quiz.getByRole('button', { name: 'Commit answer' }).click();

  await page.goto('/');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress' }).click();
  const file = testInfo.outputPath('progress.json');
  await (await downloading).saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported.format).toBe('logout-lab-progress');
  await expect(page.getByText(/predictions? committed/).first()).toBeVisible();

  // A fresh browser state: progress gone, then imported back.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByText(/^1 of \d+ predictions committed/)).toHaveCount(0);
  await page.getByLabel('Import progress').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Imported progress for 1 page' })).toBeVisible();
  await expect(page.getByText(/1 of \d+ predictions? committed/).first()).toBeVisible();

  // An invalid file is refused with a clear message, and progress stays as it was.
  const before = await page.evaluate(() => localStorage.getItem('logout-lab:progress'));
  await page.getByLabel('Import progress').setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"hello": "world"}'),
  });
  await expect(page.getByRole('alert')).toHaveText(
    'This file cannot be imported: it is not a Logout Lab progress file (no "format": "logout-lab-progress"). Your current progress is unchanged.',
  );
  expect(await page.evaluate(() => localStorage.getItem('logout-lab:progress'))).toBe(before);
  await expect(page.getByText(/1 of \d+ predictions? committed/).first()).toBeVisible();
});

test('corrupt saved progress is set aside with a visible notice and the page still works', async ({
  page,
}) => {
  const path = await firstLessonWith(page, 'prediction-quiz');
  await page.evaluate(() =>
    localStorage.setItem(
      'logout-lab:progress',
      '{"format":"logout-lab-progress","version":1,"pages":{"x":{"predictions":{"p":{"choice":"two"}}}}}',
    ),
  );
  await page.goto(path);
  const notice = page.getByRole('status').filter({ hasText: 'Your saved progress could not be read' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('pages["x"].predictions["p"].choice must be a whole number');
  await expect(notice).toContainText('logout-lab:progress:backup:');
  const backups = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('logout-lab:progress:backup:')),
  );
  expect(backups).toHaveLength(1);
  // The page keeps working: a prediction can still be committed.
  const quiz = page.locator('prediction-quiz').first();
  await quiz.getByRole('radio').first().check();
  await quiz.getByRole('button', { name: 'Commit answer' }).click();
  await expect(quiz.getByText(/you committed to/)).toBeVisible();
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByText('Your saved progress could not be read')).toHaveCount(0);
});

test('an import over existing progress can be undone, also after a reload; a full storage refuses it', async ({
  page,
}, testInfo) => {
  const myFile = testInfo.outputPath('other-browser.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    myFile,
    JSON.stringify({
      format: 'logout-lab-progress',
      version: 1,
      pages: {
        'imported-a': { read: '2026-01-01T00:00:00.000Z', predictions: {}, myths: {} },
        'imported-b': { read: '2026-01-01T00:00:00.000Z', predictions: {}, myths: {} },
      },
    }),
  );
  const [first] = await lessonPaths(page);
  await page.goto(first ?? '/');
  await page.getByRole('button', { name: 'Mark as read' }).click();
  await page.goto('/');
  const before = await page.evaluate(() => localStorage.getItem('logout-lab:progress'));
  await expect(page.getByText(/^1 of \d lessons read\.$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo import' })).toBeHidden();

  await page.getByLabel('Import progress').setInputFiles(myFile);
  await expect(page.getByRole('status').filter({ hasText: 'Imported progress for 2 pages' })).toBeVisible();
  await expect(page.getByText(/^0 of \d lessons read\.$/)).toBeVisible();
  await expect(page.getByText(/Undo import puts back the progress you had before \(1 page\)/)).toBeVisible();

  // The offer survives a reload, and undo brings the lesson read before the import back.
  await page.reload();
  await page.getByRole('button', { name: 'Undo import' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Import undone: your earlier progress (1 page) is back.' }),
  ).toBeVisible();
  await expect(page.getByText(/^1 of \d lessons read\.$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo import' })).toBeHidden();
  expect(await page.evaluate(() => localStorage.getItem('logout-lab:progress'))).toBe(before);
  const left = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('logout-lab:progress:')),
  );
  expect(left).toEqual([]);

  // Keep: the offer and the copy go, the imported progress stays.
  await page.getByLabel('Import progress').setInputFiles(myFile);
  await page.getByRole('button', { name: 'Keep imported progress' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Kept the imported progress' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo import' })).toBeHidden();
  await expect(page.getByText(/^0 of \d lessons read\.$/)).toBeVisible();

  // Storage nearly full (other data of this origin): the copy for undo does not fit, so the import is refused.
  await page.evaluate(() => localStorage.clear());
  await page.goto(first ?? '/');
  await page.getByRole('button', { name: 'Mark as read' }).click();
  await page.goto('/');
  const saved = await page.evaluate(() => localStorage.getItem('logout-lab:progress'));
  await page.evaluate(() => {
    // Fill storage with as big a value as fits, then smaller ones, until nothing more does.
    let size = 1 << 22;
    for (let i = 0; size > 16; i += 1) {
      try {
        localStorage.setItem(`filler-${i}`, 'x'.repeat(size));
      } catch {
        size = Math.floor(size / 2);
      }
    }
  });
  await page.getByLabel('Import progress').setInputFiles(myFile);
  await expect(page.getByRole('alert')).toHaveText(
    'This file was not imported: it would replace your current progress, and this browser’s storage is too full to keep a copy of it for “Undo import”. Export your progress first (or free some space in this browser), then import again. Your current progress is unchanged.',
  );
  expect(await page.evaluate(() => localStorage.getItem('logout-lab:progress'))).toBe(saved);
  await expect(page.getByText(/^1 of \d lessons read\.$/)).toBeVisible();
  await page.evaluate(() => localStorage.clear());
});
