/**
 * Drafts: the learner's files per lesson, autosaved to localStorage so they survive reloads and
 * browser restarts. Work is never lost: "Reset" and "Show solution" first put the current files in
 * a restore slot, and a corrupt saved draft is moved aside (not deleted) with a message.
 *
 * There is one restore slot, so it must only ever hold code the learner could not get back any
 * other way: code equal to the starter or the solution (the baselines) never overwrites it, or a
 * second Reset would replace the learner's draft with the starter. Undoing swaps: the code the
 * undo replaces goes into the slot, so "Undo reset" after further typing loses nothing either.
 */
import { corruptDraftKey, draftKey as draftKeyOf, restoreKey as restoreKeyOf } from '../../storage-keys';

export type Files = Record<string, string>;

export interface Draft {
  files: Files;
  savedAt: number;
}

/**
 * What replaced the files in the slot: `reset`, `solution` (Show solution), `restore` (an undo
 * brought other code back), `draft` (several of those; the slot still holds the learner's code).
 */
export type RestoreReason = 'reset' | 'solution' | 'restore' | 'draft';
export type RestoreSlot = { reason: RestoreReason; files: Files; at: number };

const REASONS: readonly string[] = ['reset', 'solution', 'restore', 'draft'] satisfies RestoreReason[];

/** The label of the button that brings the slot back. */
export function restoreLabel(reason: RestoreReason): string {
  if (reason === 'reset') return 'Undo reset';
  if (reason === 'restore') return 'Undo restore';
  return 'Restore my draft';
}

export type LoadResult =
  { kind: 'none' } | { kind: 'draft'; draft: Draft } | { kind: 'corrupt'; message: string };

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface DraftStoreOptions {
  lessonId: string;
  /** Editable paths of the lab: saved files outside this list are ignored. */
  editable: readonly string[];
  /** Code the learner can always get back (starter, solution): never worth the restore slot. */
  baselines?: readonly Files[];
  storage?: StorageLike;
}

export function createDraftStore(options: DraftStoreOptions) {
  if (!options.lessonId) throw new Error('createDraftStore: lessonId is required (the lesson folder name)');
  if (!options.editable.length)
    throw new Error(`createDraftStore: lab "${options.lessonId}" has no editable files`);
  const storage = options.storage ?? globalThis.localStorage;
  const draftKey = draftKeyOf(options.lessonId);
  const restoreKey = restoreKeyOf(options.lessonId);
  const editable = new Set(options.editable);

  const pick = (files: unknown): Files | null => {
    if (!files || typeof files !== 'object') return null;
    const out: Files = {};
    for (const [path, source] of Object.entries(files))
      if (editable.has(path) && typeof source === 'string') out[path] = source;
    return Object.keys(out).length ? out : null;
  };
  /** Same editable files with the same text (a path missing on one side counts as empty). */
  const same = (a: Files, b: Files): boolean =>
    options.editable.every((path) => (a[path] ?? '') === (b[path] ?? ''));
  const isBaseline = (files: Files): boolean =>
    (options.baselines ?? []).some((baseline) => same(files, baseline));

  const write = (key: string, value: unknown): string | null => {
    try {
      storage.setItem(key, JSON.stringify(value));
      return null;
    } catch (error) {
      // Quota or private mode: say so; the files stay in the editor.
      return `Could not save your draft in this browser (${(error as Error).message}). Your code is still in the editor; copy it somewhere safe.`;
    }
  };

  const restoreSlot = (): RestoreSlot | null => {
    try {
      const slot = JSON.parse(storage.getItem(restoreKey) ?? 'null') as RestoreSlot | null;
      const files = pick(slot?.files);
      return slot && files && REASONS.includes(slot.reason) ? { ...slot, files } : null;
    } catch {
      return null;
    }
  };

  return {
    load(): LoadResult {
      const raw = storage.getItem(draftKey);
      if (raw === null) return { kind: 'none' };
      try {
        const parsed = JSON.parse(raw) as { files?: unknown; savedAt?: unknown };
        const files = pick(parsed.files);
        if (!files) throw new Error('it holds no files of this lab');
        return {
          kind: 'draft',
          draft: { files, savedAt: typeof parsed.savedAt === 'number' ? parsed.savedAt : 0 },
        };
      } catch (error) {
        const aside = corruptDraftKey(options.lessonId, Date.now());
        try {
          storage.setItem(aside, raw);
          storage.removeItem(draftKey);
        } catch {
          // Leave it where it is; we still start from the starter below.
        }
        return {
          kind: 'corrupt',
          message: `Your saved draft for this lab (localStorage "${draftKey}") could not be read: ${(error as Error).message}. It was kept under "${aside}" and the lab starts from the starter files.`,
        };
      }
    },
    /** Returns an error sentence when the browser refused to store it. */
    save(files: Files, now = Date.now()): string | null {
      return write(draftKey, { files: pick(files) ?? {}, savedAt: now });
    },
    clear(): void {
      storage.removeItem(draftKey);
    },
    /**
     * Before Reset / Show solution replace `files`: keeps them restorable. A baseline (starter or
     * solution) leaves the slot's older, real draft in place; only its label may change. Returns
     * an error sentence when the browser refused to store it.
     */
    keepForRestore(reason: RestoreReason, files: Files, now = Date.now()): string | null {
      if (isBaseline(files)) {
        const slot = restoreSlot();
        // "Undo reset" would promise the code the last reset replaced; the slot holds older code.
        if (slot && slot.reason !== reason)
          return write(restoreKey, { ...slot, reason: 'draft' } satisfies RestoreSlot);
        return null;
      }
      return write(restoreKey, { reason, files: pick(files) ?? {}, at: now } satisfies RestoreSlot);
    },
    /**
     * "Undo reset" / "Restore my draft": returns the slot and keeps `current` (what the undo is
     * about to replace) in its place, unless it is a baseline or the slot's own code.
     */
    takeRestore(current: Files, now = Date.now()): RestoreSlot | null {
      const slot = restoreSlot();
      if (!slot) return null;
      if (isBaseline(current) || same(current, slot.files)) storage.removeItem(restoreKey);
      else
        write(restoreKey, { reason: 'restore', files: pick(current) ?? {}, at: now } satisfies RestoreSlot);
      return slot;
    },
    restoreSlot,
    dropRestoreSlot(): void {
      storage.removeItem(restoreKey);
    },
  };
}

export type DraftStore = ReturnType<typeof createDraftStore>;
