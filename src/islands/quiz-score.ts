/**
 * Writes the page's one quiz score (see ../progress/score) into every place that shows it:
 * `[data-quiz-score]` (the tables of contents and the Quiz me panel) and `[data-quiz-answered]`.
 * The questions are the page's <prediction-quiz> and <myth-buster> elements, whichever mode hides
 * or shows them. Returns the text, for the verdict lines that quote it.
 */
import { quizScore, remainingText, scoreText } from '../progress/score';
import { progress } from './progress';

export function renderQuizScore(pageId: string): string {
  const ids = (selector: string) =>
    [...document.querySelectorAll<HTMLElement>(selector)].map((e) => e.dataset['id'] ?? '');
  const score = quizScore(
    { predictions: ids('prediction-quiz'), myths: ids('myth-buster') },
    progress().page(pageId),
  );
  const text = scoreText(score);
  for (const element of document.querySelectorAll<HTMLElement>('[data-quiz-score]'))
    element.textContent = text;
  for (const element of document.querySelectorAll<HTMLElement>('[data-quiz-answered]'))
    element.textContent = remainingText(score);
  return text;
}
