import { describe, expect, it } from 'vitest';
import { sectionKinds, type SectionKind } from '../content/section-kinds';
import {
  arrange,
  countWords,
  DEFAULT_MODE,
  modeById,
  modeIds,
  modeReadingTime,
  modes,
  parseMode,
  readingMinutes,
  requiredKinds,
  resolveMode,
  urlWithMode,
  type SectionShape,
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
/** The same lesson with ids, its lab needing the second and third concepts. */
const shaped: SectionShape[] = lesson.map((kind, i) => ({
  kind,
  id: `s${i}`,
  ...(kind === 'lab' ? { needs: ['s5', 's8'] } : {}),
}));

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
    expect(shown('hands-on')).toEqual(['lab']);
    expect(shown('quiz')).toEqual(['prediction', 'myth', 'myth']);
    expect(shown('flashcards')).toEqual(['takeaway', 'myth', 'myth']);
    expect(shown('visual')).toEqual(['diagram', 'analogy', 'concept', 'concept', 'concept', 'takeaway']);
    expect(shown('code')).toEqual(['code', 'code', 'pitfall']);
    expect(shown('cheat-sheet')).toEqual(['takeaway', 'pitfall']);
    expect(shown('expert')).toEqual(['deep-dive']);
  });

  it('keeps document order inside a group of one kind', () => {
    const concepts = arrange(lesson, 'visual').slice(2, 5);
    expect(concepts.map((i) => lesson[i])).toEqual(['concept', 'concept', 'concept']);
    expect(concepts).toEqual([...concepts].sort((a, b) => a - b));
  });

  it('hands-on shows the lab, then only the concepts its section needs, in lesson order', () => {
    expect(arrange(shaped, 'hands-on').map((i) => shaped[i]?.id)).toEqual(['s13', 's5', 's8']);
    const reversed = shaped.map((s) => (s.kind === 'lab' ? { ...s, needs: ['s8', 's5'] } : s));
    expect(arrange(reversed, 'hands-on').map((i) => reversed[i]?.id)).toEqual(['s13', 's5', 's8']);
    // needs naming no concept on the page picks nothing extra; other modes ignore needs.
    expect(
      arrange(
        [
          { kind: 'concept', id: 'a' },
          { kind: 'lab', id: 'l', needs: ['zzz'] },
        ],
        'hands-on',
      ),
    ).toEqual([1]);
    expect(arrange(shaped, 'quick')).toEqual(arrange(lesson, 'quick'));
    // Without a lab there is nothing to be hands-on with, and the empty message names the lab.
    expect(arrange(['concept', 'takeaway'], 'hands-on')).toEqual([]);
    expect(requiredKinds('hands-on')).toEqual(['lab']);
    expect(requiredKinds('quiz')).toEqual(['prediction', 'myth']);
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
    for (const bad of ['', 'fast', '__proto__', 'toString', null, undefined, 3, {}, ['quick']])
      expect(parseMode(bad)).toBeUndefined();
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
  it('comes from the per-section word counts, as a share of the lesson', () => {
    const sections = shaped.map((s) => ({ ...s, words: s.kind === 'concept' ? 100 : 50 }));
    // Three concepts (300) and a takeaway (50) of 3 × 100 + 11 × 50 = 850 words.
    const quick = modeReadingTime(sections, 17, 'quick');
    expect(quick.share).toBeCloseTo(350 / 850);
    expect(quick.minutes).toBe(7);
    expect(modeReadingTime(sections, 17, 'deep')).toEqual({ minutes: 17, share: 1 });
    expect(modeReadingTime([], 5, 'quick')).toEqual({ minutes: 5, share: 0 });
  });
  it('counts words separated by any whitespace', () => {
    expect(countWords('  one two\nthree\tfour ')).toBe(4);
    expect(countWords('')).toBe(0);
  });
});

describe('urlWithMode', () => {
  it('sets ?mode= and keeps other parameters and the hash', () => {
    expect(urlWithMode('http://x.test/lessons/a/?mode=deep&x=1#top', 'quick')).toBe(
      '/lessons/a/?mode=quick&x=1#top',
    );
    expect(urlWithMode('http://x.test/lessons/a/', 'cheat-sheet')).toBe('/lessons/a/?mode=cheat-sheet');
  });
});
