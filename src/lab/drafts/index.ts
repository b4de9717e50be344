/**
 * Drafts: the learner's files per lesson, autosaved to localStorage so they survive reloads and
 * browser restarts. Work is never lost: "Reset" and "Show solution" first put the current files in
 * a restore slot, and a corrupt saved draft is moved aside (not deleted) with a message.
 */

export type Files = Record<string, string>;

export interface Draft {
  files: Files;
  savedAt: number;
}

export type RestoreSlot = { reason: 'reset' | 'solution'; files: Files; at: number };

export type LoadResult =
  | { kind: 'none' }
  | { kind: 'draft'; draft: Draft }
  | { kind: 'corrupt'; message: string };

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface DraftStoreOptions {
  lessonId: string;
  /** Editable paths of the lab: saved files outside this list are ignored. */
  editable: readonly string[];
  storage?: StorageLike;
}

const PREFIX = 'logout-lab:';

export function createDraftStore(options: DraftStoreOptions) {
  if (!options.lessonId) throw new Error('createDraftStore: lessonId is required (the lesson folder name)');
  if (!options.editable.length) throw new Error(`createDraftStore: lab "${options.lessonId}" has no editable files`);
  const storage = options.storage ?? globalThis.localStorage;
  const draftKey = `${PREFIX}draft:${options.lessonId}`;
  const restoreKey = `${PREFIX}restore:${options.lessonId}`;
  const editable = new Set(options.editable);

  const pick = (files: unknown): Files | null => {
    if (!files || typeof files !== 'object') return null;
    const out: Files = {};
    for (const [path, source] of Object.entries(files)) if (editable.has(path) && typeof source === 'string') out[path] = source;
    return Object.keys(out).length ? out : null;
  };

  const write = (key: string, value: unknown): string | null => {
    try {
      storage.setItem(key, JSON.stringify(value));
      return null;
    } catch (error) {
      // Quota or private mode: say so; the files stay in the editor.
      return `Could not save your draft in this browser (${(error as Error).message}). Your code is still in the editor; copy it somewhere safe.`;
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
        return { kind: 'draft', draft: { files, savedAt: typeof parsed.savedAt === 'number' ? parsed.savedAt : 0 } };
      } catch (error) {
        const aside = `${draftKey}:corrupt:${Date.now()}`;
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
    keepForRestore(reason: RestoreSlot['reason'], files: Files, now = Date.now()): string | null {
      return write(restoreKey, { reason, files, at: now } satisfies RestoreSlot);
    },
    restoreSlot(): RestoreSlot | null {
      try {
        const slot = JSON.parse(storage.getItem(restoreKey) ?? 'null') as RestoreSlot | null;
        const files = pick(slot?.files);
        return slot && files && (slot.reason === 'reset' || slot.reason === 'solution') ? { ...slot, files } : null;
      } catch {
        return null;
      }
    },
    dropRestoreSlot(): void {
      storage.removeItem(restoreKey);
    },
  };
}

export type DraftStore = ReturnType<typeof createDraftStore>;

/** Records a completed lab until the site's progress store API is wired (see NOTES-site.md). */
export const labCompleteKey = (lessonId: string): string => `${PREFIX}lab-complete:${lessonId}`;
