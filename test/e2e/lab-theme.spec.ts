/**
 * The lab editor is readable in both site themes: every token the editor renders in lab 5's files
 * has at least 4.5:1 contrast (WCAG AA) on the background it sits on, the palette follows the
 * theme toggle live, axe finds nothing with every panel open, and lines wrap at phone width.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { lessons, manifest, runChecks, send, showPanel, startLab } from './lab-helpers';

type Scheme = 'light' | 'dark';
const schemes: Scheme[] = ['light', 'dark'];
const l5 = manifest(lessons.l5) as ReturnType<typeof manifest> & { readonly: string[] };
const tabNames = [...l5.editable, ...l5.readonly.map((path) => `${path} (read-only)`)];

interface Measured {
  min: number;
  count: number;
  low: string[];
}

/**
 * Scrolls the visible editor from top to bottom (CodeMirror renders only what is near the
 * viewport) and measures every token span, every line's own text and every line number against
 * its effective background: the first opaque background up the tree, with translucent ones
 * composited over it.
 */
async function measureEditor(panel: Locator): Promise<Measured> {
  return panel.evaluate(async (element) => {
    const parse = (css: string): [number, number, number, number] => {
      const m = /rgba?\(([^)]+)\)/.exec(css);
      if (!m?.[1]) throw new Error(`unexpected colour ${css}`);
      const [r = 0, g = 0, b = 0, a = 1] = m[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [r, g, b, a];
    };
    const background = (from: Element): [number, number, number] => {
      const layers: [number, number, number, number][] = [];
      for (let at: Element | null = from; at; at = at.parentElement) {
        const layer = parse(getComputedStyle(at).backgroundColor);
        if (layer[3] === 0) continue;
        layers.push(layer);
        if (layer[3] === 1) break;
      }
      let [r, g, b] = [255, 255, 255];
      for (const [lr, lg, lb, la] of layers.reverse()) {
        r = lr * la + r * (1 - la);
        g = lg * la + g * (1 - la);
        b = lb * la + b * (1 - la);
      }
      return [r, g, b];
    };
    const luminance = ([r, g, b]: number[]): number => {
      const [lr = 0, lg = 0, lb = 0] = [r, g, b].map((v = 0) => {
        const c = v / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
    };
    const ratio = (node: Element): number => {
      const [r, g, b, a] = parse(getComputedStyle(node).color);
      const bg = background(node);
      const fg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

    const scroller = element.querySelector('.cm-scroller');
    if (!scroller) throw new Error('no editor');
    // CodeMirror renders for the part of the window it is in (the page scrolls smoothly: at once).
    scroller.scrollIntoView({ block: 'center', behavior: 'instant' });
    const seen = new Set<Element>();
    const result = { min: Infinity, count: 0, low: [] as string[] };
    const measure = (node: Element, label: string): void => {
      if (seen.has(node) || !node.textContent?.trim()) return;
      seen.add(node);
      const value = ratio(node);
      result.count++;
      result.min = Math.min(result.min, value);
      if (value < 4.5)
        result.low.push(
          `${label} "${node.textContent.trim().slice(0, 30)}" (${node.className}): ${value.toFixed(2)}`,
        );
    };
    for (let top = 0; ; top += scroller.clientHeight / 2) {
      scroller.scrollTop = top;
      await frame();
      for (const line of scroller.querySelectorAll('.cm-line')) {
        // The line itself colours text outside any token span (plain identifiers, spaces).
        measure(line, 'line');
        for (const span of line.querySelectorAll('span')) measure(span, 'token');
      }
      for (const number of scroller.querySelectorAll('.cm-gutterElement')) measure(number, 'gutter');
      if (top + scroller.clientHeight >= scroller.scrollHeight) break;
    }
    scroller.scrollTop = 0;
    return result;
  });
}

async function useScheme(page: Page, scheme: Scheme): Promise<void> {
  // The system's scheme, with no pinned choice: the editor must follow it from the start.
  await page.emulateMedia({ colorScheme: scheme });
}

function visiblePanel(root: Locator): Locator {
  return root.locator('.lab-editor-panel:not([hidden])');
}

for (const scheme of schemes) {
  test(`${scheme}: every token in lab 5's files has at least 4.5:1 contrast on its background`, async ({
    page,
  }) => {
    await useScheme(page, scheme);
    const root = await startLab(page, lessons.l5);
    let min = Infinity;
    let count = 0;
    const low: string[] = [];
    for (const name of tabNames) {
      await root.getByRole('tab', { name, exact: true }).click();
      await expect(visiblePanel(root).locator('.cm-line').first()).toBeVisible();
      const measured = await measureEditor(visiblePanel(root));
      expect(measured.count, name).toBeGreaterThan(20);
      min = Math.min(min, measured.min);
      count += measured.count;
      low.push(...measured.low.map((line) => `${name}: ${line}`));
    }
    console.log(
      `${scheme}: minimum editor contrast ${min.toFixed(2)}:1 over ${count} spans, lines and line numbers`,
    );
    test.info().annotations.push({ type: 'minimum contrast', description: `${scheme} ${min.toFixed(2)}:1` });
    expect(low).toEqual([]);
  });

  test(`${scheme}: axe finds nothing in the started lab with the editor and every panel open`, async ({
    page,
  }) => {
    // A check run and seven axe passes: about 40 s alone, more beside another worker.
    test.slow();
    await useScheme(page, scheme);
    const root = await startLab(page, lessons.l5);
    await runChecks(root);
    await send(root, 'Log in as alice');
    await showPanel(root, 'Server log');
    await expect(root.getByRole('log', { name: 'Server log' })).toContainText(
      'Checks ran against a fresh server',
    );
    await root
      .locator('details')
      .evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const scan = async (include: string, exclude?: string) => {
      const builder = new AxeBuilder({ page }).include(include);
      if (exclude) builder.exclude(exclude);
      const results = await builder.analyze();
      return results.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
            .slice(0, 5)
            .map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
            .join('\n  ')}`,
      );
    };
    // The preview frame is the learner's server's own page, scanned on its own below: axe would
    // otherwise read its <h1> as part of the lab's outline and call the next <h4> out of order.
    // The workbench shows one result panel at a time: each tab in turn.
    for (const panel of ['Checks', 'Console', 'Preview', 'Server log'] as const) {
      await showPanel(root, panel);
      expect(await scan('[data-lab-root]', '.lab-frame'), panel).toEqual([]);
    }
    await showPanel(root, 'Preview');
    expect(await scan('.lab-frame')).toEqual([]);
    // Each file's editor in turn: only the selected tab's panel is rendered visibly.
    for (const name of tabNames.slice(1)) {
      await root.getByRole('tab', { name, exact: true }).click();
      expect(await scan('.lab-editor'), name).toEqual([]);
    }
  });
}

test('the editor switches palettes live when the learner toggles the theme', async ({ page }) => {
  await useScheme(page, 'light');
  const root = await startLab(page, lessons.l5);
  const keyword = visiblePanel(root)
    .locator('.cm-line span')
    .filter({ hasText: /^(import|export|const)$/ })
    .first();
  const colours = () =>
    keyword.evaluate((span) => ({
      token: getComputedStyle(span).color,
      editor: getComputedStyle(span.closest('.cm-editor') as Element).backgroundColor,
    }));
  const light = await colours();
  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect.poll(colours).not.toEqual(light);
  const dark = await colours();
  expect(dark.token).not.toBe(light.token);
  expect(dark.editor).not.toBe(light.editor);
  const measured = await measureEditor(visiblePanel(root));
  expect(measured.low).toEqual([]);
  // And back: the light palette returns.
  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect.poll(colours).toEqual(light);
});

test('at 390×844 the editor wraps long lines: nothing sits off-screen to the right', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const root = await startLab(page, lessons.l5);
  for (const name of tabNames) {
    await root.getByRole('tab', { name, exact: true }).click();
    const size = await visiblePanel(root)
      .locator('.cm-scroller')
      .evaluate((s) => ({ scrollWidth: s.scrollWidth, clientWidth: s.clientWidth }));
    expect(size.scrollWidth, name).toBeLessThanOrEqual(size.clientWidth);
  }
  const page_ = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: innerWidth,
  }));
  expect(page_.scrollWidth).toBeLessThanOrEqual(page_.width);
});
