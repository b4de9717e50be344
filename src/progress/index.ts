/**
 * Learner progress: per page (lesson or reference page) whether it was read, which predictions
 * and myths were answered, and how the lab went. Plain data in localStorage under a versioned
 * format that is validated on every load and import.
 *
 * This module knows nothing about the DOM or the UI (TutorialKit style): islands call it, and
 * show `issue` when saved data had to be set aside. Nothing here ever throws at a page: storage
 * that is missing, full or corrupt degrades to in-memory progress with an explanation.
 * Hand-written validation keeps it tiny (zod would blow the lesson-page JS budget).
 */

import { isBox, review, type CardRecord } from '../modes/leitner';
import { STORAGE_KEYS, STORAGE_PREFIXES } from '../storage-keys';

export type { CardRecord } from '../modes/leitner';

export const STORAGE_KEY = STORAGE_KEYS.progress;
/** Set-aside data lands under this prefix plus a timestamp, so nothing is ever lost. */
export const BACKUP_PREFIX = STORAGE_PREFIXES.progressBackup;
export const FORMAT = 'logout-lab-progress';
export const VERSION = 1;
/**
 * Where the last import's "Undo import" offer is kept, across reloads: `{ backupKey, at }`, the key
 * of the progress the import replaced (under BACKUP_PREFIX) and when it happened. One level only.
 */
export const IMPORT_UNDO_KEY = STORAGE_KEYS.progressImportUndo;
/** An import larger than this is certainly not a progress file. */
export const MAX_IMPORT_BYTES = 512 * 1024;

export interface PredictionRecord {
  /** Index of the option the learner committed to. */
  choice: number;
  correct: boolean;
  /** ISO time of the commit. */
  at: string;
}
export interface MythRecord {
  /** The learner's verdict: true = "Yes, the claim is true". */
  answer: boolean;
  correct: boolean;
  at: string;
}
export interface LabRecord {
  passed: number;
  total: number;
  /** True once every check of the lab passed (it stays true). */
  completed: boolean;
  at: string;
}
export interface PageProgress {
  /** ISO time the learner marked the page as read. */
  read?: string;
  predictions: Record<string, PredictionRecord>;
  myths: Record<string, MythRecord>;
  lab?: LabRecord;
  /**
   * Flashcard schedule (Leitner boxes) by card id: a takeaway item (`takeaway-<heading id>-<n>`),
   * a myth of the page, or (saved before one card per item) a whole takeaway section, which
   * `splitCard` hands on to its items. Optional, so progress saved before flashcards existed is
   * still format 1 and loads unchanged.
   */
  cards?: Record<string, CardRecord>;
  /**
   * How many of the page's lab hints the learner revealed ("Hint", "Next hint"), so they stay shown
   * after a reload. Optional like `cards`: progress saved before hints existed is format 1 unchanged.
   */
  labHints?: number;
}
export interface ProgressData {
  format: typeof FORMAT;
  version: typeof VERSION;
  pages: Record<string, PageProgress>;
}

export type Validation = { ok: true; data: ProgressData } | { ok: false; problem: string };

/* ---------- validation ---------- */

const keyPattern = /^[a-z0-9][a-z0-9/-]{0,99}$/;

class Invalid extends Error {}

function object(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Invalid(`${where} must be an object`);
  return value as Record<string, unknown>;
}
function bool(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new Invalid(`${where} must be true or false`);
  return value;
}
function count(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new Invalid(`${where} must be a whole number (0 or more)`);
  return value;
}
function time(value: unknown, where: string): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    throw new Invalid(`${where} must be a date and time`);
  return value;
}
function records<T>(
  value: unknown,
  where: string,
  read: (v: Record<string, unknown>, at: string) => T,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, entry] of Object.entries(object(value, where))) {
    const at = `${where}["${key}"]`;
    if (!keyPattern.test(key)) throw new Invalid(`${at} is not a valid id`);
    out[key] = read(object(entry, at), at);
  }
  return out;
}

function readPage(page: Record<string, unknown>, at: string): PageProgress {
  const out: PageProgress = {
    predictions: records(page['predictions'] ?? {}, `${at}.predictions`, (p, w) => ({
      choice: count(p['choice'], `${w}.choice`),
      correct: bool(p['correct'], `${w}.correct`),
      at: time(p['at'], `${w}.at`),
    })),
    myths: records(page['myths'] ?? {}, `${at}.myths`, (m, w) => ({
      answer: bool(m['answer'], `${w}.answer`),
      correct: bool(m['correct'], `${w}.correct`),
      at: time(m['at'], `${w}.at`),
    })),
  };
  if (page['read'] !== undefined) out.read = time(page['read'], `${at}.read`);
  if (page['cards'] !== undefined) {
    out.cards = records(page['cards'], `${at}.cards`, (c, w) => {
      if (!isBox(c['box'])) throw new Invalid(`${w}.box must be a box number from 1 to 5`);
      return {
        box: c['box'],
        due: time(c['due'], `${w}.due`),
        reviewed: time(c['reviewed'], `${w}.reviewed`),
      };
    });
  }
  if (page['labHints'] !== undefined) out.labHints = count(page['labHints'], `${at}.labHints`);
  if (page['lab'] !== undefined) {
    const lab = object(page['lab'], `${at}.lab`);
    out.lab = {
      passed: count(lab['passed'], `${at}.lab.passed`),
      total: count(lab['total'], `${at}.lab.total`),
      completed: bool(lab['completed'], `${at}.lab.completed`),
      at: time(lab['at'], `${at}.lab.at`),
    };
  }
  return out;
}

