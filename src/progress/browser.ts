/**
 * The page's one progress store over window.localStorage, shared by every island and the lab
 * (`import { progress } from '…/progress/browser'; progress().recordLab(lesson, { passed, total })`).
 */
import { createProgressStore, type ProgressStore, type StorageLike } from './index';

let store: ProgressStore | undefined;

function localStorageOrUndefined(): StorageLike | undefined {
  try {
    // Reading the property itself throws when storage is disabled (some privacy modes).
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function progress(): ProgressStore {
  return (store ??= createProgressStore({ storage: localStorageOrUndefined() }));
}
