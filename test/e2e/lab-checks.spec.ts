/**
 * The lab end to end in Chromium, on the built site: the Worker serving at once while a
 * WebContainer boots in the background (and fails: StackBlitz is unreachable here), the solution passing every check, and each lab's first mistake
 * failing exactly the checks its manifest names, with their hints (lab 2: its last, a login mistake).
 */
import { expect, test, type Locator } from '@playwright/test';
import {
  editor,
  lab,
  labFile,
  lessons,
  manifest,
  result,
  results,
  reveal,
  runChecks,
  setFile,
  setFiles,
  startLab,
} from './lab-helpers';

/** The runtime details under the status line, opened: what runs where, and the retry or switch. */
async function runtimeDetails(root: Locator): Promise<Locator> {
  const details = root.locator('details.lab-runtime');
  if ((await details.getAttribute('open')) === null)
    await details.getByText('How the lab runs', { exact: true }).click();
  return details;
}

/** Waits for the WebContainer's background boot to fail, as it does without StackBlitz. */
async function webContainerGaveUp(root: Locator): Promise<Locator> {
  const details = await runtimeDetails(root);
  await expect(details).toContainText(/WebContainers are unavailable here \(.+\)\./, { timeout: 15_000 });
  return details;
}

for (const lesson of [lessons.l3, lessons.l5, lessons.l6]) {
  test(`lesson ${lesson}: nothing of the lab loads before "Start lab"; then the Worker serves at once while a WebContainer tries in the background`, async ({
    page,
  }) => {
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script' || request.resourceType() === 'worker')
        scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`/lessons/${lesson}/`);
    const root = lab(page);
    await expect(root.getByRole('button', { name: 'Start lab' })).toBeEnabled();
    const before = [...scripts];
    expect(before.some((path) => /lab-worker|webcontainer|codemirror/i.test(path))).toBe(false);
    expect(await page.locator('logout-lab').count()).toBe(0);

    const started = Date.now();
    await root.getByRole('button', { name: 'Start lab' }).click();
    // No wait for a WebContainer: the learner can run checks while it boots (or fails to).
    await expect(root.getByRole('button', { name: 'Run checks' })).toBeEnabled({ timeout: 3000 });
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(root.getByRole('status')).toHaveText('Running in your browser.');
    expect(scripts.some((path) => path.includes('lab-worker'))).toBe(true);
    // The technical side, under a toggle, and no runtime button in the toolbar.
    const toolbar = root.getByRole('group', { name: 'Lab actions' });
    await expect(toolbar.getByRole('button', { name: /WebContainer/ })).toHaveCount(0);
    const details = await runtimeDetails(root);
    await expect(details).toContainText(/^How the lab runsThe server runs in a Web Worker/);
    // Booting fails here (StackBlitz is unreachable): only the details change.
    await webContainerGaveUp(root);
    await expect(root.getByRole('status')).toHaveText('Running in your browser.');
    await expect(root.getByRole('button', { name: 'Run checks' })).toBeEnabled();
    // It failed here: the lab offers a retry (saying what went wrong), not a plain "switch".
    await expect(details.getByRole('button', { name: 'Retry WebContainer' })).toHaveAttribute(
      'title',
      /^It did not start earlier in this tab: .+/,
    );
    await expect(root.getByRole('button', { name: 'Switch to a WebContainer' })).toHaveCount(0);
  });
}

test('checks run while the WebContainer still boots, and their results stay when its boot fails', async ({
  page,
}) => {
  const root = await startLab(page, lessons.l3, { runtime: 'auto' });
  await expect(root.locator('details.lab-runtime')).toContainText('is starting');
  await runChecks(root);
  const summary = await root.locator('.lab-summary').textContent();
  expect(summary).toMatch(/checks pass/);
  await webContainerGaveUp(root);
  await expect(root.locator('.lab-summary')).toHaveText(summary ?? '');
});