/** Checks untrusted data (storage or an imported file); the problem names the exact field. */
export function validateProgress(value: unknown): Validation {
  try {
    const root = object(value, 'the top level');
    if (root['format'] !== FORMAT)
      throw new Invalid(`it is not a Logout Lab progress file (no "format": "${FORMAT}")`);
    const version = root['version'];
    if (typeof version !== 'number') throw new Invalid('it has no version number');
    if (version > VERSION)
      throw new Invalid(
        `it was saved by a newer version of the course (format ${version}; this site reads ${VERSION})`,
      );
    if (version !== VERSION)
      throw new Invalid(
        `it uses the old format ${version}, which this site no longer reads (it reads ${VERSION})`,
      );
    return {
      ok: true,
      data: { format: FORMAT, version: VERSION, pages: records(root['pages'], 'pages', readPage) },
    };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, problem: error.message };
    throw error;
  }
}

/** Parses JSON text and validates it; bad JSON is a problem, not an exception. */
export function parseProgress(text: string): Validation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'it is not valid JSON' };
  }
  return validateProgress(value);
}

/* ---------- store ---------- */

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Why saved progress could not be used, and where the original text was kept. */
export interface LoadIssue {
  reason: string;
  /** Storage key holding the set-aside text, or undefined when it could not be saved. */
  backupKey: string | undefined;
}

export type ImportResult = { ok: true; pages: number } | { ok: false; message: string };

/** An import that can be undone: when it happened, and how many pages undoing brings back. */
export interface ImportOffer {
  at: string;
  pages: number;
}

export interface ProgressStore {
  /** Set when saved data was corrupt or old and has been set aside. */
  readonly issue: LoadIssue | undefined;
  /** Current data (a read-only snapshot). */
  data(): ProgressData;
  page(pageId: string): PageProgress;
  /** Records a committed prediction; a second commit for the same id keeps the first. */
  recordPrediction(pageId: string, id: string, choice: number, correct: boolean): PredictionRecord;
  /** Records a myth verdict; a second answer for the same id keeps the first. */
  recordMyth(pageId: string, id: string, answer: boolean, correct: boolean): MythRecord;
  markRead(pageId: string, read: boolean): void;
  /** Records a lab run; `completed` stays true once every check has passed. */
  recordLab(pageId: string, result: { passed: number; total: number }): LabRecord;
  /**
   * Records that `revealed` hints of the page's lab are shown. Hints are revealed one way only, so
   * the count never goes down (another tab may have shown more); returns the count now recorded.
   */
  recordHints(pageId: string, revealed: number): number;
  /** Schedules a flashcard after a review (Leitner): up one box when known, back to box 1 when missed. */
  reviewCard(pageId: string, cardId: string, knew: boolean): CardRecord;
  /**
   * A card that became several (a takeaway section, now one card per item): each new card without
   * a schedule of its own starts from the old card's record, and the old record goes. Returns
   * whether anything changed; the format stays the same, so nothing else needs migrating.
   */
  splitCard(pageId: string, fromId: string, toIds: readonly string[]): boolean;
  /** The whole progress as pretty JSON, ready to download. */
  exportJson(): string;
  /**
   * Replaces progress with a file's content, keeping the replaced progress for `undoImport`, or
   * refuses the file leaving progress untouched: when it is invalid, or when storage has no room
   * for the copy of the replaced progress or for the imported progress itself.
   */
  importJson(text: string): ImportResult;
  /**
   * The last import that replaced progress, while it can still be undone (its backup is intact),
   * or undefined. It survives reloads until undone, kept, or replaced by another import.
   */
  lastImport(): ImportOffer | undefined;
  /** Puts back the progress the last import replaced (anything recorded since is replaced in turn). */
  undoImport(): ImportResult;
  /** Keeps the imported progress for good: the undo offer and its backup go. */
  keepImport(): void;
  /** Calls `listener` after every change; returns an unsubscribe function. */
  subscribe(listener: (data: ProgressData) => void): () => void;
}

