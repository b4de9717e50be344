// sucrase transformers the lab never runs: it always transforms with ['typescript', 'imports'], so
// the JSX, Flow, React, Jest and ESM-imports transformers are never constructed. The lab bundles
// replace them with this (see ../index.ts); constructing one says so instead of misbehaving.
export default class UnusedTransformer {
  constructor() {
    throw new Error('this sucrase transform is not built into the lab (it uses typescript + imports only)');
  }
}

// getNonTypeIdentifiers imports this one helper from JSXTransformer.js: the same check, by hand.
export function startsWithLowerCase(s) {
  const code = s.charCodeAt(0);
  return code >= 97 && code <= 122;
}
