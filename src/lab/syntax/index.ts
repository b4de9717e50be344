/**
 * Where a syntax error really is, and the page-side transpile the WebContainer runtime uses.
 * Kept apart from ../host so the page can transpile without bundling the whole server.
 */
import { LeafCompileError, transpileLeaf } from '../../../sandbox-server/src/loader/transpile';
import type { RuntimeProblem } from '../runtime';

/**
 * sucrase (a Babel-derived parser) parses `(c) => { … }` speculatively in TypeScript mode and, when
 * the body has a syntax error, backtracks and blames the arrow instead: nearly every route handler
 * is such an arrow, so the learner would always be sent to the `app.post(` line. Parsing a copy in
 * which those arrows are `async` (which sucrase parses directly) finds the real position; columns
 * are mapped back to the learner's text. Only the location is taken from the copy.
 */
export function locateSyntaxError(file: string, source: string, error: LeafCompileError): { line: number; column: number; message: string } {
  const original = { line: error.line, column: error.column, message: error.message.replace(/^[^:]+:\d+:\d+: /, '') };
  const inserted = new Map<number, number[]>();
  const copy = source
    .split('\n')
    .map((text, index) =>
      text.replace(/(?<![\w$.])\(([^()]*)\)(\s*(?::\s*[\w$<>[\], ]+)?\s*)=>/g, (match, _params, _ret, offset: number) => {
        const before = text.slice(0, offset);
        if (/\basync\s*$/.test(before)) return match;
        inserted.set(index + 1, [...(inserted.get(index + 1) ?? []), offset + 1]);
        return `async ${match}`;
      }),
    )
    .join('\n');
  if (!inserted.size) return original;
  try {
    transpileLeaf(file, copy);
  } catch (retry) {
    if (!(retry instanceof LeafCompileError) || retry.line < error.line) return original;
    const shifts = inserted.get(retry.line) ?? [];
    let column = retry.column;
    for (const at of shifts) if (at < column) column -= 'async '.length;
    return { line: retry.line, column: Math.max(column, 1), message: retry.message.replace(/^[^:]+:\d+:\d+: /, '') };
  }
  return original;
}

/** TypeScript → CommonJS for one learner file, or the compile problem with its real position. */
export function transpileOrProblem(file: string, source: string): { code: string } | { problem: Extract<RuntimeProblem, { kind: 'compile' }> } {
  try {
    return { code: transpileLeaf(file, source) };
  } catch (error) {
    if (!(error instanceof LeafCompileError)) throw error;
    const at = locateSyntaxError(file, source, error);
    return { problem: { kind: 'compile', file, ...at } };
  }
}
