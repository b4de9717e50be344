/**
 * <progress-overview>: for every [data-page] item, shows what the learner has done there
 * (read, predictions committed, myths answered right, lab), and a one-line course summary.
 * The item lists its prediction and myth ids, so counts stay right as lessons change.
 */
import { progress } from './progress';
import type { ProgressData } from '../progress';

const ids = (value: string | undefined) => (value ?? '').split(' ').filter(Boolean);

class ProgressOverview extends HTMLElement {
  connectedCallback() {
    const render = (data: ProgressData) => {
      const items = [...this.querySelectorAll<HTMLElement>('[data-page]')];
      let read = 0;
      for (const item of items) {
        const page = data.pages[item.dataset['page'] ?? ''];
        const predictions = ids(item.dataset['predictions']);
        const myths = ids(item.dataset['myths']);
        const parts: string[] = [];
        if (page?.read) read++;
        parts.push(page?.read ? 'Read' : 'Not read yet');
        if (predictions.length) {
          const done = predictions.filter((id) => page?.predictions[id]).length;
          parts.push(`${done} of ${predictions.length} predictions committed`);
        }
        if (myths.length) {
          const right = myths.filter((id) => page?.myths[id]?.correct).length;
          const answered = myths.filter((id) => page?.myths[id]).length;
          parts.push(
            `myths: ${right} of ${myths.length} right${answered > right ? ` (${answered} answered)` : ''}`,
          );
        }
        if (item.dataset['lab'] === 'true') {
          parts.push(
            page?.lab?.completed
              ? 'lab complete'
              : page?.lab
                ? `lab: ${page.lab.passed} of ${page.lab.total} checks pass`
                : 'lab not started',
          );
        }
        const line = item.querySelector('[data-progress]');
        if (line) line.textContent = parts.join(' · ');
        item.dataset['read'] = String(Boolean(page?.read));
      }
      const summary = this.querySelector<HTMLElement>('[data-summary]');
      if (summary) {
        summary.textContent = `${read} of ${items.length} lessons read.`;
      }
    };
    const store = progress();
    render(store.data());
    store.subscribe(render);
  }
}

customElements.define('progress-overview', ProgressOverview);
