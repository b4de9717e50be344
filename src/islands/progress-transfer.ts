/**
 * <progress-transfer>: "Export progress" downloads the progress as JSON; "Import progress"
 * reads a chosen file and either replaces progress or refuses the file with the store's
 * message, leaving progress untouched. While the last import can be undone (also after a reload),
 * "Undo import" puts the replaced progress back and "Keep imported progress" drops that copy.
 */
import { progress } from './progress';

class ProgressTransfer extends HTMLElement {
  connectedCallback() {
    const exportButton = this.querySelector<HTMLButtonElement>('[data-export]');
    const importLabel = this.querySelector<HTMLElement>('[data-import-label]');
    const input = this.querySelector<HTMLInputElement>('[data-import]');
    const status = this.querySelector<HTMLElement>('[data-status]');
    const error = this.querySelector<HTMLElement>('[data-error]');
    const undo = this.querySelector<HTMLElement>('[data-undo]');
    const undoText = this.querySelector<HTMLElement>('[data-undo-text]');
    const undoButton = this.querySelector<HTMLButtonElement>('[data-undo-button]');
    const keepButton = this.querySelector<HTMLButtonElement>('[data-keep-button]');
    if (!exportButton || !importLabel || !input || !status || !error) return;
    if (!undo || !undoText || !undoButton || !keepButton) return;
    const say = (ok: string, problem: string) => {
      status.textContent = ok;
      error.textContent = problem;
    };
    const plural = (n: number) => `${n} page${n === 1 ? '' : 's'}`;
    const showUndo = () => {
      const offer = progress().lastImport();
      undo.hidden = !offer;
      if (!offer) return;
      const when = new Date(offer.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
      undoText.textContent = `You imported progress on ${when}. Undo import puts back the progress you had before (${plural(offer.pages)}); anything recorded since the import is replaced.`;
    };
    showUndo();

    undoButton.addEventListener('click', () => {
      const result = progress().undoImport();
      showUndo();
      if (result.ok) say(`Import undone: your earlier progress (${plural(result.pages)}) is back.`, '');
      else say('', result.message);
    });
    keepButton.addEventListener('click', () => {
      progress().keepImport();
      showUndo();
      say('Kept the imported progress. The copy of the earlier progress was deleted.', '');
    });

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
      showUndo();
      if (result.ok) say(`Imported progress for ${plural(result.pages)} from ${file.name}.`, '');
      else say('', result.message);
    });
  }
}

customElements.define('progress-transfer', ProgressTransfer);
