/**
 * Help while typing in the lab editor (src/lab/completions): completions with their signature and
 * doc, accepted with Enter; `(` closes itself; a syntax error is squiggled at the reported line and
 * the squiggle goes when it is fixed. The tooltip is readable (4.5:1) and axe-clean in both themes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { editor, labFile, lessons, setFile, startLab } from './lab-helpers';

const path = 'routes/logout.ts';
/** A small lab 3 file: line 4 opens the handler, where the tests type. */
const handler = `import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    return c.redirect('/', 303);
  });
}
`;

/** Starts lab 3 with `handler`, puts the cursor on a new line in the handler, waits for the typing help. */
async function typeInHandler(page: Page): Promise<Locator> {
  const root = await startLab(page, lessons.l3);
  await setFile(page, root, path, handler);
  // The click (setFile's) loaded the typing help; from here `(` closes and completions pop up.
  await expect(root.locator('.lab-editor')).toHaveAttribute('data-help', 'ready');
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  return root;
}

/**
 * A person's pause before Enter or an arrow key: CodeMirror ignores both for 75 ms after the list
 * changes (its interactionDelay), so a key pressed at once would insert a newline or move the cursor.
 */
const glance = (page: Page) => page.waitForTimeout(150);

/** The editor's line (1-based) that holds `locator`, and its text. */
function lineOf(locator: Locator) {
  return locator.evaluate((element) => {
    const line = element.closest('.cm-line') as HTMLElement;
    const lines = [...(line.parentElement?.querySelectorAll(':scope > .cm-line') ?? [])];
    return { number: lines.indexOf(line) + 1, text: line.textContent ?? '' };
  });
}

test('c. offers the context methods with signature and doc, Enter accepts, ( closes itself', async ({
  page,
}) => {
  const root = await typeInHandler(page);
  await page.keyboard.type('c.redi');
  const list = root.locator('.cm-tooltip-autocomplete');
  const option = list.getByRole('option', { name: /redirect/ });
  await expect(option).toBeVisible();
  // The signature beside the name, from Hono's declarations.
  await expect(option.locator('.cm-completionDetail')).toContainText('(location: string | URL, status?: T)');
  // The doc comment and Hono's example in the info panel.
  const info = root.locator('.cm-completionInfo');
  await expect(info).toContainText('can Redirect, default status code is 302');
  await expect(info.locator('pre')).toContainText("return c.redirect('/')");
  await glance(page);
  await page.keyboard.press('Enter');
  await expect(list).toBeHidden();
  await page.keyboard.type('(');
  const box = editor(root, path);
  await expect(box).toContainText('c.redirect()');
  // The cursor sits between the brackets: what is typed next goes inside.
  await page.keyboard.type("'/x'");
  await expect(box).toContainText("c.redirect('/x')");

  // Members follow the expression: the session's after c.get('session'), with the sandbox's own doc.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  // closeBrackets types the closing `')` and steps over them when they are typed.
  await page.keyboard.type("c.get('session').des");
  await expect(box).toContainText("c.get('session').des");
  await expect(list.getByRole('option', { name: /destroy/ })).toBeVisible();
  await expect(info).toContainText('End the session now');
  await glance(page);
  await page.keyboard.press('Enter');
  await expect(box).toContainText("c.get('session').destroy");
});

test('a syntax error is squiggled at the reported line and the squiggle goes once it is fixed', async ({
  page,
}) => {
  const root = await startLab(page, lessons.l3);
  const solution = labFile(lessons.l3, 'solution', path);
  const broken = solution.replace("pop('userId');", "pop('userId';");
  expect(broken).not.toBe(solution);
  const line = broken.split('\n').findIndex((l) => l.includes("pop('userId';")) + 1;
  await setFile(page, root, path, broken);
  const alert = root.getByRole('alert');
  await expect(alert).toContainText(`Syntax error in ${path}, line ${line}, column`);
  const squiggle = root.locator('.lab-editor-panel:not([hidden]) .cm-lintRange-error');
  await expect(squiggle).toHaveCount(1);
  expect(await lineOf(squiggle)).toEqual({ number: line, text: expect.stringContaining("pop('userId';") });
  // Hovered, it says what the runtime said.
  const message = /Syntax error in [^:]+: (.*)\. The server keeps running/.exec(
    (await alert.textContent()) ?? '',
  )?.[1];
  expect(message).toBeTruthy();
  await squiggle.hover();
  await expect(root.locator('.cm-tooltip-lint')).toContainText(message!);

  await setFile(page, root, path, solution);
  await expect(alert).toBeHidden();
  await expect(squiggle).toHaveCount(0);
});

