/** The kinds of typed lesson sections. Learning modes select sections by these names. */
export const sectionKinds = [
  'concept',
  'analogy',
  'diagram',
  'code',
  'prediction',
  'myth',
  'pitfall',
  'takeaway',
  'deep-dive',
  'lab',
] as const;
export type SectionKind = (typeof sectionKinds)[number];
