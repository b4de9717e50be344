/**
 * Where JSON.parse stopped, in the words an author can act on: the config files authors write by
 * hand (lab.json, audit profiles) report a syntax error at a line and column, not a character offset.
 */

/** `line L, column C` of a character offset in `text` (both 1-based). */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** ` at line L, column C` for a JSON.parse error of `text`, or '' when the engine gave no position. */
export function jsonErrorPlace(text: string, message: string): string {
  const position = /position (\d+)/.exec(message)?.[1];
  return position === undefined ? '' : ` at ${lineColumn(text, Number(position))}`;
}
