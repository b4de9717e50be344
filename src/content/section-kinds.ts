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

/** The small label shown above each section heading. */
export const kindLabels: Record<SectionKind, string> = {
  concept: 'Concept',
  analogy: 'Analogy',
  diagram: 'Diagram',
  code: 'Code',
  prediction: 'Prediction',
  // Neutral on purpose: a label that says "myth" above a claim would give the answer away when it is a fact.
  myth: 'Fact check',
  pitfall: 'Common pitfall',
  takeaway: 'Takeaway',
  'deep-dive': 'Deep dive',
  lab: 'Lab',
};
