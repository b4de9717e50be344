import { describe, expect, it } from 'vitest';
import {
  corruptDraftKey,
  draftKey,
  KEY_PREFIX,
  lessonOfDraftKey,
  restoreKey,
  STORAGE_KEYS,
  STORAGE_PREFIXES,
} from '.';

const keys = Object.values(STORAGE_KEYS);
const prefixes = Object.values(STORAGE_PREFIXES);

describe('storage keys', () => {
  it('are all prefixed with logout-lab:', () => {
    expect(KEY_PREFIX).toBe('logout-lab:');
    for (const key of [...keys, ...prefixes]) expect(key.startsWith(KEY_PREFIX), key).toBe(true);
  });

  it('are unique, and no fixed key falls under a prefix', () => {
    expect(new Set([...keys, ...prefixes]).size).toBe(keys.length + prefixes.length);
    for (const key of keys)
      for (const prefix of prefixes) expect(key.startsWith(prefix), `${key} under ${prefix}`).toBe(false);
  });

  it('no prefix contains another, so a key belongs to one family', () => {
    for (const a of prefixes)
      for (const b of prefixes) if (a !== b) expect(a.startsWith(b), `${a} under ${b}`).toBe(false);
  });

  it('keep their stored names (renaming one loses what learners saved)', () => {
    expect(STORAGE_KEYS).toEqual({
      theme: 'logout-lab:theme',
      codeLanguage: 'logout-lab:code-language',
      mode: 'logout-lab:mode',
      progress: 'logout-lab:progress',
      progressImportUndo: 'logout-lab:progress:import-undo',
      webContainerFailed: 'logout-lab:webcontainer-failed',
      labRetry: 'logout-lab:lab-retry',
    });
    expect(draftKey('03-basic-logout-route')).toBe('logout-lab:draft:03-basic-logout-route');
    expect(restoreKey('03-basic-logout-route')).toBe('logout-lab:restore:03-basic-logout-route');
    expect(corruptDraftKey('03-x', 5)).toBe('logout-lab:draft:03-x:corrupt:5');
  });

  it('reads the lesson back from a draft key, and only from a draft key', () => {
    expect(lessonOfDraftKey(draftKey('03-basic-logout-route'))).toBe('03-basic-logout-route');
    expect(lessonOfDraftKey(corruptDraftKey('03-x', 5))).toBeUndefined();
    expect(lessonOfDraftKey(restoreKey('03-x'))).toBeUndefined();
    expect(lessonOfDraftKey('logout-lab:draft:')).toBeUndefined();
    expect(lessonOfDraftKey('logout-lab:draft:notes')).toBeUndefined();
    expect(lessonOfDraftKey('other:draft:03-x')).toBeUndefined();
  });
});
