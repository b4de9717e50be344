/**
 * The only lab code a lesson page loads before "Start lab": it enables the button and, on click,
 * dynamic-imports the lab (editor, runtime store, views). Keep this file tiny.
 */
import { draftKey, STORAGE_KEYS } from '../storage-keys';

/** True once when "Retry WebContainer" reloaded the page for `lesson` (see ui/lab-app.ts): its lab starts by itself. */
function retrying(lesson: string): boolean {
  try {
    if (sessionStorage.getItem(STORAGE_KEYS.labRetry) !== lesson) return false;
    sessionStorage.removeItem(STORAGE_KEYS.labRetry);
    return true;
  } catch {
    return false;
  }
}

for (const root of document.querySelectorAll<HTMLElement>('[data-lab-root]')) {
  const button = root.querySelector<HTMLButtonElement>('[data-lab-start]');
  const status = root.querySelector<HTMLElement>('[data-lab-status]');
  if (!button) continue;
  let draft = false;
  try {
    draft = localStorage.getItem(draftKey(root.dataset['lesson'] ?? '')) !== null;
  } catch {
    // Storage disabled: the lab will say so when it starts.
  }
  if (status)
    status.textContent = draft
      ? 'Your saved draft opens when you start the lab.'
      : 'Starts a real Hono server with your code, right in this browser.';
  button.disabled = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    if (status) status.textContent = 'Loading the lab…';
    import('./app')
      .then(({ mountLab }) => mountLab(root))
      .then(() => {
        button.hidden = true;
      })
      .catch((error: unknown) => {
        if (status)
          status.textContent = `The lab could not load (${(error as Error).message}). Check your connection and press Start lab again.`;
        button.disabled = false;
      })
      .finally(() => button.removeAttribute('aria-busy'));
  });
  if (retrying(root.dataset['lesson'] ?? '')) button.click();
}
