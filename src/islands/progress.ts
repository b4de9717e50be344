/**
 * The islands' door to the progress store: the same page singleton the lab uses, plus the one
 * piece of UI the store itself must not know about: a visible notice when saved progress was
 * corrupt or old and had to be set aside.
 */
import { progress as pageStore } from '../progress/browser';
import type { LoadIssue, ProgressStore } from '../progress';

let noticed = false;

export function progress(): ProgressStore {
  const store = pageStore();
  if (!noticed) {
    noticed = true;
    if (store.issue) showNotice(store.issue);
  }
  return store;
}

function showNotice(issue: LoadIssue) {
  const region = document.getElementById('progress-notice');
  if (!region) return;
  const box = document.createElement('div');
  box.className = 'notice';
  const text = document.createElement('p');
  const kept = issue.backupKey
    ? `Nothing is lost: the old data is kept in this browser's storage under “${issue.backupKey}”.`
    : 'The old data could not be kept because this browser’s storage is full or disabled.';
  text.textContent = `Your saved progress could not be read (${issue.reason}), so progress starts fresh. ${kept}`;
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.className = 'button button--quiet';
  dismiss.textContent = 'Dismiss';
  dismiss.addEventListener('click', () => box.remove());
  box.append(text, dismiss);
  region.append(box);
}
