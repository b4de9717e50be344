/**
 * <progress-overview>: for every [data-page] item, draws what the learner has done there (read,
 * predictions committed, myths answered, lab) as small bars with their words, and a "Resume" link
 * in a started, unfinished lesson; above the list, a one-line course summary and a "Resume" link to
 * the first unfinished section of the course. Each item carries its lesson's outline (data-outline,
 * from the lesson contract), so counts and anchors stay right as lessons change.
 * The home page's first call to action ([data-course-resume]) becomes the same Resume link once
 * there is progress, so a returning learner need not scroll down to the list.
 */
import { h, replaceChildren } from '../lab/ui/dom';
import { courseStatus, describeTarget, resumeIn, type LessonOutline } from '../progress/course-status';
import type { ProgressData } from '../progress';
import { lessonMeters, meterList } from './progress-meters';
import { progress } from './progress';

function readOutline(item: HTMLElement): LessonOutline | undefined {
  try {
    return JSON.parse(item.dataset['outline'] ?? '') as LessonOutline;
  } catch {
    return undefined;
  }
}

class ProgressOverview extends HTMLElement {
  connectedCallback() {
    const items = [...this.querySelectorAll<HTMLElement>('[data-page]')].flatMap((item) => {
      const outline = readOutline(item);
      return outline ? [{ item, outline }] : [];
    });
    const outlines = items.map((i) => i.outline);
    const summary = this.querySelector<HTMLElement>('[data-summary]');
    const resumeLine = this.querySelector<HTMLElement>('[data-resume-line]');
    const resume = this.querySelector<HTMLAnchorElement>('[data-resume]');
    const hero = document.querySelector<HTMLAnchorElement>('a[data-course-resume]');

    const render = (data: ProgressData) => {
      const course = courseStatus(outlines, data);
      course.lessons.forEach((status, index) => {
        const entry = items[index];
        if (!entry) return;
        const { item } = entry;
        const line = item.querySelector('[data-progress]');
        if (line) replaceChildren(line, meterList(lessonMeters(status)));
        item.dataset['read'] = String(status.read);
        item.dataset['state'] = status.complete ? 'complete' : status.started ? 'started' : 'new';
        item.querySelector('.course__resume')?.remove();
        const target = status.started ? resumeIn(status) : undefined;
        if (target)
          item.append(
            h('p', { className: 'course__resume' }, h('a', { href: target.href }, describeTarget(target))),
          );
      });
      if (summary) summary.textContent = `${course.totals.read.done} of ${outlines.length} lessons read.`;
      const last = outlines[outlines.length - 1];
      const [text, href] = course.resume
        ? [describeTarget(course.resume), course.resume.href]
        : last
          ? ['The course is complete: see what you did', `${last.href}#course-complete`]
          : [undefined, undefined];
      if (resume && resumeLine && text && href) {
        resume.textContent = text;
        resume.href = href;
        resumeLine.hidden = false;
      }
      if (hero && course.started && text && href) {
        hero.textContent = text;
        hero.href = href;
      }
    };
    const store = progress();
    render(store.data());
    store.subscribe(render);
  }
}

customElements.define('progress-overview', ProgressOverview);
