/**
 * What a learner can break, and how the lab keeps their work: endless loops are stopped, syntax
 * errors name their line, drafts survive reloads, reset and solution can be undone, the editor is
 * usable from the keyboard.
 */
import { expect, test } from '@playwright/test';
import { editor, labFile, lessons, result, runChecks, setFile, startLab } from './lab-helpers';

const lesson = lessons.l3;
const path = 'routes/logout.ts';
const solution = labFile(lesson, 'solution', path);
const starter = labFile(lesson, 'starter', path);
const text = (locator: ReturnType<typeof editor>) => locator.evaluate((el) => (el as HTMLElement).innerText.replace(/\u00a0/g, ' '));

test('an endless loop is stopped, explained, and the next run works', async ({ page }) => {
  const root = await startLab(page, lesson);
  await setFile(page, root, path, solution.replace("c.get('session').pop('userId');", "c.get('session').pop('userId');\n    while (true) {}"));
  await runChecks(root);
  const stopped = root.getByRole('list', { name: 'Check results' }).getByText(/^Stopped: your code did not finish check LO-\d+ within 3 seconds/);
  await expect(stopped).toBeVisible();
  await expect(root.getByRole('alert')).toContainText('endless loop');
  await expect(root.getByRole('list', { name: 'Check results' }).getByText(/^Not run: the lab restarted the server/).first()).toBeVisible();

  await setFile(page, root, path, solution);
  await runChecks(root);
  await expect(root.locator('.lab-summary')).toContainText('7 of 7 checks pass');
  await expect(root.getByRole('alert')).toBeHidden();
});

test('a syntax error names its file, line and column, and blocks the checks until fixed', async ({ page }) => {
  const root = await startLab(page, lesson);
  const broken = solution.replace("c.get('session').pop('userId');", "c.get('session').pop('userId';");
  const line = broken.split('\n').findIndex((l) => l.includes("pop('userId';")) + 1;
  await setFile(page, root, path, broken);
  const alert = root.getByRole('alert');
  await expect(alert).toContainText(`Syntax error in ${path}, line ${line}, column`);
  await root.getByRole('button', { name: 'Run checks' }).click();
  await expect(root.locator('.lab-checks-message')).toContainText(`Fix the syntax error in ${path} (line ${line}`);
  await alert.getByRole('button', { name: `Go to line ${line}` }).click();
  await expect(editor(root, path)).toBeFocused();

  await setFile(page, root, path, solution);
  await expect(alert).toBeHidden();
  await runChecks(root);
  await expect(result(root, 'LO-05').locator('.lab-badge')).toHaveText('Pass');
});

test('the draft survives a reload; reset and show solution can both be undone', async ({ page }) => {
  let root = await startLab(page, lesson);
  const mine = `${starter}\n// my note 42\n`;
  await setFile(page, root, path, mine);
  await expect.poll(() => page.evaluate((id) => localStorage.getItem(`logout-lab:draft:${id}`) ?? '', lesson)).toContain('my note 42');

  await page.reload();
  root = await startLab(page, lesson);
  await expect(root.getByText(/Your draft from .* is back/)).toBeVisible();
  expect(await text(editor(root, path))).toContain('// my note 42');

  await root.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => text(editor(root, path))).not.toContain('my note 42');
  await root.getByRole('button', { name: 'Undo reset' }).click();
  await expect.poll(() => text(editor(root, path))).toContain('// my note 42');

  await root.getByRole('button', { name: 'Show solution' }).click();
  const dialog = page.getByRole('dialog', { name: 'Replace your code with the reference solution?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await text(editor(root, path))).toContain('// my note 42');
  await root.getByRole('button', { name: 'Show solution' }).click();
  await dialog.getByRole('button', { name: 'Replace with the solution' }).click();
  await expect.poll(() => text(editor(root, path))).toContain("pop('userId')");
  await runChecks(root);
  await expect(root.locator('.lab-summary')).toContainText('7 of 7 checks pass');
  await root.getByRole('button', { name: 'Restore my draft' }).click();
  await expect.poll(() => text(editor(root, path))).toContain('// my note 42');
});

test('editor: labelled by path, Tab indents, Escape then Tab leaves; read-only files cannot be edited', async ({ page }) => {
  const root = await startLab(page, lessons.l5);
  const box = editor(root, 'routes/logout.ts');
  await box.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Tab');
  await expect(box).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(box).not.toBeFocused();

  await root.getByRole('tab', { name: 'session/index.ts (read-only)' }).click();
  const readonly = editor(root, 'sandbox-server/src/session/index.ts (read-only)');
  await expect(readonly).toBeVisible();
  await expect(readonly).toHaveAttribute('contenteditable', 'false');
  await expect(readonly).toContainText('export');
});