test('a failed WebContainer is remembered for the tab: after a reload it is not tried again and the details still say "Retry"', async ({
  page,
}) => {
  const root = await startLab(page, lessons.l5, { runtime: 'auto' });
  await webContainerGaveUp(root);
  await page.reload();
  await root.getByRole('button', { name: 'Start lab' }).click();
  await expect(root.getByRole('button', { name: 'Run checks' })).toBeEnabled({ timeout: 3000 });
  const details = await runtimeDetails(root);
  await expect(details).toContainText('not retried in this tab');
  await expect(details).not.toContainText('is starting');
  await expect(details.getByRole('button', { name: 'Retry WebContainer' })).toBeVisible();
  await expect(root.getByRole('button', { name: 'Switch to a WebContainer' })).toHaveCount(0);
});

test('"Retry WebContainer" really retries: the page reloads, the lab starts by itself with the draft, and boots a WebContainer afresh', async ({
  page,
}) => {
  const root = await startLab(page, lessons.l5, { runtime: 'auto' });
  const path = manifest(lessons.l5).editable[0] ?? '';
  const draft = `// my draft before the retry\n${labFile(lessons.l5, 'starter', path)}`;
  await setFile(page, root, path, draft);
  const details = await webContainerGaveUp(root);
  const retry = details.getByRole('button', { name: 'Retry WebContainer' });
  await expect(retry).toHaveAttribute('title', /Retrying reloads the page; your draft is saved\.$/);
  await Promise.all([page.waitForEvent('load'), retry.click()]);
  // No "Start lab" press: the reload was for this lab. Not "not retried in this tab": it tries again.
  await expect(root.getByRole('button', { name: 'Start lab' })).toBeHidden();
  await expect(root.getByRole('status')).toHaveText('Running in your browser.', { timeout: 15_000 });
  const again = await runtimeDetails(root);
  await expect(again).toContainText('is starting');
  await expect(editor(root, path)).toContainText('my draft before the retry');
  await webContainerGaveUp(root);
  await expect(again).not.toContainText('not retried in this tab');
  await expect(again.getByRole('button', { name: 'Retry WebContainer' })).toBeVisible();
  // Only once: a plain reload afterwards waits for Start lab again.
  await page.reload();
  await expect(root.getByRole('button', { name: 'Start lab' })).toBeEnabled();
  await expect(page.locator('logout-lab')).toHaveCount(0);
});

// Lab 2 mixes the logout catalog with the login checks: results still come LO first, then AU, and
// its login mistakes (the last ones listed) are shown failing the AU checks.
const pick: Record<string, 'first' | 'last'> = { [lessons.l2]: 'last' };
for (const lesson of [lessons.l2, lessons.l3, lessons.l5, lessons.l6]) {
  const { checks, mistakes } = manifest(lesson);
  const mistake = pick[lesson] === 'last' ? mistakes.at(-1) : mistakes[0];

  test(`lesson ${lesson}: the solution passes every check; the mistake "${mistake?.name}" fails its checks with hints`, async ({
    page,
  }) => {
    // These labs are picked for their mistakes: a lab that lost them must fail here, not pass half-tested.
    if (!mistake)
      throw new Error(
        `lessons/${lesson}/lab/lab.json lists no mistakes: this test needs one (a folder under lab/mistakes/ named in lab.json's "mistakes", see lessons/README.md)`,
      );
    const root = await startLab(page, lesson);
    await expect(
      root.getByRole('textbox', { name: manifest(lesson).editable[0] ?? '', exact: true }),
    ).toBeVisible();

    await setFiles(page, root, lesson, 'solution');
    await runChecks(root);
    await expect(root.locator('.lab-summary')).toContainText(
      `${checks.length} of ${checks.length} checks pass`,
    );
    const items = results(root);
    await expect(items).toHaveCount(checks.length);
    // Catalog order, each with its status (all of them folded into "N checks pass").
    expect(await items.evaluateAll((li) => li.map((el) => el.getAttribute('data-check')))).toEqual(checks);
    // The manifest's "provided" checks are said to be the server's, up front and on each result.
    const { provided = [] } = manifest(lesson) as { provided?: string[] };
    if (provided.length > 0)
      await expect(root.locator('.lab-provided')).toContainText(
        `${provided.join(', ')}: handled by the server in this lab.`,
      );
    else await expect(root.locator('.lab-provided')).toHaveCount(0);
    for (const id of provided)
      await expect(result(root, id).locator('.lab-tag-provided')).toHaveText(
        '(handled by the server in this lab)',
      );

    await setFiles(page, root, lesson, `mistakes/${mistake.name}`);
    await runChecks(root);
    for (const id of checks) {
      const item = result(root, id);
      if (mistake.fails.includes(id)) {
        await expect(item.locator('.lab-badge')).toHaveText('Fail');
        await expect(item.locator('.lab-result-hint')).toContainText(/^Hint: revisit .+ in Lesson \d/);
      } else {
        await expect(item.locator('.lab-badge')).not.toHaveText(/Fail|Error/);
      }
    }
    await expect(root.locator('.lab-summary')).toContainText(
      `${checks.length - mistake.fails.length} of ${checks.length} checks pass`,
    );
    // The failing check explains itself with its request trace.
    const failing = await reveal(result(root, mistake.fails[0] ?? ''));
    await failing.getByText(/^Request trace/).click();
    await expect(failing.locator('.lab-trace li').first()).toBeVisible();
  });
}

