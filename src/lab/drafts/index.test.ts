import { describe, expect, it } from 'vitest';
import { corruptDraftKey, draftKey } from '../../storage-keys';
import { createDraftStore, restoreLabel } from './index';

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe('draft store', () => {
  it('saves and loads only the editable files of the lab', () => {
    const storage = memoryStorage();
    const drafts = createDraftStore({ lessonId: '03-x', editable: ['routes/logout.ts'], storage });
    expect(drafts.load()).toEqual({ kind: 'none' });
    drafts.save({ 'routes/logout.ts': 'a', 'other.ts': 'b' }, 5);
    expect(drafts.load()).toEqual({
      kind: 'draft',
      draft: { files: { 'routes/logout.ts': 'a' }, savedAt: 5 },
    });
  });

  it('moves a corrupt draft aside and explains where it went', () => {
    const storage = memoryStorage();
    storage.setItem(draftKey('03-x'), '{not json');
    const drafts = createDraftStore({ lessonId: '03-x', editable: ['routes/logout.ts'], storage });
    const result = drafts.load();
    expect(result.kind).toBe('corrupt');
    if (result.kind === 'corrupt')
      expect(result.message).toMatch(/logout-lab:draft:03-x.*could not be read.*kept under/);
    expect([...storage.map.keys()].some((k) => k.startsWith(corruptDraftKey('03-x', 0).slice(0, -1)))).toBe(
      true,
    );
    expect(storage.getItem(draftKey('03-x'))).toBeNull();
  });

  it('keeps the files replaced by reset or solution restorable', () => {
    const drafts = createDraftStore({
      lessonId: '05-x',
      editable: ['routes/logout.ts'],
      storage: memoryStorage(),
    });
    drafts.keepForRestore('solution', { 'routes/logout.ts': 'mine' }, 9);
    expect(drafts.restoreSlot()).toEqual({
      reason: 'solution',
      files: { 'routes/logout.ts': 'mine' },
      at: 9,
    });
    drafts.dropRestoreSlot();
    expect(drafts.restoreSlot()).toBeNull();
  });

  describe('one restore slot that never loses the draft', () => {
    const path = 'routes/logout.ts';
    const starter = { [path]: 'starter' };
    const solution = { [path]: 'solution' };
    const note = { [path]: 'starter // my note' };
    const make = () =>
      createDraftStore({
        lessonId: '03-x',
        editable: [path],
        baselines: [starter, solution],
        storage: memoryStorage(),
      });

    it('Reset twice, then "Undo reset": the note is back (the second reset replaced only the starter)', () => {
      const drafts = make();
      drafts.keepForRestore('reset', note, 1);
      drafts.keepForRestore('reset', starter, 2);
      const slot = drafts.restoreSlot();
      expect(slot).toEqual({ reason: 'reset', files: note, at: 1 });
      expect(restoreLabel(slot!.reason)).toBe('Undo reset');
      expect(drafts.takeRestore(starter, 3)?.files).toEqual(note);
      // The starter it replaced is always one Reset away: nothing left to offer.
      expect(drafts.restoreSlot()).toBeNull();
    });

    it('Show solution twice keeps the draft', () => {
      const drafts = make();
      drafts.keepForRestore('solution', note, 1);
      drafts.keepForRestore('solution', solution, 2);
      expect(drafts.restoreSlot()).toEqual({ reason: 'solution', files: note, at: 1 });
      expect(restoreLabel('solution')).toBe('Restore my draft');
    });

    it('Show solution, then Reset keeps the draft and offers it as the draft, not as "Undo reset"', () => {
      const drafts = make();
      drafts.keepForRestore('solution', note, 1);
      drafts.keepForRestore('reset', solution, 2);
      expect(drafts.restoreSlot()).toEqual({ reason: 'draft', files: note, at: 1 });
      expect(restoreLabel('draft')).toBe('Restore my draft');
    });

    it('a baseline with nothing to keep leaves the slot empty', () => {
      const drafts = make();
      drafts.keepForRestore('reset', starter, 1);
      expect(drafts.restoreSlot()).toBeNull();
    });

    it('undo keeps the code it replaces restorable (typed after a reset), so undo can itself be undone', () => {
      const drafts = make();
      drafts.keepForRestore('reset', note, 1);
      const typed = { [path]: 'starter // typed after the reset' };
      expect(drafts.takeRestore(typed, 2)?.files).toEqual(note);
      const slot = drafts.restoreSlot();
      expect(slot).toEqual({ reason: 'restore', files: typed, at: 2 });
      expect(restoreLabel(slot!.reason)).toBe('Undo restore');
      expect(drafts.takeRestore(note, 3)?.files).toEqual(typed);
      expect(drafts.restoreSlot()?.files).toEqual(note);
    });
  });

  it('reports a storage failure instead of throwing', () => {
    const storage = {
      ...memoryStorage(),
      setItem: () => {
        throw new Error('quota exceeded');
      },
    };
    const drafts = createDraftStore({ lessonId: '05-x', editable: ['a.ts'], storage });
    expect(drafts.save({ 'a.ts': 'x' })).toMatch(/Could not save your draft.*quota exceeded/);
  });

  it('fails fast on bad options', () => {
    expect(() => createDraftStore({ lessonId: '', editable: ['a.ts'], storage: memoryStorage() })).toThrow(
      /lessonId/,
    );
    expect(() => createDraftStore({ lessonId: 'x', editable: [], storage: memoryStorage() })).toThrow(
      /no editable files/,
    );
  });
});
