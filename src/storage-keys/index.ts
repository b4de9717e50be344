/**
 * Every key the site keeps in localStorage or sessionStorage, in one place. They share one prefix so
 * they never collide with another app on the same origin, and so "what does this site store?" has
 * one answer; the test beside this file keeps them unique and prefixed.
 *
 * Renaming a key loses what learners saved under the old name (drafts, progress): don't, or migrate.
 * Plain constants: BaseLayout's inline script reads the theme ones before first paint.
 */

export const KEY_PREFIX = 'logout-lab:';

/** Keys with a fixed name. */
export const STORAGE_KEYS = {
  /** localStorage: an explicit theme choice ("light" | "dark"); absent = follow the system. */
  theme: 'logout-lab:theme',
  /** localStorage: the language last picked in code tabs ("python" | "typescript"). */
  codeLanguage: 'logout-lab:code-language',
  /** localStorage: the learner's default mode (a bare mode id, validated on every read). */
  mode: 'logout-lab:mode',
  /** localStorage: the versioned progress record (src/progress). */
  progress: 'logout-lab:progress',
  /** localStorage: the one-level undo of a progress import (points at a backup key). */
  progressImportUndo: 'logout-lab:progress:import-undo',
  /** sessionStorage: why the WebContainer failed to boot in this tab, so a reload goes straight to the Worker. */
  webContainerFailed: 'logout-lab:webcontainer-failed',
  /** sessionStorage: the lesson whose lab "Retry WebContainer" reloaded the page for; its lab starts by itself. */
  labRetry: 'logout-lab:lab-retry',
} as const;

/** Prefixes of keys that carry a lesson id or a time stamp. */
export const STORAGE_PREFIXES = {
  /** localStorage: progress put aside before it was replaced or found unreadable, + an ISO time. */
  progressBackup: 'logout-lab:progress:backup:',
  /** localStorage: the learner's lab files for a lesson, + the lesson id (see {@link draftKey}). */
  draft: 'logout-lab:draft:',
  /** localStorage: the code Reset or Show solution replaced, + the lesson id. */
  restore: 'logout-lab:restore:',
} as const;

/** Where a lesson's lab draft is saved. */
export function draftKey(lessonId: string): string {
  return `${STORAGE_PREFIXES.draft}${lessonId}`;
}

/** Where an unreadable draft is put aside (never read back as a draft: see {@link lessonOfDraftKey}). */
export function corruptDraftKey(lessonId: string, now: number): string {
  return `${draftKey(lessonId)}:corrupt:${now}`;
}

/** Where the code replaced by Reset / Show solution is kept for "Undo". */
export function restoreKey(lessonId: string): string {
  return `${STORAGE_PREFIXES.restore}${lessonId}`;
}

/** The lesson id of a draft key (`logout-lab:draft:03-basic-logout-route` → `03-basic-logout-route`), else undefined. */
export function lessonOfDraftKey(key: string): string | undefined {
  if (!key.startsWith(STORAGE_PREFIXES.draft)) return undefined;
  const lesson = key.slice(STORAGE_PREFIXES.draft.length);
  // A lesson folder name: set-aside copies (":corrupt:…") and anything else are not drafts.
  return /^\d{2}-[a-z0-9-]+$/.test(lesson) ? lesson : undefined;
}
