/** "Check results", read like a patient reviewer's notes: what to fix first on top (./results lays them out), passes folded. */
import type { CheckResult } from '../runtime';
import type { TraceEntry } from '../../../sandbox-server/checks/types';
import type { Summary } from '../store';
import { h, replaceChildren, uid } from './dom';
import { arrangeResults, summaryLine, type PreconditionGroup } from './results';
import { thrownView, type Reveal } from './thrown-view';

const statusText: Record<CheckResult['status'], string> = {
  pass: 'Pass',
  fail: 'Fail',
  error: 'Error',
  advisory: 'Advice',
};

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
  for (const link of doc.querySelectorAll<HTMLAnchorElement>(
    `a[href="/lessons/${slug}/"], a[href="/lessons/${slug}"]`,
  )) {
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
        h(
          'pre',
          { className: 'lab-pre', 'aria-label': `Request: ${entry.label}` },
          [`${req.method} ${req.url}`, ...sent, ...(req.body ? ['', req.body] : [])].join('\n'),
        ),
        h('pre', { className: 'lab-pre', 'aria-label': `Response: ${entry.label}` }, got.join('\n')),
      );
    }),
  );
}

/** The words the lab uses for a check of its `provided` list (manifest): no learner edit can fail it. */
export const PROVIDED_TEXT = 'handled by the server in this lab';

/** The run shortcut as this keyboard says it: Cmd on Apple devices, Ctrl elsewhere (CodeMirror's "Mod"). */
export function runShortcut(
  userAgent: string = typeof navigator === 'undefined' ? '' : navigator.userAgent,
): string {
  return /Mac|iPhone|iPad|iPod/.test(userAgent) ? 'Cmd+Enter' : 'Ctrl+Enter';
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function createChecksView(options: { provided?: readonly string[]; reveal?: Reveal } = {}) {
  const provided = new Set(options.provided ?? []);
  const reveal: Reveal = options.reveal ?? (() => {});
  const headingId = uid('lab-checks');
  // Focus lands here after "Run checks" (tabindex -1: reachable by script, not in the Tab order),
  // and the live region says it to those who stayed where they were.
  const summary = h('p', { className: 'lab-summary', 'aria-live': 'polite', tabindex: '-1' });
  const message = h('p', { className: 'lab-checks-message', hidden: true });
  const body = h('div', { className: 'lab-results-body' });
  // Said up front, so a learner does not hunt in their own file for what the server does.
  const note =
    provided.size === 0
      ? null
      : h(
          'p',
          { className: 'lab-provided' },
          `${[...provided].join(', ')}: ${PROVIDED_TEXT}. Your files cannot break ${provided.size === 1 ? 'it' : 'them'}; ${provided.size === 1 ? 'it is' : 'they are'} run so you see what the server already does.`,
        );
  const element = h(
    'section',
    { className: 'lab-checks', 'aria-labelledby': headingId },
    h('h4', { id: headingId }, 'Checks'),
    note,
    summary,
    message,
    body,
  );
  const idle = `Press “Run checks” (${runShortcut()}) to test your code.`;
  summary.textContent = idle;

  const hintLine = (hint: CheckResult['hint'], lead: string): HTMLElement =>
    h(
      'p',
      { className: 'lab-result-hint' },
      lead,
      h('em', {}, hint.concept),
      ' in ',
      h('a', { href: `/lessons/${hint.lesson}/` }, lessonLabel(hint.lesson)),
      '.',
    );

  const card = (result: CheckResult): HTMLElement => {
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
      // "500" says nothing a learner can act on; their own error and its line do.
      result.thrown ? thrownView(result.thrown, reveal) : null,
      hintLine(result.hint, failed ? 'Hint: revisit ' : 'Concept: '),
      result.trace.length
        ? h(
            'details',
            { className: 'lab-result-trace' },
            h('summary', {}, `Request trace (${plural(result.trace.length, 'request', 'requests')})`),
            traceList(result.trace),
          )
        : null,
      result.logs
        ? h(
            'details',
            { className: 'lab-result-logs' },
            h('summary', {}, 'Your console output during this check'),
            h('pre', { className: 'lab-pre' }, result.logs),
          )
        : null,
      // Runtimes that capture the checks' server log fill this; the Worker keeps it '' (its log panel shows the live server).
      result.serverLog
        ? h(
            'details',
            { className: 'lab-result-logs' },
            h('summary', {}, 'Server log during this check'),
            h('pre', { className: 'lab-pre' }, result.serverLog),
          )
        : null,
    );
  };
  const list = (label: string, results: readonly CheckResult[]): HTMLElement | null =>
    results.length ? h('ol', { className: 'lab-results', 'aria-label': label }, ...results.map(card)) : null;

  /** One banner for a step that broke before several checks: what broke, the fix, and (folded) the checks it stopped. */
  const banner = (group: PreconditionGroup): HTMLElement => {
    const id = uid('lab-precondition');
    const n = group.results.length;
    // The broken step was the learner's own handler throwing: say that first, with its line.
    const thrown = group.results.find((r) => r.thrown)?.thrown;
    // Each id in one piece: "LO-" at a line's end and "01" on the next reads as two things.
    const ids = group.results.flatMap((r, i) => [
      i ? ', ' : '',
      h('span', { className: 'lab-nowrap' }, r.id),
    ]);
    return h(
      'section',
      { className: 'lab-precondition', 'aria-labelledby': id },
      h(
        'h5',
        { id },
        group.precondition
          ? `${n} checks could not run: ${group.precondition}.`
          : `${n} checks stopped the same way`,
      ),
      group.detail ? h('p', { className: 'lab-result-message' }, group.detail) : null,
      thrown ? thrownView(thrown, reveal) : null,
      ...group.also.map((step) =>
        h(
          'p',
          { className: 'lab-precondition-also' },
          `Also, for ${step.results.map((r) => r.id).join(', ')}: ${step.precondition}.`,
        ),
      ),
      group.hint ? hintLine(group.hint, 'Fix this first: revisit ') : null,
      h(
        'details',
        { className: 'lab-folded' },
        h('summary', {}, `The ${n} checks it stopped (`, ...ids, ')'),
        list(
          group.precondition
            ? `Checks stopped because: ${group.precondition}`
            : 'Checks stopped the same way',
          group.results,
        ),
      ),
    );
  };

  return {
    element,
    running(): void {
      summary.textContent = 'Running checks…';
    },
    /**
     * After "Run checks": the learner hears and sees where the results start (the page would
     * otherwise drop focus to the body). `reveal` puts the summary at the top of the screen (the
     * results are below it, not above); the workbench passes one that scrolls only its panel.
     */
    focusSummary(
      reveal: (element: HTMLElement) => void = (el) => el.scrollIntoView({ block: 'start' }),
    ): void {
      summary.focus({ preventScroll: true });
      reveal(summary);
    },
    show(results: CheckResult[] | null, sum: Summary | null, note: string | null): void {
      message.hidden = !note;
      message.textContent = note ?? '';
      if (!results || !sum) {
        replaceChildren(body);
        summary.textContent = note ? 'No results: see the message below.' : idle;
        return;
      }
      const arranged = arrangeResults(results);
      summary.textContent = summaryLine(sum, arranged);
      const { passes } = arranged;
      replaceChildren(
        body,
        ...arranged.groups.map(banner),
        list('Failing checks', arranged.failures),
        list('Advice', arranged.advice),
        passes.length
          ? h(
              'details',
              { className: 'lab-folded lab-passes' },
              h('summary', {}, plural(passes.length, 'check passes', 'checks pass')),
              list('Passing checks', passes),
            )
          : null,
      );
    },
  };
}
