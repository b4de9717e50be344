/**
 * A page's quiz score: the predictions and myths answered right, out of all of them on the page.
 * There is one score per page, shown in the table of contents, after each myth and in Quiz me.
 * Two scores counting different things ("0 of 1" myths next to "0 of 2" questions) read as a
 * contradiction, so every place shows this one number.
 */
import type { PageProgress } from '../index';

/** The ids of the questions a page holds, in page order. */
export interface QuizIds {
  predictions: readonly string[];
  myths: readonly string[];
}

export interface QuizScore {
  /** Questions answered right. */
  right: number;
  /** Questions answered at all, right or not. */
  answered: number;
  /** Questions on the page. */
  total: number;
}

/**
 * Counts only the ids the page holds now: a record left from a question that was later removed
 * or renamed must not push the score above its total.
 */
export function quizScore(ids: QuizIds, page: Pick<PageProgress, 'predictions' | 'myths'>): QuizScore {
  const predictions = unique(ids.predictions);
  const myths = unique(ids.myths);
  const records = [...predictions.map((id) => page.predictions[id]), ...myths.map((id) => page.myths[id])];
  return {
    right: records.filter((r) => r?.correct === true).length,
    answered: records.filter((r) => r !== undefined).length,
    total: records.length,
  };
}

/** "2 of 5": how every copy of the score is written. */
export function scoreText(score: QuizScore): string {
  return `${score.right} of ${score.total}`;
}

/** The line under the Quiz me score. */
export function remainingText(score: QuizScore): string {
  const left = score.total - score.answered;
  return left > 0 ? `${left} of ${score.total} still to answer.` : 'All answered.';
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids.filter(Boolean))];
}
