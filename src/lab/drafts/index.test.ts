import { describe, expect, it } from 'vitest';
import { createDraftStore } from './index';

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
    expect(drafts.load()).toEqual({ kind: 'draft', draft: { files: { 'routes/logout.ts': 'a' }, savedAt: 5 } });
  });

  it('moves a corrupt draft aside and explains where it went', () => {
    const storage = memoryStorage();
    storage.setItem('logout-lab:draft:03-x', '{not json');
    const drafts = createDraftStore({ lessonId: '03-x', editable: ['routes/logout.ts'], storage });
    const result = drafts.load();
    expect(result.kind).toBe('corrupt');
    if (result.kind === 'corrupt') expect(result.message).toMatch(/logout-lab:draft:03-x.*could not be read.*kept under/);
    expect([...storage.map.keys()].some((k) => k.startsWith('logout-lab:draft:03-x:corrupt:'))).toBe(true);
    expect(storage.getItem('logout-lab:draft:03-x')).toBeNull();
  });

  it('keeps the files replaced by reset or solution restorable', () => {
    const drafts = createDraftStore({ lessonId: '05-x', editable: ['routes/logout.ts'], storage: memoryStorage() });
    drafts.keepForRestore('solution', { 'routes/logout.ts': 'mine' }, 9);
    expect(drafts.restoreSlot()).toEqual({ reason: 'solution', files: { 'routes/logout.ts': 'mine' }, at: 9 });
    drafts.dropRestoreSlot();
    expect(drafts.restoreSlot()).toBeNull();
  });

  it('reports a storage failure instead of throwing', () => {
    const storage = { ...memoryStorage(), setItem: () => { throw new Error('quota exceeded'); } };
    const drafts = createDraftStore({ lessonId: '05-x', editable: ['a.ts'], storage });
    expect(drafts.save({ 'a.ts': 'x' })).toMatch(/Could not save your draft.*quota exceeded/);
  });

  it('fails fast on bad options', () => {
    expect(() => createDraftStore({ lessonId: '', editable: ['a.ts'], storage: memoryStorage() })).toThrow(/lessonId/);
    expect(() => createDraftStore({ lessonId: 'x', editable: [], storage: memoryStorage() })).toThrow(/no editable files/);
  });
});
