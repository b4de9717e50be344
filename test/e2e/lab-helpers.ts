/** Shared steps of the lab browser tests (test/e2e/lab-*.spec.ts). */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

export const lessons = {
  l2: '02-authentication-basics',
  l3: '03-basic-logout-route',
  l5: '05-session-security',
  l6: '06-token-logout',
} as const;

interface Manifest {
  editable: string[];
  checks: string[];
  mistakes: { name: string; title: string; fails: string[] }[];
  /** Optional in lab.json; every lab of the course has them. */
  hints: string[];
  learnt: string[];
}

export function manifest(lesson: string): Manifest {
  return JSON.parse(
    readFileSync(new URL(`../../lessons/${lesson}/lab/lab.json`, import.meta.url), 'utf8'),
  ) as Manifest;
}

/** A lab file from disk: starter, solution, or `mistakes/<name>` (falling back to the solution). */
export function labFile(lesson: string, kind: string, path: string): string {
  const read = (k: string) =>
    readFileSync(new URL(`../../lessons/${lesson}/lab/${k}/${path}`, import.meta.url), 'utf8');
  try {
    return read(kind);
  } catch (error) {
    if (kind.startsWith('mistakes/')) return read('solution');
    throw error;
  }
}

export function lab(page: Page): Locator {
  return page.locator('[data-lab-root]');
}

/**
 * Opens a lesson and presses "Start lab". `runtime: 'worker'` skips the WebContainer attempt
 * (?lab-runtime=worker), which cannot boot here anyway, so most tests don't wait for its timeout.
 */
export async function startLab(
  page: Page,
  lesson: string,
  options: { runtime?: 'auto' | 'worker' } = {},
): Promise<Locator> {
  const query = options.runtime === 'auto' ? '' : '?lab-runtime=worker';
  await page.goto(`/lessons/${lesson}/${query}`);
  const root = lab(page);
  await root.getByRole('button', { name: 'Start lab' }).click();
  await expect(root.getByRole('status')).toContainText('Running in your browser', { timeout: 10_000 });
  await expect(root.getByRole('button', { name: 'Run checks' })).toBeEnabled();
  // The preview's first page sets cookies in the shared jar: let it land before the test acts.
  await expect(root.locator('.lab-trail')).toContainText('GET / →', { timeout: 10_000 });
  return root;
}

export function editor(root: Locator, path: string): Locator {
  return root.getByRole('textbox', { name: path, exact: true });
}

/**
 * Replaces a file's whole text the way a person would: select all, then paste (one edit, so one
 * restart). Then waits until the server runs it: a restart that lands during the test's next step
 * would drop a signed-cookie lab's sessions (a new secret) or a preview page in flight.
 */
export async function setFile(page: Page, root: Locator, path: string, text: string): Promise<void> {
  await root.getByRole('tab', { name: path, exact: true }).click();
  const box = editor(root, path);
  await box.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  await settled(root);
}

/** Waits until no edit is waiting for a restart and no restart is running. */
export async function settled(root: Locator): Promise<void> {
  const element = root.locator('logout-lab');
  await expect(element).toHaveAttribute('data-applying', 'false', { timeout: 15_000 });
}

export async function setFiles(page: Page, root: Locator, lesson: string, kind: string): Promise<void> {
  for (const path of manifest(lesson).editable) await setFile(page, root, path, labFile(lesson, kind, path));
}

export async function runChecks(root: Locator): Promise<void> {
  await root.getByRole('button', { name: 'Run checks' }).click();
  await expect(root.locator('.lab-summary')).toContainText(/\d+ of \d+ checks pass/, { timeout: 20_000 });
}

/**
 * Every result card, wherever the results view put it: failures first, the checks a broken step
 * stopped folded under its banner, passes folded into "N checks pass". Folded cards are in the
 * DOM but hidden: read them (text, attributes) here, or `reveal` one before clicking in it.
 */
export function results(root: Locator): Locator {
  return root.locator('.lab-checks .lab-result');
}

export function result(root: Locator, id: string): Locator {
  return root.locator(`.lab-checks .lab-result[data-check="${id}"]`);
}

/** Opens, as a person would, every folded <details> around a result card; returns the card. */
export async function reveal(item: Locator): Promise<Locator> {
  const closed = item.locator('xpath=ancestor::details[not(@open)]/summary');
  // Outermost first: an inner summary is not clickable while its parent is closed.
  for (let n = await closed.count(); n > 0; n = await closed.count()) await closed.first().click();
  await expect(item).toBeVisible();
  return item;
}

/** The workbench's result tabs (ui/workbench): one panel is shown at a time. */
export type Panel = 'Checks' | 'Console' | 'Preview' | 'Server log';

/** Brings a result panel to the front, as a person would: by its tab. */
export async function showPanel(root: Locator, name: Panel): Promise<void> {
  const tab = root.getByRole('tablist', { name: 'Lab panels' }).getByRole('tab', { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/** Fills the console from an example button and sends it (opening the Console tab first). */
export async function send(root: Locator, example: string): Promise<void> {
  await showPanel(root, 'Console');
  await root.getByRole('group', { name: 'Example requests' }).getByRole('button', { name: example }).click();
  await root.getByRole('button', { name: 'Send', exact: true }).click();
}
