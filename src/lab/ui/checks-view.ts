/** "Check results": one item per check in catalog order, read like a patient reviewer's notes. */
import type { CheckResult } from '../runtime';
import type { TraceEntry } from '../../../sandbox-server/checks/types';
import type { Summary } from '../store';
import { h, replaceChildren, uid } from './dom';

const statusText: Record<CheckResult['status'], string> = { pass: 'Pass', fail: 'Fail', error: 'Error', advisory: 'Advice' };

/** `05-session-security` → "Lesson 5 (session security)": the fallback when the page has no course nav. */
export function lessonName(slug: string): string {
  const match = /^(\d+)-(.*)$/.exec(slug);
  return match ? `Lesson ${Number(match[1])} (${(match[2] ?? '').replace(/-/g, ' ')})` : slug;
}

/**
 * The lesson as the learner sees it in the course navigation ("Lesson 5: Session security on
 * logout"): folder numbers can differ from course steps once lessons are reordered.
 */
export function lessonLabel(slug: string, doc: Pick<Document, 'querySelectorAll'> = document): string {
  for (const link of doc.querySelectorAll<HTMLAnchorElement>(`a[href="/lessons/${slug}/"], a[href="/lessons/${slug}"]`)) {
    if (link.closest('logout-lab')) continue;
    const title = link.querySelector('[class*="title"]')?.textContent?.trim();
    const step = link.querySelector('[class*="number"]')?.textContent?.trim();
    if (title) return step && /^\d+$/.test(step) ? `Lesson ${step}: ${title}` : title;
  }
  return lessonName(slug);
}

function traceList(trace: TraceEntry[]): HTMLElement {
  return h(
    'ol',
    { className: 'lab-trace' },
    ...trace.map((entry) => {
      const req = entry.request;
      const sent = Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`);
      const res = entry.response;
      const got = res
        ? [
            `HTTP ${res.status}`,
            ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`),
            ...res.setCookie.map((c) => `set-cookie: ${c}`),
            ...(res.body ? ['', res.body] : []),
          ]
        : [`(no response) ${entry.error ?? ''}`];
      return h(
        'li',
        {},
        h('p', { className: 'lab-trace-label' }, entry.label),
        h('pre', { className: 'lab-pre', 'aria-label': `Request: ${entry.label}` }, [`${req.method} ${req.url}`, ...sent, ...(req.body ? ['', req.body] : [])].join('\n')),
        h('pre', { className: 'lab-pre', 'aria-label': `Response: ${entry.label}` }, got.join('\n')),
      );
    }),
  );
}

/** The words the lab uses for a check of its `provided` list (manifest): no learner edit can fail it. */
export const PROVIDED_TEXT = 'handled by the server in this lab';

export function createChecksView(options: { provided?: readonly string[] } = {}) {
  const provided = new Set(options.provided ?? []);
  const headingId = uid('lab-checks');
  const summary = h('p', { className: 'lab-summary', 'aria-live': 'polite' });
  const message = h('p', { className: 'lab-checks-message', hidden: true });
  const list = h('ol', { className: 'lab-results', 'aria-label': 'Check results' });
  // Said up front, so a learner does not hunt in their own file for what the server does.
  const note =
    provided.size === 0
      ? null
      : h('p', { className: 'lab-provided' }, `${[...provided].join(', ')}: ${PROVIDED_TEXT}. Your files cannot break ${provided.size === 1 ? 'it' : 'them'}; ${provided.size === 1 ? 'it is' : 'they are'} run so you see what the server already does.`);
  const element = h('section', { className: 'lab-checks', 'aria-labelledby': headingId }, h('h4', { id: headingId }, 'Checks'), note, summary, message, list);
  summary.textContent = 'Press “Run checks” to test your code.';

  return {
    element,
    running(): void {
      summary.textContent = 'Running checks…';
    },
    show(results: CheckResult[] | null, sum: Summary | null, note: string | null): void {
      message.hidden = !note;
      message.textContent = note ?? '';
      if (!results || !sum) {
        replaceChildren(list);
        summary.textContent = note ? 'No results: see the message below.' : 'Press “Run checks” to test your code.';
        return;
      }
      summary.textContent = sum.complete ? `${sum.text}. Lab complete: your progress is saved.` : `${sum.text}.`;
      replaceChildren(
        list,
        ...results.map((result) => {
          const failed = result.status === 'fail' || result.status === 'error';
          return h(
            'li',
            { className: `lab-result lab-result-${result.status}`, 'data-check': result.id },
            h(
              'p',
              { className: 'lab-result-head' },
              h('span', { className: 'lab-badge' }, statusText[result.status]),
              ' ',
              h('strong', {}, `${result.id} ${result.title}`),
              provided.has(result.id) ? h('span', { className: 'lab-tag-provided' }, ` (${PROVIDED_TEXT})`) : null,
            ),
            h('p', { className: 'lab-result-message' }, result.message),
            h(
              'p',
              { className: 'lab-result-hint' },
              failed ? 'Hint: revisit ' : 'Concept: ',
              h('em', {}, result.hint.concept),
              ' in ',
              h('a', { href: `/lessons/${result.hint.lesson}/` }, lessonLabel(result.hint.lesson)),
              '.',
            ),
            result.trace.length
              ? h('details', { className: 'lab-result-trace' }, h('summary', {}, `Request trace (${result.trace.length} ${result.trace.length === 1 ? 'request' : 'requests'})`), traceList(result.trace))
              : null,
            result.logs
              ? h('details', { className: 'lab-result-logs' }, h('summary', {}, 'Your console output during this check'), h('pre', { className: 'lab-pre' }, result.logs))
              : null,
            // Runtimes that capture the checks' server log fill this; the Worker keeps it '' (its log panel shows the live server).
            result.serverLog
              ? h('details', { className: 'lab-result-logs' }, h('summary', {}, 'Server log during this check'), h('pre', { className: 'lab-pre' }, result.serverLog))
              : null,
          );
        }),
      );
    },
  };
}
