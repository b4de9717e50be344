/**
 * A learner's handler that threw, shown the same way wherever it surfaces (a check's card, a
 * console answer, the server log): what it threw, `routes/logout.ts:14`, and "Go to line" to put
 * the editor's cursor there. The place is data from the lab host (`ThrownError`), never read back
 * from a stack's text here.
 */
import type { ThrownError } from '../runtime';
import { h } from './dom';

/** Puts the editor's cursor on a place of a learner file (the editors' `reveal`). */
export type Reveal = (file: string, line: number, column: number) => void;

/** `routes/logout.ts:14`: the file and line as the editor's gutter shows them; null without a place. */
export function thrownPlace(thrown: ThrownError): string | null {
  return thrown.at ? `${thrown.at.file}:${thrown.at.line}` : null;
}

/** "Go to line 14": the cursor on the line (and column) the learner's code threw at. */
export function goToLine(at: NonNullable<ThrownError['at']>, reveal: Reveal): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      className: 'lab-button lab-go-to',
      title: `Put the cursor on line ${at.line} of ${at.file}`,
      onclick: () => reveal(at.file, at.line, at.column),
    },
    `Go to line ${at.line}`,
  );
}

/** "Your code threw at routes/logout.ts:14 (POST /logout): TypeError: …", then "Go to line 14". */
export function thrownView(thrown: ThrownError, reveal: Reveal): HTMLElement {
  const place = thrownPlace(thrown);
  return h(
    'div',
    { className: 'lab-thrown' },
    h(
      'p',
      {},
      h('strong', {}, 'Your code threw'),
      place ? ' at ' : '',
      place ? h('code', { className: 'lab-thrown-place' }, place) : null,
      ` (${thrown.request}): `,
      h('code', { className: 'lab-thrown-message' }, thrown.message),
    ),
    thrown.at ? goToLine(thrown.at, reveal) : null,
  );
}
