import { describe, expect, it } from 'vitest';
import { sectionKinds, type SectionKind } from '../content/section-kinds';
import {
  arrange,
  countWords,
  DEFAULT_MODE,
  modeById,
  modeIds,
  modes,
  parseMode,
  readingMinutes,
  resolveMode,
  urlWithMode,
} from './index';

/** Lesson 5's sections, in document order: every kind appears. */
const lesson: SectionKind[] = [
  'prediction',
  'concept',
  'analogy',
  'myth',
  'diagram',
  'concept',
  'code',
  'code',
  'concept',
  'myth',
  'pitfall',
  'deep-dive',
  'takeaway',
  'lab',
];
const shown = (mode: (typeof modeIds)[number]) => arrange(lesson, mode).map((i) => lesson[i]);

describe('mode definitions', () => {
  it('are the nine modes of the course, each with a label, a description and known kinds', () => {
    expect(modes.map((m) => m.id)).toEqual([...modeIds]);
    expect(modes).toHaveLength(9);
    for (const mode of modes) {
      expect(mode.label.length).toBeGreaterThan(2);
      expect(mode.description).toMatch(/\.$/);
      expect(mode.kinds.length).toBeGreaterThan(0);
      for (const kind of mode.kinds) expect(sectionKinds).toContain(kind);
      expect(new Set(mode.kinds).size).toBe(mode.kinds.length);
    }
    expect(new Set(modes.map((m) => m.label)).size).toBe(9);
  });

  it('deep dive is the default and shows everything in document order', () => {
    expect(DEFAULT_MODE).toBe('deep');
    expect(arrange(lesson, 'deep')).toEqual(lesson.map((_, i) => i));
  });

  it('each mode shows exactly the kinds it promises, in its order', () => {
    expect(shown('quick')).toEqual(['concept', 'concept', 'concept', 'takeaway']);
    expect(shown('hands-on')).toEqual(['lab', 'concept', 'concept', 'concept']);
    expect(shown('quiz')).toEqual(['prediction', 'myth', 'myth']);
    expect(shown('flashcards')).toEqual(['takeaway', 'myth', 'myth']);
    expect(shown('visual')).toEqual(['diagram', 'analogy', 'concept', 'concept', 'concept', 'takeaway']);
    expect(shown('code')).toEqual(['code', 'code', 'pitfall']);
    expect(shown('cheat-sheet')).toEqual(['takeaway', 'pitfall']);
    expect(shown('expert')).toEqual(['deep-dive']);
  });

  it('keeps document order inside a group of one kind', () => {
    const concepts = arrange(lesson, 'hands-on').slice(1);
    expect(concepts).toEqual([...concepts].sort((a, b) => a - b));
  });

  it('a lesson without the kinds a mode wants shows nothing rather than everything', () => {
    expect(arrange(['concept', 'code', 'takeaway'], 'quiz')).toEqual([]);
    expect(arrange([], 'deep')).toEqual([]);
  });

  it('panels belong to the modes that promise them', () => {
    expect(modeById('quick').panel).toBe('reading-time');
    expect(modeById('quiz').panel).toBe('score');
    expect(modeById('flashcards').panel).toBe('flashcards');
    expect(modeById('cheat-sheet').panel).toBe('cheat-sheet');
    expect(modeById('expert').panel).toBe('expert');
    expect(modeById('deep').panel).toBeUndefined();
  });

  it('modeById refuses an unknown id', () => {
    expect(() => modeById('nope' as never)).toThrow(/unknown mode "nope"/);
  });
});

describe('parseMode and resolveMode', () => {
  it('accepts known ids (trimmed, any case) and nothing else', () => {
    expect(parseMode('quick')).toBe('quick');
    expect(parseMode(' Quiz ')).toBe('quiz');
    expect(parseMode('cheat-sheet')).toBe('cheat-sheet');
    for (const bad of ['', 'fast', '__proto__', 'toString', null, undefined, 3, {}, ['quick']]) expect(parseMode(bad)).toBeUndefined();
  });

  it('URL beats the remembered default, which beats deep dive; junk is ignored', () => {
    expect(resolveMode('quick', 'expert')).toBe('quick');
    expect(resolveMode(null, 'expert')).toBe('expert');
    expect(resolveMode('bogus', 'visual')).toBe('visual');
    expect(resolveMode(null, '{"mode":"quick"}')).toBe('deep');
    expect(resolveMode(undefined, null)).toBe('deep');
  });
});

describe('reading time', () => {
  it('scales the lesson estimate by the share of words shown, at least one minute', () => {
    expect(readingMinutes(9, 300, 900)).toBe(3);
    expect(readingMinutes(5, 10, 1000)).toBe(1);
    expect(readingMinutes(6, 900, 900)).toBe(6);
    expect(readingMinutes(6, 2000, 900)).toBe(6);
    expect(readingMinutes(4, 0, 0)).toBe(4);
  });
  it('counts words separated by any whitespace', () => {
    expect(countWords('  one two\nthree\tfour ')).toBe(4);
    expect(countWords('')).toBe(0);
  });
});

describe('urlWithMode', () => {
  it('sets ?mode= and keeps other parameters and the hash', () => {
    expect(urlWithMode('http://x.test/lessons/a/?mode=deep&x=1#top', 'quick')).toBe('/lessons/a/?mode=quick&x=1#top');
    expect(urlWithMode('http://x.test/lessons/a/', 'cheat-sheet')).toBe('/lessons/a/?mode=cheat-sheet');
  });
});
