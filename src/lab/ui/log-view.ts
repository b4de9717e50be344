/** Server output: the learner's console.log, server events, errors with stacks, lab notices. */
import type { LogLine } from '../runtime';
import { h, uid } from './dom';

const MAX_LINES = 500;

export function createLogView(initial: readonly LogLine[]) {
  const headingId = uid('lab-log');
  const log = h('pre', { role: 'log', 'aria-label': 'Server log', className: 'lab-pre lab-log', tabindex: 0 });
  const clear = h('button', { type: 'button', className: 'lab-button', onclick: () => log.replaceChildren() }, 'Clear log');
  const add = (line: LogLine): void => {
    const stamp = new Date(line.at).toLocaleTimeString();
    const prefix = line.level === 'log' || line.level === 'info' ? '' : `${line.level === 'system' ? 'lab' : line.level}: `;
    log.append(h('span', { className: `lab-log-${line.level}` }, `${stamp}  ${prefix}${line.text}\n`));
    while (log.childNodes.length > MAX_LINES) log.firstChild?.remove();
    log.scrollTop = log.scrollHeight;
  };
  for (const line of initial) add(line);
  const element = h('section', { className: 'lab-logs', 'aria-labelledby': headingId }, h('div', { className: 'lab-row' }, h('h4', { id: headingId }, 'Server log'), clear), log);
  return { element, add };
}
