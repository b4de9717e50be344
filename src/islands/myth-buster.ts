/**
 * <myth-buster data-id data-page data-answer>: "Yes" / "No" commit a verdict on the claim;
 * then the reality and why it matters are revealed, and the page's running score ("N of M",
 * N right out of M myths on the page) updates everywhere it is shown.
 */
import { progress } from './progress';

function updateScore(page: string) {
  const myths = [...document.querySelectorAll<HTMLElement>('myth-buster')];
  const records = progress().page(page).myths;
  const right = myths.filter((m) => records[m.dataset['id'] ?? '']?.correct).length;
  const text = `${right} of ${myths.length}`;
  for (const score of document.querySelectorAll<HTMLElement>('[data-myth-score]')) {
    const value = score.querySelector('[data-myth-score-value]');
    if (value) value.textContent = text;
  }
  return text;
}

class MythBuster extends HTMLElement {
  connectedCallback() {
    const id = this.dataset['id'] ?? '';
    const page = this.dataset['page'] ?? '';
    const truth = this.dataset['answer'] === 'true';
    const ask = this.querySelector<HTMLElement>('[data-ask]');
    const buttons = [...this.querySelectorAll<HTMLButtonElement>('[data-verdict]')];
    const result = this.querySelector<HTMLElement>('[data-result]');
    const reveal = this.querySelector<HTMLDetailsElement>('[data-reveal]');
    if (!id || !page || !ask || !result || !reveal) return;

    const settle = (verdict: boolean, correct: boolean, announce: boolean) => {
      ask.hidden = true;
      this.dataset['state'] = correct ? 'correct' : 'wrong';
      const said = verdict ? 'Yes' : 'No';
      const status = truth ? 'This claim is true.' : 'This claim is a myth.';
      const score = updateScore(page);
      result.textContent = `${correct ? 'Right' : 'Not quite'}: you answered “${said}”. ${status} Score on this page: ${score}.`;
      result.hidden = false;
      reveal.open = true;
      if (announce) result.focus();
    };

    const saved = progress().page(page).myths[id];
    if (saved) {
      settle(saved.answer, saved.correct, false);
      return;
    }
    updateScore(page);
    for (const button of buttons) {
      button.addEventListener('click', () => {
        const verdict = button.dataset['verdict'] === 'true';
        const record = progress().recordMyth(page, id, verdict, verdict === truth);
        settle(record.answer, record.correct, true);
      });
    }
  }
}

customElements.define('myth-buster', MythBuster);
