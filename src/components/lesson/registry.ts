/**
 * Every component a lesson can use, one line each: its prop schema, where it may sit, what it adds
 * to the learner's progress, and any check its props alone cannot express. The lesson contract
 * (src/content/lesson-contract) is a loop over this list, `index.ts` exposes exactly these
 * components to the MDX, and registry.test.ts fails for a component file that is not listed here.
 * Adding a component: see src/content/lesson-contract/README.md.
 */
import type { ComponentUse, PropsSchema } from '../../content/component-props';
import type { SectionKind } from '../../content/section-kinds';
import { checkCodeTabs, codeTabsSchema } from './code-tabs.schema';
import { flowSchema } from './flow.schema';
import { labSchema } from './lab.schema';
import { checkMyth, mythSchema } from './myth.schema';
import { pitfallPartSchema, pitfallSchema } from './pitfall.schema';
import { checkPrediction, predictionSchema } from './prediction.schema';
import { sectionSchema } from './section.schema';

/** Where a component may appear. */
export type Placement =
  /** Only at the top of the page: the page is a list of these (Section). */
  | { in: 'page' }
  /** Inside a section: of `kind` if given, else any. `onePerPage`: a page holds at most one. */
  | { in: 'section'; kind?: SectionKind; onePerPage?: boolean }
  /**
   * Directly inside the `parent` component, whose opening tag is `tag`; `fix` says how to get there.
   * `exactlyOne`: the parent holds exactly one of it (a pitfall has one <Wrong>).
   */
  | { in: 'parent'; parent: string; tag: string; fix: string; exactlyOne?: boolean };

export interface ComponentEntry {
  /** The MDX tag, also the file name: `<Flow>` is `Flow.astro`. */
  name: string;
  /** Its props, with a friendly message on every rule (see src/content/component-props). */
  schema: PropsSchema;
  placement: Placement;
  /**
   * What it adds to the learner's progress: a quiz question listed by its course-unique id under
   * `predictions` or `myths` of the page contract (the page's score and Quiz me), or the page's lab
   * (`lab`, whose checks the learner passes); false for content that is only read.
   */
  scored: false | 'predictions' | 'myths' | 'lab';
  /** Props whose text the reader reads (counted in the quick-read time); the others are ids, answers and settings. */
  prose?: readonly string[];
  /** Props checked once the whole page is read (their schema problems are explained there). */
  checkedLater?: readonly string[];
  /** Rules beyond the props: the text between the tags, the children. */
  check?: (use: ComponentUse) => string[];
}

/** Where a pitfall's parts go; the fix is one sentence for all three. */
const inPitfall = {
  in: 'parent',
  parent: 'Pitfall',
  tag: '<Pitfall title="…">',
  fix: 'wrap it, with <Right> and <RootCause>, in <Pitfall title="…">',
  exactlyOne: true,
} as const;

/** In the order the "use one of …" fix lists them. */
export const lessonComponentRegistry: readonly ComponentEntry[] = [
  {
    name: 'Section',
    schema: sectionSchema,
    placement: { in: 'page' },
    scored: false,
    prose: ['title'],
    checkedLater: ['needs'],
  },
  {
    name: 'Prediction',
    schema: predictionSchema,
    placement: { in: 'section', kind: 'prediction' },
    scored: 'predictions',
    prose: ['question', 'options'],
    check: checkPrediction,
  },
  {
    name: 'Myth',
    schema: mythSchema,
    placement: { in: 'section', kind: 'myth' },
    scored: 'myths',
    prose: ['claim', 'reality'],
    check: checkMyth,
  },
  {
    name: 'CodeTabs',
    schema: codeTabsSchema,
    placement: { in: 'section' },
    scored: false,
    check: checkCodeTabs,
  },
  {
    name: 'Pitfall',
    schema: pitfallSchema,
    placement: { in: 'section', kind: 'pitfall' },
    scored: false,
    prose: ['title'],
  },
  { name: 'Wrong', schema: pitfallPartSchema, placement: inPitfall, scored: false },
  { name: 'Right', schema: pitfallPartSchema, placement: inPitfall, scored: false },
  { name: 'RootCause', schema: pitfallPartSchema, placement: inPitfall, scored: false },
  {
    name: 'Flow',
    schema: flowSchema,
    placement: { in: 'section' },
    scored: false,
    prose: ['caption', 'steps'],
  },
  {
    name: 'Lab',
    schema: labSchema,
    placement: { in: 'section', kind: 'lab', onePerPage: true },
    scored: 'lab',
  },
];

const byName = new Map(lessonComponentRegistry.map((entry) => [entry.name, entry]));

/** The registry entry of the component called `name`, if lessons may use it. */
export function lessonComponent(name: string): ComponentEntry | undefined {
  return byName.get(name);
}

/** The components that must sit directly inside `parent` exactly once each (a pitfall's parts). */
export function requiredParts(parent: string): string[] {
  return lessonComponentRegistry
    .filter((e) => e.placement.in === 'parent' && e.placement.parent === parent && e.placement.exactlyOne)
    .map((e) => e.name);
}
