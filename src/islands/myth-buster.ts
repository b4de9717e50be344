/**
 * <myth-buster data-id data-page data-answer>: "Yes" / "No" commit a verdict on the claim, which
 * may be a myth (answer false) or a fact (answer true); then the reality and why it matters are
 * revealed, and the page's one quiz score ("N of M": predictions and myths answered right, out of
 * all of them) updates everywhere it is shown.
 */
import { progress } from './progress';
import { renderQuizScore } from './quiz-score';

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
      const score = renderQuizScore(page);
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
    renderQuizScore(page);
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
