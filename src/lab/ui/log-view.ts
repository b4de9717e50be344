/** Server output: the learner's console.log, server events, errors with stacks, lab notices. */
import type { LogLine } from '../runtime';
import { h, uid } from './dom';

const MAX_LINES = 500;

export function createLogView(initial: readonly LogLine[]) {
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
      fragment.append(h('span', { className: `lab-log-${line.level}` }, `${stamp}  ${prefix}${line.text}\n`));
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
