/**
 * Small progress bars with their words: one list item per part (read, predictions, myths, lab),
 * each a bar whose filled length shows the share done and, beside it, the same in words. The bar
 * is decoration (aria-hidden): the words are what screen readers read, and a finished part also
 * gets a check mark (drawn by the CSS, outside the words), so nothing depends on colour. Styles:
 * src/styles/meters.css.
 */
import { h } from '../lab/ui/dom';
import { fractions, type LessonStatus } from '../progress/course-status';

export interface Meter {
  /** Which part: styles and tests find a bar by it (`data-meter`). */
  key: string;
  /** From 0 to 1. */
  fraction: number;
  text: string;
}

export function meterList(items: readonly Meter[], className = 'meters'): HTMLUListElement {
  return h(
    'ul',
    { className },
    ...items.map(({ key, fraction, text }) => {
      const share = Math.max(0, Math.min(1, fraction));
      const fill = h('span', { className: 'meter__fill' });
      fill.style.setProperty('--fill', String(share));
      return h(
        'li',
        {
          className: 'meter',
          'data-meter': key,
          'data-state': share >= 1 ? 'done' : share > 0 ? 'partial' : 'empty',
        },
        h('span', { className: 'meter__bar', 'aria-hidden': 'true' }, fill),
        h('span', { className: 'meter__text' }, text),
      );
    }),
  );
}

/** A lesson's bars: read, then predictions, myths and the lab where the lesson has them. */
export function lessonMeters(status: LessonStatus): Meter[] {
  const share = fractions(status);
  const { predictions, myths, lab } = status;
  const items: Meter[] = [{ key: 'read', fraction: share.read, text: status.read ? 'Read' : 'Not read yet' }];
  if (share.predictions !== undefined)
    items.push({
      key: 'predictions',
      fraction: share.predictions,
      text: `${predictions.done} of ${predictions.total} predictions committed`,
    });
  if (share.myths !== undefined)
    items.push({
      key: 'myths',
      fraction: share.myths,
      text: `${myths.done} of ${myths.total} myths answered${myths.done ? `, ${myths.right} right` : ''}`,
    });
  if (lab && share.lab !== undefined)
    items.push({
      key: 'lab',
      fraction: share.lab,
      text: lab.completed
        ? 'Lab complete'
        : lab.started
          ? `Lab: ${lab.passed} of ${lab.total} checks pass`
          : 'Lab not started',
    });
  return items;
}
