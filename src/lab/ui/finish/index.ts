/**
 * The end of a lab: once a run passes every check, the checks area says what the learner has now
 * shown they can do (lab.json `learnt`) and where to go next (the next lesson, or after the last
 * lesson the course's completion on the same page). Hidden again when a later run fails.
 */
import { h, uid } from '../dom';
import './finish.css';

/** Where to go after this lab: decided at build time from the course order (Lab.astro). */
export interface NextStep {
  href: string;
  label: string;
}

export function createFinishView({
  learnt,
  next,
}: {
  learnt: readonly string[];
  next?: NextStep | undefined;
}) {
  const headingId = uid('lab-finish');
  const element = h(
    'section',
    { className: 'lab-finish', 'aria-labelledby': headingId, hidden: true },
    h('h5', { id: headingId }, learnt.length > 0 ? 'Lab passed: what you learnt' : 'Lab passed'),
    learnt.length > 0
      ? h('ul', { className: 'lab-learnt' }, ...learnt.map((item) => h('li', {}, item)))
      : null,
    next ? h('p', { className: 'lab-next' }, h('a', { href: next.href }, `${next.label} →`)) : null,
  );
  return {
    element,
    /** After each run: shown only while the latest results pass every check. */
    show(complete: boolean): void {
      element.hidden = !complete;
    },
  };
}
