/**
 * The learner's own errors (issue 12): a handler that throws shows its error and
 * `routes/logout.ts:<line>` where the 500 would otherwise be all there is to read (the failing
 * check's card, the console's answer, the server log), and "Go to line" puts the editor's cursor
 * on that line.
 */
import { expectAccessible } from './helpers';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  editor,
  labFile,
  lessons,
  result,
  reveal,
  runChecks,
  send,
  setFile,
  showPanel,
  startLab,
} from './lab-helpers';

const lesson = lessons.l3;
const path = 'routes/logout.ts';
const starter = labFile(lesson, 'starter', path);
// The starter's TODO line becomes a read of a property of undefined, after type annotations and
// comments that move columns (the line is the learner's TypeScript line, not the engine's).
const todo = starter.split('\n').findIndex((l) => l.includes('// TODO'));
const throwing = starter
  .split('\n')
  .map((l, i) => (i === todo ? '    const x: { y: number } | undefined = undefined; x!.y;' : l))
  .join('\n');
const line = todo + 1;
const place = `${path}:${line}`;
const message = "TypeError: Cannot read properties of undefined (reading 'y')";

/** The line the editor's cursor is on, as its gutter marks it (highlightActiveLineGutter). */
function cursorLine(root: Locator): Locator {
  return root.locator('.cm-editor:visible .cm-activeLineGutter');
}

/** Moves the cursor to the top of the file, so "Go to line" has somewhere to move it from. */
async function cursorToTop(page: Page, root: Locator): Promise<void> {
  await editor(root, path).click();
  await page.keyboard.press('ControlOrMeta+Home');
  await expect(cursorLine(root)).toHaveText('1');
}

test.beforeAll(() => {
  // The test would prove nothing if the starter lost its TODO line or the line number were trivial.
  expect(todo, `lessons/${lesson}/lab/starter/${path} has a "// TODO" line`).toBeGreaterThan(2);
});

test('a handler that throws: the failing check, the console and the server log show routes/logout.ts:<line>, and "Go to line" goes there', async ({
  page,
}) => {
  const root = await startLab(page, lesson);
  await setFile(page, root, path, throwing);

  // The failing check's card: the error, the place, and the button.
  await runChecks(root);
  const card = await reveal(result(root, 'LO-05'));
  await expect(card.locator('.lab-badge')).toHaveText('Fail');
  const thrown = card.locator('.lab-thrown');
  await expect(thrown).toContainText(`Your code threw at ${place} (POST /logout): ${message}`);
  await cursorToTop(page, root);
  await thrown.getByRole('button', { name: `Go to line ${line}` }).click();
  await expect(editor(root, path)).toBeFocused();
  await expect(cursorLine(root)).toHaveText(String(line));

  // The server log says it once for the run, naming the checks that met it.
  await showPanel(root, 'Server log');
  const log = root.getByRole('log', { name: 'Server log' });
  const runLine = log.locator('.lab-log-error').filter({ hasText: 'failed while the checks ran (' });
  await expect(runLine).toHaveCount(1);
  await expect(runLine).toContainText(`POST /logout failed while the checks ran (`);
  await expect(runLine).toContainText(`LO-05`);
  await expect(runLine).toContainText(`your code threw at ${place}`);

  // A console request to the same handler: its answer says it too.
  await cursorToTop(page, root);
  await send(root, 'Log out (POST /logout)');
  const response = root.getByRole('region', { name: 'Response' });
  await expect(response).toContainText('POST /logout → 500');
  const answered = response.locator('.lab-thrown');
  await expect(answered).toContainText(`Your code threw at ${place} (POST /logout): ${message}`);
  await answered.getByRole('button', { name: `Go to line ${line}` }).click();
  await expect(editor(root, path)).toBeFocused();
  await expect(cursorLine(root)).toHaveText(String(line));

  // ...and so does the live server log, under the stack the server logged.
  await showPanel(root, 'Server log');
  const entry = log.locator('.lab-log-error').filter({ hasText: 'POST /logout failed: TypeError' });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(`${message}\n    at `);
  await expect(entry).toContainText(`your code threw at ${place}`);
  await cursorToTop(page, root);
  await entry.getByRole('button', { name: `Go to line ${line}` }).click();
  await expect(cursorLine(root)).toHaveText(String(line));

  // Shown everywhere at once, in both themes: no serious or critical axe violation (contrast included).
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, '[data-lab-root]');
  }

  // Fixed, the check passes and says nothing of an error.
  await setFile(page, root, path, labFile(lesson, 'solution', path));
  await runChecks(root);
  await expect(root.locator('.lab-checks .lab-thrown')).toHaveCount(0);
});
