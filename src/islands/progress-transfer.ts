/**
 * <progress-transfer>: "Export progress" downloads the progress as JSON; "Import progress"
 * reads a chosen file and either replaces progress or refuses the file with the store's
 * message, leaving progress untouched. While the last import can be undone (also after a reload),
 * "Undo import" puts the replaced progress back and "Keep imported progress" drops that copy.
 */
import { lessonOfDraftKey } from '../storage-keys';
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

    exportButton.addEventListener('click', async () => {
      const blob = new Blob([await withDrafts(progress().exportJson())], { type: 'application/json' });
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

/**
 * The progress export plus, under `handIns`, a hand-in for every lab with a saved draft (the
 * same file "Export my work" writes), so `npm run lab -- grade` can grade a progress export too.
 * Importing ignores the field. The hand-in code loads only on this click.
 */
async function withDrafts(json: string): Promise<string> {
  const drafts: [string, Record<string, string>][] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? '';
      const lab = lessonOfDraftKey(key);
      if (lab === undefined) continue;
      const files = (JSON.parse(localStorage.getItem(key) ?? 'null') as { files?: unknown } | null)?.files;
      if (files && typeof files === 'object' && Object.values(files).every((v) => typeof v === 'string'))
        drafts.push([lab, files as Record<string, string>]);
    }
  } catch {
    return json; // Unreadable drafts: the progress itself still exports.
  }
  if (drafts.length === 0) return json;
  const { labHandIn } = await import('../lab/hand-in');
  const handIns = await Promise.all(
    drafts.sort(([a], [b]) => (a < b ? -1 : 1)).map(([lab, files]) => labHandIn(lab, files)),
  );
  return `${JSON.stringify({ ...(JSON.parse(json) as object), handIns }, null, 2)}\n`;
}

customElements.define('progress-transfer', ProgressTransfer);
