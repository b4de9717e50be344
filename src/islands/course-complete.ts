/**
 * <course-complete data-course>: the end of the course, from saved progress. It says where the
 * learner stands (finished, partway, or nothing recorded yet), draws what they did over the whole
 * course (lessons read, predictions, myths, labs passed) as bars with their words, and lists what
 * is left, lesson by lesson, each part a link straight to its section. data-course holds every
 * lesson's outline (../progress/course-status), built from the lesson contracts.
 */
import { append, h, replaceChildren } from '../lab/ui/dom';
import {
  courseStatus,
  leftItem,
  plural,
  type CourseStatus,
  type LessonOutline,
  type LessonStatus,
  type Tally,
} from '../progress/course-status';
import type { ProgressData } from '../progress';
import { meterList, type Meter } from './progress-meters';
import { progress } from './progress';

const share = (t: Tally) => (t.total ? t.done / t.total : 0);

function totals({ totals: t }: CourseStatus): Meter[] {
  const right = (x: Tally & { right: number }) => (x.done ? `, ${x.right} right` : '');
  const items: Meter[] = [
    { key: 'read', fraction: share(t.read), text: `${t.read.done} of ${t.read.total} lessons read` },
  ];
  if (t.predictions.total)
    items.push({
      key: 'predictions',
      fraction: share(t.predictions),
      text: `${t.predictions.done} of ${t.predictions.total} predictions committed${right(t.predictions)}`,
    });
  if (t.myths.total)
    items.push({
      key: 'myths',
      fraction: share(t.myths),
      text: `${t.myths.done} of ${t.myths.total} myths answered${right(t.myths)}`,
    });
  if (t.labs.total)
    items.push({
      key: 'labs',
      fraction: share(t.labs),
      text: `${t.labs.done} of ${t.labs.total} labs passed`,
    });
  return items;
}

/** "3 predictions, 2 myths and a lab": what an untouched lesson holds. */
function holds(status: LessonStatus): string {
  const parts = [
    status.predictions.total ? plural(status.predictions.total, 'prediction') : '',
    status.myths.total ? plural(status.myths.total, 'myth') : '',
    status.lab ? 'a lab' : '',
  ].filter(Boolean);
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : (parts[0] ?? '');
}

function leftEntry(status: LessonStatus): HTMLLIElement {
  const { number, title, href } = status.outline;
  const item = h(
    'li',
    { 'data-lesson': status.outline.id },
    h('strong', {}, `Lesson ${number}: ${title}`),
    ': ',
  );
  if (!status.started) {
    const what = holds(status);
    append(item, 'not started. ', h('a', { href }, `Start lesson ${number}`), what ? ` (${what}).` : '.');
    return item;
  }
  status.left.forEach((target, index) => {
    const { link, note } = leftItem(target);
    if (index > 0) append(item, index === status.left.length - 1 ? ' and ' : ', ');
    append(item, h('a', { href: target.href }, link), note ? ` (${note})` : '');
  });
  append(item, '.');
  return item;
}

function lead(course: CourseStatus): string {
  const finished = course.lessons.filter((s) => s.complete).length;
  const all = course.lessons.length;
  if (course.complete)
    return `Course complete: you did every part of all ${all} lessons. Well done. Keep the cheat sheet below, and use what is next to put it to work.`;
  if (!course.started)
    return 'Nothing is recorded in this browser yet. Start with lesson 1, or bring your progress over from another browser with "Import progress" on the home page. Everything each lesson holds is listed below.';
  return `You have finished ${finished} of ${all} lessons. What is left is listed below, with a link straight to each part.`;
}

class CourseComplete extends HTMLElement {
  connectedCallback() {
    let outlines: LessonOutline[] = [];
    try {
      outlines = JSON.parse(this.dataset['course'] ?? '[]') as LessonOutline[];
    } catch {
      return;
    }
    const leadLine = this.querySelector<HTMLElement>('[data-lead]');
    const done = this.querySelector<HTMLElement>('[data-done]');
    const leftBlock = this.querySelector<HTMLElement>('[data-left-block]');
    const left = this.querySelector<HTMLElement>('[data-left]');

    const render = (data: ProgressData) => {
      const course = courseStatus(outlines, data);
      this.dataset['state'] = course.complete ? 'complete' : course.started ? 'partial' : 'new';
      if (leadLine) leadLine.textContent = lead(course);
      if (done) replaceChildren(done, meterList(totals(course), 'meters meters--course'));
      if (leftBlock) leftBlock.hidden = course.complete;
      if (left) replaceChildren(left, ...course.lessons.filter((s) => !s.complete).map(leftEntry));
    };
    const store = progress();
    render(store.data());
    store.subscribe(render);
  }
}

customElements.define('course-complete', CourseComplete);
