/** Server output: the learner's console.log, server events, errors with stacks, lab notices. */
import type { CheckResult, LogLine, ThrownError } from '../runtime';
import { h, uid } from './dom';
import { goToLine, thrownPlace, type Reveal } from './thrown-view';

const MAX_LINES = 500;

/**
 * One log line per distinct error a check run met (the checks' own server log stays in each
 * result, hundreds of lines would bury the live log): `POST /logout failed while the checks ran
 * (LO-05, LO-08): TypeError: …`, carrying the place for its "Go to line".
 */
export function checkRunThrows(results: readonly CheckResult[], at = Date.now()): LogLine[] {
  const seen = new Map<string, { thrown: ThrownError; ids: string[] }>();
  for (const result of results) {
    if (!result.thrown) continue;
    const key = JSON.stringify(result.thrown);
    const entry = seen.get(key) ?? { thrown: result.thrown, ids: [] };
    entry.ids.push(result.id);
    seen.set(key, entry);
  }
  return [...seen.values()].map(({ thrown, ids }) => ({
    at,
    level: 'error',
    text: `${thrown.request} failed while the checks ran (${ids.join(', ')}): ${thrown.message}`,
    thrown,
  }));
}

export function createLogView(initial: readonly LogLine[], reveal: Reveal = () => {}) {
  const headingId = uid('lab-log');
  const log = h('pre', {
    role: 'log',
    'aria-label': 'Server log',
    className: 'lab-pre lab-log',
    tabindex: 0,
  });
  const clear = h(
    'button',
    { type: 'button', className: 'lab-button', onclick: () => log.replaceChildren() },
    'Clear log',
  );
  let pending: LogLine[] = [];
  let scheduled = false;

  // A check run prints hundreds of lines: append them once per frame, and read the layout
  // (scrollHeight) once per batch rather than once per line.
  const flush = (): void => {
    scheduled = false;
    if (!pending.length) return;
    const fragment = document.createDocumentFragment();
    for (const line of pending.splice(0).slice(-MAX_LINES)) {
      const stamp = new Date(line.at).toLocaleTimeString();
      const prefix =
        line.level === 'log' || line.level === 'info'
          ? ''
          : `${line.level === 'system' ? 'lab' : line.level}: `;
      const at = line.thrown?.at;
      const place = line.thrown ? thrownPlace(line.thrown) : null;
      // One element per entry (the trimming below counts them), its place and "Go to line" inside.
      fragment.append(
        h(
          'span',
          { className: `lab-log-${line.level}` },
          `${stamp}  ${prefix}${line.text}\n`,
          at && place ? h('span', { className: 'lab-log-thrown' }, `  ↳ your code threw at ${place} `) : null,
          at ? goToLine(at, reveal) : null,
          at ? '\n' : null,
        ),
      );
    }
    log.append(fragment);
    const extra = log.childNodes.length - MAX_LINES;
    for (let i = 0; i < extra; i++) log.firstChild?.remove();
    log.scrollTop = log.scrollHeight;
  };
  const add = (line: LogLine): void => {
    pending.push(line);
    if (scheduled) return;
    scheduled = true;
    // rAF paints with the next frame; the timer covers background tabs, where rAF waits.
    requestAnimationFrame(flush);
    setTimeout(flush, 250);
  };
  pending = [...initial];
  flush();
  const element = h(
    'section',
    { className: 'lab-logs', 'aria-labelledby': headingId },
    h('div', { className: 'lab-row' }, h('h4', { id: headingId }, 'Server log'), clear),
    log,
  );
  return { element, add };
}
