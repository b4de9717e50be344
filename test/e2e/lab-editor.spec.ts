/**
 * What a learner can break, and how the lab keeps their work: endless loops are stopped, syntax
 * errors name their line, drafts survive reloads, reset and solution can be undone (twice in a row
 * too), the editor is usable from the keyboard. Lessons 3, 5 and 6: one cookie-session, one
 * server-session and one token lab, each with its own files.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  editor,
  labFile,
  lessons,
  manifest,
  result,
  runChecks,
  setFile,
  setFiles,
  startLab,
} from './lab-helpers';

/**
 * The text an editor shows, top to bottom. CodeMirror renders only the lines near its viewport,
 * and wrapped lines take more height, so the editor is scrolled through and every stretch kept
 * (a line may appear twice: the callers only ask whether a line is there).
 */
const text = (locator: ReturnType<typeof editor>) =>
  locator.evaluate(async (el) => {
    const scroller = el.closest('.cm-scroller') as HTMLElement;
    // CodeMirror renders for the part of the window it is in, so it has to be on screen (at once:
    // the page scrolls smoothly).
    scroller.scrollIntoView({ block: 'center', behavior: 'instant' });
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const seen: string[] = [];
    const start = scroller.scrollTop;
    for (let top = 0; ; top += scroller.clientHeight / 2) {
      scroller.scrollTop = top;
      await frame();
      seen.push((el as HTMLElement).innerText.replace(/\u00a0/g, ' '));
      if (top + scroller.clientHeight >= scroller.scrollHeight) break;
    }
    scroller.scrollTop = start;
    return seen.join('\n');
  });

/** Per lab: a statement of the solution to break, how to break it, and a check that needs it. */
const cases = [
  {
    lesson: lessons.l3,
    path: 'routes/logout.ts',
    statement: "c.get('session').pop('userId');",
    broken: "c.get('session').pop('userId';",
    probe: 'LO-05',
  },
  {
    lesson: lessons.l5,
    path: 'routes/logout.ts',
    statement: 'session.destroy();',
    broken: 'session.destroy(;',
    probe: 'LO-04',
  },
  {
    lesson: lessons.l6,
    path: 'routes/api-logout.ts',
    statement: 'if (claims) tokens.denylist.add(claims.jti, claims.exp);',
    broken: 'if (claims) tokens.denylist.add(claims.jti, claims.exp;',
    probe: 'LO-21',
  },
];

for (const { lesson, path, statement, broken, probe } of cases) {
  const solution = labFile(lesson, 'solution', path);
  const starter = labFile(lesson, 'starter', path);
  const total = manifest(lesson).checks.length;
  if (!solution.includes(statement))
    throw new Error(`${lesson}: the solution of ${path} no longer contains ${statement}; update this spec`);

  test.describe(`lesson ${lesson}`, () => {
    test('an endless loop is stopped, explained, and the next run works', async ({ page }) => {
      const root = await startLab(page, lesson);
      await setFiles(page, root, lesson, 'solution');
      await setFile(page, root, path, solution.replace(statement, `${statement}\n    while (true) {}`));
      await runChecks(root);
      // The stuck check is a failure card; the ones it kept from running share one banner.
      const list = root.locator('.lab-checks');
      // A check has the runner's 3 s plus the watchdog's 1 s grace, and the message says so.
      await expect(
        list.getByText(/^Stopped: your code did not finish check LO-\d+ within 4 seconds/),
      ).toBeVisible();
      await expect(root.getByRole('alert')).toContainText('endless loop');
      await expect(
        list.getByText(/^Not run: the lab stopped the server running the checks/).first(),
      ).toBeVisible();

      await setFile(page, root, path, solution);
      await runChecks(root);
      await expect(root.locator('.lab-summary')).toContainText(`${total} of ${total} checks pass`);
      await expect(root.getByRole('alert')).toBeHidden();
    });

    test('a syntax error names its file, line and column, and blocks the checks until fixed', async ({
      page,
    }) => {
      const root = await startLab(page, lesson);
      await setFiles(page, root, lesson, 'solution');
      const source = solution.replace(statement, broken);
      const line = source.split('\n').findIndex((l) => l.includes(broken)) + 1;
      await setFile(page, root, path, source);
      const alert = root.getByRole('alert');
      await expect(alert).toContainText(`Syntax error in ${path}, line ${line}, column`);
      await root.getByRole('button', { name: 'Run checks' }).click();
      await expect(root.locator('.lab-checks-message')).toContainText(
        `Fix the syntax error in ${path} (line ${line}`,
      );
      await alert.getByRole('button', { name: `Go to line ${line}` }).click();
      await expect(editor(root, path)).toBeFocused();

      await setFile(page, root, path, solution);
      await expect(alert).toBeHidden();
      await runChecks(root);
      await expect(result(root, probe).locator('.lab-badge')).toHaveText('Pass');
    });

    test('the draft survives a reload; reset (even twice) and show solution can be undone', async ({
      page,
    }) => {
      const note = '// my note 42';
      const open = () => startLab(page, lesson);
      const code = () => text(editor(root, path));
      const restart = async (p: Page) => {
        await p.reload();
        root = await open();
      };
      let root = await open();
      await setFile(page, root, path, `${starter}\n${note}\n`);
      await expect
        .poll(() => page.evaluate((id) => localStorage.getItem(`logout-lab:draft:${id}`) ?? '', lesson))
        .toContain('my note 42');

      await restart(page);
      await expect(root.getByText(/Your draft from .* is back/)).toBeVisible();
      expect(await code()).toContain(note);

      // Reset twice: the second reset replaces only the starter, so the note must stay restorable,
      // across a reload too (the autosaved draft now holds the starter).
      await root.getByRole('button', { name: 'Reset', exact: true }).click();
      await expect.poll(code).not.toContain(note);
      await root.getByRole('button', { name: 'Reset', exact: true }).click();
      await restart(page);
      expect(await code()).not.toContain(note);
      await root.getByRole('button', { name: 'Undo reset' }).click();
      await expect.poll(code).toContain(note);

      const dialog = page.getByRole('dialog', { name: 'Replace your code with the reference solution?' });
      const showSolution = async () => {
        await root.getByRole('button', { name: 'Show solution' }).click();
        await dialog.getByRole('button', { name: 'Replace with the solution' }).click();
      };
      await root.getByRole('button', { name: 'Show solution' }).click();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(await code()).toContain(note);
      // Twice in a row, and the draft is still one click away.
      await showSolution();
      await expect.poll(code).toContain(statement);
      await showSolution();
      await runChecks(root);
      await expect(root.locator('.lab-summary')).toContainText(`${total} of ${total} checks pass`);
      await root.getByRole('button', { name: 'Restore my draft' }).click();
      await expect.poll(code).toContain(note);

      // Show solution, then Reset: still the draft, offered as the draft.
      await showSolution();
      await expect.poll(code).toContain(statement);
      await root.getByRole('button', { name: 'Reset', exact: true }).click();
      await expect.poll(code).not.toContain(statement);
      await root.getByRole('button', { name: 'Restore my draft' }).click();
      await expect.poll(code).toContain(note);
    });
  });
}

test('editor: labelled by path, Tab indents, Escape then Tab leaves; read-only files cannot be edited', async ({
  page,
}) => {
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
  // The file opens with a long comment, which wraps: its code starts below the first screenful.
  await readonly.evaluate((el) =>
    el.closest('.cm-scroller')?.scrollIntoView({ block: 'start', behavior: 'instant' }),
  );
  await expect(readonly).toContainText('export');
});
