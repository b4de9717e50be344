/**
 * <progress-transfer>: "Export progress" downloads the progress as JSON; "Import progress"
 * reads a chosen file and either replaces progress or refuses the file with the store's
 * message, leaving progress untouched.
 */
import { progress } from './progress';

class ProgressTransfer extends HTMLElement {
  connectedCallback() {
    const exportButton = this.querySelector<HTMLButtonElement>('[data-export]');
    const importLabel = this.querySelector<HTMLElement>('[data-import-label]');
    const input = this.querySelector<HTMLInputElement>('[data-import]');
    const status = this.querySelector<HTMLElement>('[data-status]');
    const error = this.querySelector<HTMLElement>('[data-error]');
    if (!exportButton || !importLabel || !input || !status || !error) return;
    const say = (ok: string, problem: string) => {
      status.textContent = ok;
      error.textContent = problem;
    };

    exportButton.addEventListener('click', () => {
      const blob = new Blob([progress().exportJson()], { type: 'application/json' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `logout-lab-progress-${new Date().toISOString().slice(0, 10)}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      say('Progress exported. Keep the file to import it in another browser.', '');
    });

    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      input.value = '';
      if (!file) return;
      const result = progress().importJson(await file.text());
      if (result.ok) say(`Imported progress for ${result.pages} page${result.pages === 1 ? '' : 's'} from ${file.name}.`, '');
      else say('', result.message);
    });
  }
}

customElements.define('progress-transfer', ProgressTransfer);
