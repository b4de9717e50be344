import { expect, test, type Page } from '@playwright/test';
import { EXPECTED_LESSONS, firstLessonWith, lessonPaths } from './helpers';

test('committing a prediction locks the choice, reveals the explanation and survives a reload', async ({
  page,
}) => {
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

/**
 * Every copy of the page's one quiz score: the table of contents (inline and in the sidebar) and the
 * Quiz me panel all show the same "N of M", predictions and myths together.
 */
async function expectScore(page: Page, text: string) {
  const scores = await page.locator('[data-quiz-score]').all();
  expect(scores.length).toBeGreaterThan(1);
  for (const score of scores) await expect(score).toHaveText(text);
}

test('every question on every lesson can be answered; one score counts predictions and myths and survives a reload', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const paths = await lessonPaths(page);
  expect(paths).toHaveLength(EXPECTED_LESSONS);
  let myths = 0;
  let facts = 0;
  for (const path of paths) {
    await page.goto(path);
    const predictions = page.locator('prediction-quiz');
    const statements = page.locator('myth-buster');
    const total = (await predictions.count()) + (await statements.count());
    expect(total, `${path}: Quiz me needs at least 3 questions`).toBeGreaterThanOrEqual(3);
    await expectScore(page, `0 of ${total}`);
    let right = 0;
    // Predictions: the first one wrong on purpose, the rest right.
    for (let i = 0; i < (await predictions.count()); i++) {
      const quiz = predictions.nth(i);
      const answer = Number(await quiz.getAttribute('data-answer'));
      const options = await quiz.getByRole('radio').count();
      const pick = i === 0 ? (answer + 1) % options : answer;
      if (pick === answer) right++;
      await quiz.getByRole('radio').nth(pick).check();
      await quiz.getByRole('button', { name: 'Commit answer' }).click();
      await expect(
        quiz.getByText(`Score on this page: ${right} of ${total}.`),
        `${path} prediction ${i + 1}`,
      ).toBeVisible();
      await expectScore(page, `${right} of ${total}`);
    }
    // Myths and facts: the first one wrong on purpose, the rest right.
    for (let i = 0; i < (await statements.count()); i++) {
      const myth = statements.nth(i);
      const truth = (await myth.getAttribute('data-answer')) === 'true';
      if (truth) facts++;
      myths++;
      const say = i === 0 ? !truth : truth;
      if (say === truth) right++;
      await myth.getByRole('button', { name: say ? 'Yes' : 'No', exact: true }).click();
      await expect(myth.getByText(/Reality:/), `${path} myth ${i + 1}`).toBeVisible();
      await expect(
        myth.getByText(truth ? 'This claim is true.' : 'This claim is a myth.', { exact: false }),
      ).toBeVisible();
      await expect(myth.getByRole('button', { name: 'Yes', exact: true })).toBeHidden();
      await expect(
        myth.getByText(`Score on this page: ${right} of ${total}.`),
        `${path} myth ${i + 1}`,
      ).toBeVisible();
      await expectScore(page, `${right} of ${total}`);
    }

    // Quiz me shows the very same number as the table of contents.
    await page.goto(`${path}?mode=quiz`);
    await expectScore(page, `${right} of ${total}`);
    await expect(page.locator('[data-quiz-answered]')).toHaveText('All answered.');
    const again = page.locator('myth-buster');
    for (let i = 0; i < (await again.count()); i++) {
      await expect(again.nth(i).getByText(/Reality:/), `${path} myth ${i + 1} after a reload`).toBeVisible();
      await expect(again.nth(i).getByRole('button', { name: 'Yes', exact: true })).toBeHidden();
      await expect(again.nth(i).getByText(`Score on this page: ${right} of ${total}.`)).toBeVisible();
    }
    await expect(
      page.locator('prediction-quiz').first().getByText(`Score on this page: ${right} of ${total}.`),
    ).toBeVisible();
  }
  // The seed's four myths plus new ones, and at least a third of the statements are true facts.
  expect(myths).toBeGreaterThanOrEqual(6);
  expect(facts * 3).toBeGreaterThanOrEqual(myths);
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
  await expect(
    page.getByRole('tablist').first().getByRole('tab', { name: 'Hono (TypeScript)' }),
  ).toHaveAttribute('aria-selected', 'true');
});