test('the typing help loads with the first click in the editor, the lint package with the first problem', async ({
  page,
}) => {
  // What the page downloaded, by content (chunk names are the bundler's business): the completion
  // list's and the squiggle's own CSS are in those packages' code and nowhere else.
  const scripts: Promise<string>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response.text().catch(() => ''));
  });
  const loaded = async (marker: string) => (await Promise.all(scripts)).some((text) => text.includes(marker));
  const completions = 'cm-completionListIncompleteTop';
  const lint = 'cm-lintRange-error';
  const root = await startLab(page, lessons.l3);
  expect(await loaded(completions)).toBe(false);
  expect(await loaded(lint)).toBe(false);
  await editor(root, path).click();
  await expect(root.locator('.lab-editor')).toHaveAttribute('data-help', 'ready');
  expect(await loaded(completions)).toBe(true);
  expect(await loaded(lint)).toBe(false);
  await setFile(page, root, path, handler.replace("'/', 303)", "'/', 303"));
  await expect(root.locator('.cm-lintRange-error')).toHaveCount(1);
  expect(await loaded(lint)).toBe(true);
});

/** Every text element in the open tooltips against its composited background: the ratios under 4.5. */
function lowContrast(root: Locator) {
  return root.locator('.cm-tooltip-autocomplete').evaluate((list) => {
    const parse = (css: string): number[] => {
      const m = /rgba?\(([^)]+)\)/.exec(css);
      if (!m?.[1]) throw new Error(`unexpected colour ${css}`);
      const [r = 0, g = 0, b = 0, a = 1] = m[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [r, g, b, a];
    };
    const background = (from: Element): number[] => {
      const layers: number[][] = [];
      for (let at: Element | null = from; at; at = at.parentElement) {
        const layer = parse(getComputedStyle(at).backgroundColor);
        if (layer[3] === 0) continue;
        layers.push(layer);
        if (layer[3] === 1) break;
      }
      let rgb = [255, 255, 255];
      for (const [r = 0, g = 0, b = 0, a = 1] of layers.reverse())
        rgb = [r * a + rgb[0]! * (1 - a), g * a + rgb[1]! * (1 - a), b * a + rgb[2]! * (1 - a)];
      return rgb;
    };
    const luminance = (rgb: number[]): number => {
      const [r = 0, g = 0, b = 0] = rgb.map((v) => {
        const c = v / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const low: string[] = [];
    let count = 0;
    const editorRoot = list.closest('.cm-editor') as Element;
    for (const node of editorRoot.querySelectorAll(
      '.cm-tooltip-autocomplete li, .cm-tooltip-autocomplete li *, .cm-completionInfo, .cm-completionInfo *',
    )) {
      if (![...node.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim())) continue;
      const style = getComputedStyle(node);
      const [r = 0, g = 0, b = 0, a = 1] = parse(style.color);
      const bg = background(node);
      const alpha = a * Number(style.opacity);
      const fg = [
        r * alpha + bg[0]! * (1 - alpha),
        g * alpha + bg[1]! * (1 - alpha),
        b * alpha + bg[2]! * (1 - alpha),
      ];
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x) as [number, number];
      const ratio = (hi + 0.05) / (lo + 0.05);
      count++;
      if (ratio < 4.5)
        low.push(`"${node.textContent?.trim().slice(0, 30)}" (${node.className}): ${ratio.toFixed(2)}`);
    }
    return { count, low };
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme}: the completion tooltip is readable (4.5:1) and axe finds nothing with it open`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const root = await typeInHandler(page);
    await page.keyboard.type('c.');
    await expect(root.locator('.cm-tooltip-autocomplete')).toBeVisible();
    await expect(root.locator('.cm-completionInfo')).toBeVisible();
    // The first option is selected (highlighted); another one below it is not: both are measured.
    await glance(page);
    await page.keyboard.press('ArrowDown');
    await expect(root.locator('.cm-completionInfo')).toBeVisible();
    const measured = await lowContrast(root);
    expect(measured.count).toBeGreaterThan(10);
    expect(measured.low).toEqual([]);
    const results = await new AxeBuilder({ page }).include('.lab-editor').analyze();
    expect(
      results.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
    ).toEqual([]);
  });
}
