/** The started lab passes axe (no serious or critical violations) and exposes the names tests and people use. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { lessons, runChecks, send, showPanel, startLab, type Panel } from './lab-helpers';

test('the running lab is accessible: named controls, status line, results, no axe violations', async ({
  page,
}) => {
  const root = await startLab(page, lessons.l5);
  for (const name of ['Run checks', 'Reset', 'Show solution'])
    await expect(root.getByRole('button', { name, exact: true })).toBeVisible();
  // The console is a tab of the workbench.
  await showPanel(root, 'Console');
  await expect(root.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await expect(root.getByRole('textbox', { name: 'routes/logout.ts', exact: true })).toBeVisible();
  await expect(root.getByRole('status')).toContainText('Running in your browser');
  await runChecks(root);
  // Focus on the summary, the failures (or the banner of a step that broke before them) under it.
  await expect(root.locator('.lab-summary')).toBeFocused();
  await expect(
    root.getByRole('list', { name: 'Failing checks' }).or(root.locator('.lab-precondition')).first(),
  ).toBeVisible();
  await root
    .getByText(/^Request trace/)
    .filter({ visible: true })
    .first()
    .click();
  await send(root, 'Log in as alice');
  await showPanel(root, 'Server log');
  await expect(root.getByRole('log', { name: 'Server log' })).toContainText(
    'Checks ran against a fresh server',
  );

  // Every tab in turn: axe reads only what is rendered, and the workbench shows one panel at a time.
  const panels: Panel[] = ['Checks', 'Console', 'Preview', 'Server log'];
  for (const panel of panels) {
    await showPanel(root, panel);
    const results = await new AxeBuilder({ page }).include('[data-lab-root]').analyze();
    const bad = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${panel}: ${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join('\n  ')}`,
      );
    expect(bad).toEqual([]);
  }
});
