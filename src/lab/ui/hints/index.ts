/**
 * "Hint": the lab's hints (lab.json `hints`), revealed one at a time, from a nudge to nearly the
 * answer, so a learner who is stuck gets the smallest push first and "Show solution" stays the last
 * resort. How many are shown is kept in progress (`labHints`), so they are still shown after a reload.
 */
import { progress } from '../../../progress/browser';
import { h, uid } from '../dom';
import './hints.css';

/** The button's words: "Hint" first, then "Next hint", then a note that there are no more. */
export function hintButtonText(revealed: number, total: number): string {
  if (revealed === 0) return 'Hint';
  return revealed < total ? 'Next hint' : total === 1 ? 'The hint is shown' : `All ${total} hints shown`;
}

function saved(lessonId: string, total: number): number {
  try {
    return Math.min(progress().page(lessonId).labHints ?? 0, total);
  } catch {
    return 0;
  }
}

export function createHintsView({ lessonId, hints }: { lessonId: string; hints: readonly string[] }) {
  const total = hints.length;
  const listId = uid('lab-hints');
  // Polite: a revealed hint is read out while focus stays on the button, ready for the next one.
  const list = h('ol', { className: 'lab-hints', id: listId, 'aria-label': 'Hints', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', className: 'lab-button', 'aria-controls': listId });
  let revealed = 0;

  const show = (count: number): void => {
    for (let n = revealed; n < count; n++) {
      list.append(
        h(
          'li',
          { className: 'lab-hint' },
          h('p', { className: 'lab-hint-label' }, `Hint ${n + 1} of ${total}`),
          h('p', { className: 'lab-hint-text' }, hints[n] ?? ''),
        ),
      );
    }
    revealed = count;
    list.hidden = count === 0;
    button.textContent = hintButtonText(count, total);
    // Not `disabled`: a disabled button drops the keyboard focus that was on it to the page body.
    if (count >= total) button.setAttribute('aria-disabled', 'true');
  };

  button.addEventListener('click', () => {
    if (revealed >= total) return;
    show(revealed + 1);
    try {
      progress().recordHints(lessonId, revealed);
    } catch {
      // Progress is a convenience: the hint is on screen either way.
    }
  });
  show(saved(lessonId, total));

  return { button: total > 0 ? button : null, list: total > 0 ? list : null };
}
