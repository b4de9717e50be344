/**
 * Learning modes: nine ways to read the same lesson. A mode never adds content: it selects the
 * lesson's typed sections by kind and orders them, and may show one small panel of its own (a
 * reading time, a score, a flashcard deck, links). Pure data and functions, shared by the
 * switcher island, the home page picker, the build and the tests.
 *
 * Lessons have ten section kinds; where a mode's wording asks for something no kind holds
 * ("standards cited"), the mapping below uses the nearest existing kinds and lessons/README.md
 * ("Learning modes") documents it. "The concept the lab needs" is authored: the lab section
 * names those concepts in `needs`, checked when the lesson compiles.
 */
import { sectionKinds, type SectionKind } from '../content/section-kinds';
import { STORAGE_KEYS } from '../storage-keys';

export const modeIds = [
  'deep',
  'quick',
  'hands-on',
  'quiz',
  'flashcards',
  'visual',
  'code',
  'cheat-sheet',
  'expert',
] as const;
export type ModeId = (typeof modeIds)[number];

/** What a lesson shows without JavaScript, without a choice, and what every mode is cut from. */
export const DEFAULT_MODE: ModeId = 'deep';
/** localStorage key of the learner's default mode (a bare mode id, validated on every read). */
export const MODE_KEY = STORAGE_KEYS.mode;
/** Query parameter that makes a mode shareable: `/lessons/03-…/?mode=quick`. */
export const MODE_PARAM = 'mode';

/** The extra block a mode shows above the sections. */
export type ModePanel = 'reading-time' | 'score' | 'flashcards' | 'cheat-sheet' | 'expert';

export interface ModeDefinition {
  id: ModeId;
  /** Name in the switcher. */
  label: string;
  /** One sentence on what the learner gets, shown under the switcher and announced on change. */
  description: string;
  /** Section kinds the mode shows; every other kind is hidden. */
  kinds: readonly SectionKind[];
  /** `document`: the lesson's own order. `kinds`: grouped by `kinds` order, document order inside a group. */
  order: 'document' | 'kinds';
  panel?: ModePanel;
  /** Concept sections only when a lab section names them in its `needs` (Hands-on). */
  conceptsTheLabNeeds?: boolean;
}

/** What arranging needs to know about a section: its kind, and for a lab the concepts it needs. */
export interface SectionShape {
  kind: SectionKind;
  /** The heading id (what `needs` refers to). */
  id?: string;
  /** Lab sections: ids of the concept sections the lab relies on. */
  needs?: readonly string[];
}

export const modes: readonly ModeDefinition[] = [
  {
    id: 'deep',
    label: 'Deep dive',
    description: 'Everything in the lesson, in the order it was written.',
    kinds: sectionKinds,
    order: 'document',
  },
  {
    id: 'quick',
    label: 'Quick read',
    description: 'Concepts and takeaways only, for a fast first pass.',
    kinds: ['concept', 'takeaway'],
    order: 'document',
    panel: 'reading-time',
  },
  {
    id: 'hands-on',
    label: 'Hands-on',
    description: 'The lab first, then only the concepts it relies on.',
    kinds: ['lab', 'concept'],
    order: 'kinds',
    conceptsTheLabNeeds: true,
  },
  {
    id: 'quiz',
    label: 'Quiz me',
    description: 'Predictions and myth-or-fact questions only, with one score for both.',
    kinds: ['prediction', 'myth'],
    order: 'document',
    panel: 'score',
  },
  {
    id: 'flashcards',
    label: 'Flashcards',
    description:
      'Each takeaway and each myth as a card, scheduled with Leitner boxes so you review what you missed.',
    kinds: ['takeaway', 'myth'],
    order: 'kinds',
    panel: 'flashcards',
  },
  {
    id: 'visual',
    label: 'Visual',
    description: 'Diagrams and analogies first, then the concepts and takeaways they illustrate.',
    kinds: ['diagram', 'analogy', 'concept', 'takeaway'],
    order: 'kinds',
  },
  {
    id: 'code',
    label: 'Code-first',
    description: 'The Flask and Hono examples, then the pitfalls: wrong, right and root cause.',
    kinds: ['code', 'pitfall'],
    order: 'kinds',
  },
  {
    id: 'cheat-sheet',
    label: 'Cheat sheet',
    description: 'Takeaways and pitfalls only, with a link to the whole course on one printable page.',
    kinds: ['takeaway', 'pitfall'],
    order: 'kinds',
    panel: 'cheat-sheet',
  },
  {
    id: 'expert',
    label: 'Expert',
    description: 'The deep dives, the standards this lesson cites, and the expert reference pages.',
    kinds: ['deep-dive'],
    order: 'kinds',
    panel: 'expert',
  },
];