test('a completed lab is recorded in progress', async ({ page }) => {
  const root = await startLab(page, lessons.l3);
  await setFiles(page, root, lessons.l3, 'solution');
  await runChecks(root);
  const record = await page.evaluate(
    (id) => JSON.parse(localStorage.getItem('logout-lab:progress') ?? '{}').pages?.[id]?.lab,
    lessons.l3,
  );
  expect(record).toMatchObject({ completed: true });
});

test('a handler that throws: the failing check shows the learner’s own TypeError and its line, not only "500"', async ({
  page,
}) => {
  const root = await startLab(page, lessons.l3);
  const source = [
    'export default function (app) {',
    "  app.post('/logout', (c) => {",
    '    const user = undefined as unknown as { id: string };',
    '    return c.text(user.id);',
    '  });',
    '}',
    '',
  ].join('\n');
  await setFile(page, root, 'routes/logout.ts', source);
  await runChecks(root);
  // The first check that logs out reaches the handler: it fails with the 500 it got back.
  const card = root
    .getByRole('list', { name: 'Failing checks' })
    .locator('.lab-result-fail')
    .filter({ hasText: '500' })
    .first();
  await expect(card).toBeVisible();
  await card.getByText('Server log during this check').click();
  await expect(card.locator('.lab-result-logs pre')).toContainText(
    /POST \/logout failed: TypeError: Cannot read properties of undefined \(reading 'id'\)\n {4}at .*routes\/logout\.ts:4:\d+/,
  );
  // Only the learner's frames: no bundle URL or server path reaches them.
  await expect(card.locator('.lab-result-logs pre')).not.toContainText('/_astro/');
});

test('a file that throws while loading: the problem names its line, offers to go there, and blocks the checks', async ({
  page,
}) => {
  const root = await startLab(page, lessons.l3);
  await setFile(
    page,
    root,
    'routes/logout.ts',
    "const limit = 3;\nthrow new RangeError('no more than ' + limit);\nexport default function () {}\n",
  );
  await expect(root.locator('.lab-problem')).toContainText(
    'routes/logout.ts, line 2, column 7 did not load: the file threw while loading: RangeError: no more than 3',
  );
  await expect(root.locator('.lab-problem').getByRole('button', { name: 'Go to line 2' })).toBeVisible();
  await root.getByRole('button', { name: 'Run checks' }).click();
  await expect(root.locator('.lab-checks')).toContainText(
    'Fix routes/logout.ts (line 2, column 7) before running the checks: it did not load.',
  );
});
