/**
 * <prediction-quiz data-id data-page data-answer>: the learner picks an option and presses
 * "Commit answer"; the choice locks, the verdict and explanation appear, and the commit is saved
 * in progress. A page reload restores the locked state. Without JavaScript, the explanation
 * stays readable behind its <details>. The verdict quotes the page's one quiz score, which a
 * commit updates everywhere it is shown.
 */
import { progress } from './progress';
import { renderQuizScore } from './quiz-score';

class PredictionQuiz extends HTMLElement {
  connectedCallback() {
    const id = this.dataset['id'] ?? '';
    const page = this.dataset['page'] ?? '';
    const answer = Number(this.dataset['answer']);
    const radios = [...this.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    const commit = this.querySelector<HTMLButtonElement>('[data-commit]');
    const result = this.querySelector<HTMLElement>('[data-result]');
    const reveal = this.querySelector<HTMLDetailsElement>('[data-reveal]');
    if (!id || !page || !commit || !result || !reveal) return;

    const optionText = (index: number) => radios[index]?.closest('label')?.textContent?.trim() ?? '';
    const lock = (choice: number, correct: boolean) => {
      for (const radio of radios) {
        radio.checked = Number(radio.value) === choice;
        radio.disabled = true;
      }
      commit.hidden = true;
      this.dataset['state'] = correct ? 'correct' : 'wrong';
      const verdict = correct
        ? `Correct: you committed to “${optionText(choice)}”.`
        : `Not quite: you committed to “${optionText(choice)}”. The answer is “${optionText(answer)}”.`;
      result.textContent = `${verdict} Score on this page: ${renderQuizScore(page)}.`;
      result.hidden = false;
      reveal.open = true;
    };

    const saved = progress().page(page).predictions[id];
    if (saved) {
      lock(saved.choice, saved.correct);
      return;
    }
    renderQuizScore(page);
    commit.addEventListener('click', () => {
      const picked = radios.find((r) => r.checked);
      if (!picked) {
        result.textContent = 'Pick one of the options first, then commit.';
        result.hidden = false;
        radios[0]?.focus();
        return;
      }
      const choice = Number(picked.value);
      const record = progress().recordPrediction(page, id, choice, choice === answer);
      lock(record.choice, record.correct);
      // The button is gone; move focus to the verdict so keyboard and screen reader users hear it.
      result.focus();
    });
  }
}

customElements.define('prediction-quiz', PredictionQuiz);