const byId = new Map(modes.map((m) => [m.id, m]));

export function isModeId(value: unknown): value is ModeId {
  return typeof value === 'string' && byId.has(value as ModeId);
}

/** The definition of a mode id (throws on an unknown id: callers validate with `parseMode` first). */
export function modeById(id: ModeId): ModeDefinition {
  const mode = byId.get(id);
  if (!mode) throw new Error(`modes: unknown mode "${id}" (known: ${modeIds.join(', ')})`);
  return mode;
}

/** An untrusted value (URL parameter, storage) → a mode id, or undefined. */
export function parseMode(value: unknown): ModeId | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim().toLowerCase();
  return isModeId(id) ? id : undefined;
}

/**
 * Which mode a page opens in: the URL wins (a shared link shows what its sender saw), then the
 * learner's remembered default, then deep dive.
 */
export function resolveMode(fromUrl: unknown, remembered: unknown): ModeId {
  return parseMode(fromUrl) ?? parseMode(remembered) ?? DEFAULT_MODE;
}

/**
 * The sections a mode shows, as indexes into `sections` (the lesson's sections in document order,
 * as shapes or bare kinds), in display order.
 */
export function arrange(sections: readonly (SectionKind | SectionShape)[], mode: ModeId): number[] {
  const { kinds: shown, order, conceptsTheLabNeeds } = modeById(mode);
  const shapes = sections.map((s): SectionShape => (typeof s === 'string' ? { kind: s } : s));
  const needed = new Set(shapes.filter((s) => s.kind === 'lab').flatMap((s) => s.needs ?? []));
  const picked = shapes
    .map((section, index) => ({ kind: section.kind, id: section.id, index }))
    .filter((s) => shown.includes(s.kind))
    .filter((s) => !conceptsTheLabNeeds || s.kind !== 'concept' || (s.id !== undefined && needed.has(s.id)));
  if (order === 'kinds')
    picked.sort((a, b) => shown.indexOf(a.kind) - shown.indexOf(b.kind) || a.index - b.index);
  return picked.map((s) => s.index);
}

/** The kinds a lesson must have for a mode to show anything (named when it shows nothing). */
export function requiredKinds(mode: ModeId): readonly SectionKind[] {
  const definition = modeById(mode);
  return definition.conceptsTheLabNeeds ? ['lab'] : definition.kinds;
}

/**
 * Reading time of a cut of the lesson: the lesson's own estimate scaled by the share of words
 * shown, never below one minute.
 */
export function readingMinutes(lessonMinutes: number, shownWords: number, allWords: number): number {
  if (!(lessonMinutes > 0) || !(allWords > 0) || shownWords < 0)
    return Math.max(1, Math.round(lessonMinutes) || 1);
  return Math.max(1, Math.round((lessonMinutes * Math.min(shownWords, allWords)) / allWords));
}

/** Words in a text, the way a reader counts them (code tokens count as words too). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The share of the lesson a reader sees in Quick read, within which it must stay (tested per lesson). */
export const QUICK_READ_BAND = { min: 0.25, max: 0.45 } as const;

export interface ReadingTime {
  /** Minutes for the cut, from `readingMinutes`. */
  minutes: number;
  /** Words shown / words in the lesson (0 to 1). */
  share: number;
}

/**
 * Reading time of a mode on a lesson, from the prose word counts the lesson contract records per
 * section at build time (so the server renders it, and it matches with or without JavaScript).
 */
export function modeReadingTime(
  sections: readonly (SectionShape & { words: number })[],
  lessonMinutes: number,
  mode: ModeId,
): ReadingTime {
  const all = sections.reduce((sum, s) => sum + s.words, 0);
  const shown = arrange(sections, mode).reduce((sum, i) => sum + (sections[i]?.words ?? 0), 0);
  return { minutes: readingMinutes(lessonMinutes, shown, all), share: all > 0 ? shown / all : 0 };
}

/** Mode change in the URL: `?mode=` set, other parameters and the hash kept. */
export function urlWithMode(href: string, mode: ModeId): string {
  const url = new URL(href);
  url.searchParams.set(MODE_PARAM, mode);
  return url.pathname + url.search + url.hash;
}
