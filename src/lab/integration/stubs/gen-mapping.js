// sucrase only builds source maps when asked (options.sourceMapOptions); the lab never asks, so
// the lab bundles replace @jridgewell/gen-mapping with this stub (see ../index.ts).
const unused = () => {
  throw new Error('source maps are not built in the lab');
};
export class GenMapping {
  constructor() {
    unused();
  }
}
export const maybeAddSegment = unused;
export const toEncodedMap = unused;
