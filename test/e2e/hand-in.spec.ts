/**
 * Hand-ins end to end: what the lab page shows after "Run checks", exported with "Export my work"
 * and graded by `npm run lab -- grade`, must be the same verdict check by check, for a failing
 * draft (the starter) and a passing one (the solution). A hand-in edited by hand with its old hash
 * is flagged tampered, and the drafts inside "Export progress" grade too.
 *
 * The grader runs as a real CLI (tsx scripts/lab.ts) with the sandboxed child process, so this
 * is the path an instructor takes, not a call into the module.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { lessons, manifest, results, runChecks, setFiles, showPanel, startLab } from './lab-helpers';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');

interface Row {
  student: string;
  verdict: 'pass' | 'fail' | 'broken' | 'tampered';
  passed: number;
  total: number;
  reason?: string;
  notes: string[];
  results: { id: string; status: string }[];
}

/** Runs `lab grade <lesson> --submissions <dir> --format json --out <file>` and reads the report. */
async function grade(lesson: string, dir: string): Promise<Row[]> {
  const out = join(dir, '..', `${Date.now()}-report.json`);
  const { stderr } = await run(
    tsx,
    ['scripts/lab.ts', 'grade', lesson, '--submissions', dir, '--format', 'json', '--out', out],
    {
      cwd: root,
      timeout: 90_000,
    },
  ).catch((error: unknown) => {
    throw new Error(`lab grade failed: ${String(error)}`);
  });
  const report = JSON.parse(await readFile(out, 'utf8')) as { rows: Row[] };
  expect(report.rows.length, `rows in the report (grader said: ${stderr})`).toBeGreaterThan(0);
  return report.rows;
}

/** The verdict as the page shows it: "N of M checks pass" and each check's badge. */
async function shownVerdict(
  labRoot: Locator,
): Promise<{ passed: number; total: number; statuses: Record<string, string> }> {
  const text = (await labRoot.locator('.lab-summary').textContent()) ?? '';
  const match = /(\d+) of (\d+) checks pass/.exec(text);
  expect(match, `summary "${text}"`).not.toBeNull();
  // Every card, folded ones included (the passes, the checks a broken step stopped).
  const items = results(labRoot);
  const statuses = Object.fromEntries(
    await items.evaluateAll((li) =>
      li.map((el) => [
        el.getAttribute('data-check') ?? '',
        el.querySelector('.lab-badge')?.textContent ?? '',
      ]),
    ),
  ) as Record<string, string>;
  return { passed: Number(match![1]), total: Number(match![2]), statuses };
}

const badge: Record<string, string> = { pass: 'Pass', fail: 'Fail', error: 'Error', advisory: 'Advice' };

async function exportWork(page: Page, labRoot: Locator, file: string): Promise<void> {
  const downloading = page.waitForEvent('download');
  await labRoot.getByRole('button', { name: 'Export my work' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(
    /^logout-lab-hand-in-\d{2}-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.json$/,
  );
  await download.saveAs(file);
}

test.describe.configure({ timeout: 180_000 });

for (const kind of ['starter', 'solution'] as const) {
  test(`lesson 3, the ${kind}: "Export my work" is graded by lab grade with the verdict the page showed`, async ({
    page,
  }, testInfo) => {
    const lesson = lessons.l3;
    const labRoot = await startLab(page, lesson);
    await setFiles(page, labRoot, lesson, kind);
    await runChecks(labRoot);
    const shown = await shownVerdict(labRoot);
    const { checks } = manifest(lesson);
    // Every check of the lab, once (the page shows failures first, so not in catalog order).
    expect(Object.keys(shown.statuses).sort()).toEqual([...checks].sort());
    // The starter must really fail something, or this would compare two passes.
    if (kind === 'starter') expect(shown.passed).toBeLessThan(shown.total);
    else expect(shown.passed).toBe(shown.total);

    const dir = testInfo.outputPath('class');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `ada-${kind}.json`);
    await exportWork(page, labRoot, file);
    await expect(labRoot.getByText('Your work was exported as one file.')).toBeVisible();
    const handIn = JSON.parse(await readFile(file, 'utf8')) as {
      lab: string;
      sha256: string;
      files: Record<string, string>;
      claimed?: { passed: number; total: number };
    };
    expect(handIn.lab).toBe(lesson);
    expect(handIn.claimed).toMatchObject({ passed: shown.passed, total: shown.total });

    const [row] = await grade('3', dir);
    expect(row?.student).toBe(`ada-${kind}`);
    expect(row?.verdict).toBe(kind === 'solution' ? 'pass' : 'fail');
    expect({ passed: row?.passed, total: row?.total }).toEqual({ passed: shown.passed, total: shown.total });
    const graded = Object.fromEntries((row?.results ?? []).map((r) => [r.id, badge[r.status] ?? r.status]));
    expect(graded).toEqual(shown.statuses);

    // Edited by hand afterwards, the old hash left in: flagged, whatever the checks say.
    const edited = { ...handIn, files: { ...handIn.files } };
    const path = Object.keys(edited.files)[0]!;
    edited.files[path] = `${edited.files[path]}\n// edited after the export\n`;
    await writeFile(file, JSON.stringify(edited, null, 2));
    const [tampered] = await grade('3', dir);
    expect(tampered?.verdict).toBe('tampered');
    expect(tampered?.reason).toMatch(/tampered: the files do not match/);
  });
}

test('lesson 5: the drafts inside "Export progress" are a gradable hand-in with the page\'s verdict', async ({
  page,
}, testInfo) => {
  const lesson = lessons.l5;
  const labRoot = await startLab(page, lesson);
  await setFiles(page, labRoot, lesson, 'solution');
  await runChecks(labRoot);
  const shown = await shownVerdict(labRoot);
  expect(shown.passed).toBe(shown.total);
  // The draft is saved as the learner types; wait until it is in storage with every file.
  await expect
    .poll(() =>
      page.evaluate(
        (key) =>
          Object.keys((JSON.parse(localStorage.getItem(key) ?? '{}') as { files?: object }).files ?? {})
            .length,
        `logout-lab:draft:${lesson}`,
      ),
    )
    .toBe(manifest(lesson).editable.length);

  await page.goto('/');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress' }).click();
  const dir = testInfo.outputPath('class');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'grace.json');
  await (await downloading).saveAs(file);
  const exported = JSON.parse(await readFile(file, 'utf8')) as {
    format: string;
    handIns?: { lab: string }[];
  };
  expect(exported.format).toBe('logout-lab-progress');
  expect(exported.handIns?.map((h) => h.lab)).toContain(lesson);

  const [row] = await grade('5', dir);
  expect(row?.student).toBe('grace');
  expect(row?.verdict).toBe('pass');
  expect({ passed: row?.passed, total: row?.total }).toEqual({ passed: shown.passed, total: shown.total });
  const graded = Object.fromEntries((row?.results ?? []).map((r) => [r.id, badge[r.status] ?? r.status]));
  expect(graded).toEqual(shown.statuses);
});

test('at 390 px the lab toolbar keeps "Export my work" on screen and the page does not scroll sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const labRoot = await startLab(page, lessons.l3);
  const button = labRoot.getByRole('button', { name: 'Export my work' });
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  // The console's "Sent from" select was as wide as its longest option and pushed the page out.
  await showPanel(labRoot, 'Console');
  await expect(labRoot.getByRole('combobox', { name: 'Sent from' })).toBeVisible();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBe(0);
});
