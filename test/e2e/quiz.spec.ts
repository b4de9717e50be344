import { expect, test } from '@playwright/test';
import { firstLessonWith } from './helpers';

test('committing a prediction locks the choice, reveals the explanation and survives a reload', async ({ page }) => {
  const path = await firstLessonWith(page, 'prediction-quiz');
  const quiz = page.locator('prediction-quiz').first();
  const explanation = quiz.getByText('Answer and explanation');
  await expect(explanation).toBeHidden();

  await quiz.getByRole('radio').first().check();
  await quiz.getByRole('button', { name: 'Commit answer' }).click();
  await expect(quiz.getByText(/^(Correct|Not quite): you committed to/)).toBeVisible();
  await expect(explanation).toBeVisible();
  for (const radio of await quiz.getByRole('radio').all()) await expect(radio).toBeDisabled();
  await expect(quiz.getByRole('button', { name: 'Commit answer' })).toBeHidden();

  await page.goto(path);
  const again = page.locator('prediction-quiz').first();
  await expect(again.getByRole('radio').first()).toBeChecked();
  await expect(again.getByRole('radio').first()).toBeDisabled();
  await expect(again.getByText(/^(Correct|Not quite): you committed to/)).toBeVisible();
});

test('answering every myth on a page keeps a running score that survives a reload', async ({ page }) => {
  const path = await firstLessonWith(page, 'myth-buster', 2);
  const myths = page.locator('myth-buster');
  const total = await myths.count();
  for (let i = 0; i < total; i++) {
    const myth = myths.nth(i);
    const truth = (await myth.getAttribute('data-answer')) === 'true';
    // Answer the first one wrongly on purpose, the rest rightly: the score must say so.
    const say = i === 0 ? !truth : truth;
    await myth.getByRole('button', { name: say ? 'Yes' : 'No', exact: true }).click();
    await expect(myth.getByText(/Reality:/)).toBeVisible();
    await expect(myth.getByRole('button', { name: 'Yes', exact: true })).toBeHidden();
  }
  const score = `${total - 1} of ${total}`;
  await expect(myths.nth(total - 1).getByText(`Score on this page: ${score}.`)).toBeVisible();

  await page.goto(path);
  for (let i = 0; i < total; i++) await expect(page.locator('myth-buster').nth(i).getByText(/Reality:/)).toBeVisible();
  await expect(page.getByText(`Score on this page: ${score}.`).first()).toBeVisible();
});

test('a quiz can be done with the keyboard alone', async ({ page }) => {
  await firstLessonWith(page, 'prediction-quiz');
  const quiz = page.locator('prediction-quiz').first();
  const radios = quiz.getByRole('radio');
  // Start from the element just before the quiz, then only use the keyboard.
  await radios.first().evaluate((radio) => {
    const anchor = document.createElement('button');
    anchor.textContent = 'start';
    radio.closest('prediction-quiz')?.before(anchor);
    anchor.focus();
  });
  await page.keyboard.press('Tab');
  await expect(radios.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(radios.nth(1)).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(quiz.getByRole('button', { name: 'Commit answer' })).toBeFocused();
  await page.keyboard.press('Enter');
  const verdict = quiz.getByText(/^(Correct|Not quite): you committed to/);
  await expect(verdict).toBeFocused();
  await expect(quiz.getByText('Answer and explanation')).toBeVisible();
});

test('code tabs switch with the keyboard and remember the language', async ({ page }) => {
  const path = await firstLessonWith(page, 'code-tabs');
  const tabs = page.getByRole('tablist').first().getByRole('tab');
  await expect(tabs.first()).toHaveText('Flask (Python)');
  await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
  await tabs.first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.nth(1)).toBeFocused();
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel').first()).toBeVisible();
  await page.goto(path);
  await expect(page.getByRole('tablist').first().getByRole('tab', { name: 'Hono (TypeScript)' })).toHaveAttribute('aria-selected', 'true');
});