function empty(): ProgressData {
  return { format: FORMAT, version: VERSION, pages: {} };
}

export interface ProgressStoreOptions {
  /** Usually window.localStorage; undefined (storage disabled) keeps progress in memory. */
  storage: StorageLike | undefined;
  now?: () => Date;
}

export function createProgressStore(options: ProgressStoreOptions): ProgressStore {
  if (!options || !('storage' in options))
    throw new Error('createProgressStore: pass { storage } (use undefined for memory only)');
  const { storage } = options;
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  const listeners = new Set<(data: ProgressData) => void>();
  let issue: LoadIssue | undefined;
  let state = load();

  function load(): ProgressData {
    let raw: string | null = null;
    try {
      raw = storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      return empty();
    }
    if (raw === null) return empty();
    const result = parseProgress(raw);
    if (result.ok) return result.data;
    const backupKey = `${BACKUP_PREFIX}${now()}`;
    let kept: string | undefined = backupKey;
    try {
      storage?.setItem(backupKey, raw);
      storage?.removeItem(STORAGE_KEY);
    } catch {
      kept = undefined;
    }
    issue = { reason: result.problem, backupKey: kept };
    return empty();
  }

  function save() {
    try {
      storage?.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch {
      // Full or disabled storage: progress lives on in memory for this page.
    }
    for (const listener of listeners) listener(state);
  }

  /**
   * Another store instance (the lab, another tab) may have written since we loaded: start every
   * change from what storage holds now, so no writer overwrites another's records.
   */
  function refresh() {
    try {
      const raw = storage?.getItem(STORAGE_KEY);
      if (!raw) return;
      const result = parseProgress(raw);
      if (result.ok) state = result.data;
    } catch {
      // Unreadable storage: keep the in-memory state.
    }
  }

  /* ---------- import and its undo ---------- */

  // With storage disabled the undo backup lives in memory, like the progress itself.
  const memory = new Map<string, string>();
  const side: StorageLike = storage ?? {
    getItem: (key) => memory.get(key) ?? null,
    setItem: (key, value) => void memory.set(key, value),
    removeItem: (key) => void memory.delete(key),
  };
  const attempt = (write: () => void): boolean => {
    try {
      write();
      return true;
    } catch {
      return false;
    }
  };
  const peek = (key: string): string | null => {
    try {
      return side.getItem(key);
    } catch {
      return null;
    }
  };
  const forget = (...keys: (string | undefined)[]) => {
    for (const key of keys) if (key) attempt(() => side.removeItem(key));
  };

  /** The stored undo offer with its backup's data, or undefined (a damaged offer is dropped). */
  function readOffer(): { backupKey: string; at: string; data: ProgressData } | undefined {
    const rawPointer = peek(IMPORT_UNDO_KEY);
    if (rawPointer === null) return undefined;
    let pointer: unknown;
    try {
      pointer = JSON.parse(rawPointer);
    } catch {
      pointer = undefined;
    }
    const { backupKey, at } = (pointer ?? {}) as Record<string, unknown>;
    let backup: Validation | undefined;
    if (
      typeof backupKey === 'string' &&
      backupKey.startsWith(BACKUP_PREFIX) &&
      typeof at === 'string' &&
      !Number.isNaN(Date.parse(at))
    ) {
      const raw = peek(backupKey);
      if (raw !== null) backup = parseProgress(raw);
      if (backup?.ok) return { backupKey, at, data: backup.data };
    }
    forget(IMPORT_UNDO_KEY);
    return undefined;
  }

  function pageFor(pageId: string): PageProgress {
    if (!keyPattern.test(pageId)) throw new Error(`progress: invalid page id "${pageId}"`);
    refresh();
    return (state.pages[pageId] ??= { predictions: {}, myths: {} });
  }

  return {
    get issue() {
      return issue;
    },
    data: () => (refresh(), state),
    page: (pageId) => (refresh(), state.pages[pageId] ?? { predictions: {}, myths: {} }),
    recordPrediction(pageId, id, choice, correct) {
      const page = pageFor(pageId);
      const existing = page.predictions[id];
      if (existing) return existing;
      const record = (page.predictions[id] = { choice, correct, at: now() });
      save();
      return record;
    },
    recordMyth(pageId, id, answer, correct) {
      const page = pageFor(pageId);
      const existing = page.myths[id];
      if (existing) return existing;
      const record = (page.myths[id] = { answer, correct, at: now() });
      save();
      return record;
    },
    markRead(pageId, read) {
      const page = pageFor(pageId);
      if (read) page.read = now();
      else delete page.read;
      save();
    },
    recordLab(pageId, { passed, total }) {
      const page = pageFor(pageId);
      const completed = Boolean(page.lab?.completed) || (total > 0 && passed === total);
      const record = (page.lab = { passed, total, completed, at: now() });
      save();
      return record;
    },
    recordHints(pageId, revealed) {
      if (!Number.isInteger(revealed) || revealed < 0)
        throw new Error(`progress: hints revealed must be a whole number, got ${revealed}`);
      const page = pageFor(pageId);
      const recorded = Math.max(page.labHints ?? 0, revealed);
      if (recorded !== page.labHints) {
        page.labHints = recorded;
        save();
      }
      return recorded;
    },
    reviewCard(pageId, cardId, knew) {
      // An id that would not load again would get the whole progress set aside: refuse it here.
      if (!keyPattern.test(cardId)) throw new Error(`progress: invalid card id "${cardId}"`);
      const page = pageFor(pageId);
      const cards = (page.cards ??= {});
      const record = (cards[cardId] = review(cards[cardId], knew, new Date(now())));
      save();
      return record;
    },
    splitCard(pageId, fromId, toIds) {
      for (const id of toIds) if (!keyPattern.test(id)) throw new Error(`progress: invalid card id "${id}"`);
      refresh();
      const old = state.pages[pageId]?.cards?.[fromId];
      if (!old) return false;
      const cards = (pageFor(pageId).cards ??= {});
      for (const id of toIds) cards[id] ??= { ...old };
      delete cards[fromId];
      save();
      return true;
    },
    exportJson: () => `${JSON.stringify(state, null, 2)}\n`,
    importJson(text) {
      if (text.length > MAX_IMPORT_BYTES) {
        return {
          ok: false,
          message: 'This file is too large to be Logout Lab progress. Your current progress is unchanged.',
        };
      }
      const result = parseProgress(text);
      if (!result.ok)
        return {
          ok: false,
          message: `This file cannot be imported: ${result.problem}. Your current progress is unchanged.`,
        };
      refresh();
      // Work is never lost: the progress being replaced is kept for "Undo import", or the import is
      // refused. Each step is undone if a later one fails, so a refusal leaves storage as it was.
      const previous = readOffer();
      const previousPointer = peek(IMPORT_UNDO_KEY);
      const replaces = Object.keys(state.pages).length > 0;
      let backupKey: string | undefined;
      if (replaces) {
        // Never over another backup (set-aside corrupt data, the previous import) made the same millisecond.
        const stamp = `${BACKUP_PREFIX}${now()}`;
        let key = stamp;
        for (let n = 2; key === previous?.backupKey || peek(key) !== null; n += 1) key = `${stamp}-${n}`;
        backupKey = key;
        const pointer = JSON.stringify({ backupKey: key, at: now() });
        if (
          !attempt(() => side.setItem(key, JSON.stringify(state))) ||
          !attempt(() => side.setItem(IMPORT_UNDO_KEY, pointer))
        ) {
          forget(key);
          if (previousPointer !== null) attempt(() => side.setItem(IMPORT_UNDO_KEY, previousPointer));
          return {
            ok: false,
            message:
              'This file was not imported: it would replace your current progress, and this browser’s storage is too full to keep a copy of it for “Undo import”. Export your progress first (or free some space in this browser), then import again. Your current progress is unchanged.',
          };
        }
      }
      if (!attempt(() => side.setItem(STORAGE_KEY, JSON.stringify(result.data)))) {
        forget(backupKey);
        if (previousPointer !== null) attempt(() => side.setItem(IMPORT_UNDO_KEY, previousPointer));
        else forget(IMPORT_UNDO_KEY);
        return {
          ok: false,
          message:
            'This file was not imported: this browser’s storage is too full to save the imported progress. Free some space in this browser, then import again. Your current progress is unchanged.',
        };
      }
      // One level of undo: the offer of an earlier import (and its copy) is superseded.
      if (previous) forget(previous.backupKey);
      if (!replaces) forget(IMPORT_UNDO_KEY);
      state = result.data;
      for (const listener of listeners) listener(state);
      return { ok: true, pages: Object.keys(state.pages).length };
    },
    lastImport() {
      const offer = readOffer();
      return offer && { at: offer.at, pages: Object.keys(offer.data.pages).length };
    },
    undoImport() {
      const offer = readOffer();
      if (!offer) return { ok: false, message: 'There is no import to undo.' };
      if (!attempt(() => side.setItem(STORAGE_KEY, JSON.stringify(offer.data)))) {
        return {
          ok: false,
          message:
            'The import could not be undone: this browser’s storage is too full to put the earlier progress back. Free some space in this browser, then try again. Your current progress is unchanged.',
        };
      }
      forget(offer.backupKey, IMPORT_UNDO_KEY);
      state = offer.data;
      for (const listener of listeners) listener(state);
      return { ok: true, pages: Object.keys(state.pages).length };
    },
    keepImport() {
      const offer = readOffer();
      forget(offer?.backupKey, IMPORT_UNDO_KEY);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
