/**
 * The page-side transpile the WebContainer runtime uses: the loader's transpile step on its own,
 * kept apart from the lab host (sandbox-server/labs/host) so the page can transpile without
 * bundling the whole server. The
 * loader's LeafCompileError already carries the real position of a syntax error.
 */
import { LeafCompileError, transpileCarryingPositions } from '../../../sandbox-server/src/loader/transpile';
import type { RuntimeProblem } from '../runtime';

/**
 * TypeScript → CommonJS for one learner file, or the compile problem with its real position. The
 * code carries its map back to the TypeScript, so the WebContainer's loader places stack frames
 * and a misplaced `await` at the learner's lines and columns.
 */
export function transpileOrProblem(
  file: string,
  source: string,
): { code: string } | { problem: Extract<RuntimeProblem, { kind: 'compile' }> } {
  try {
    return { code: transpileCarryingPositions(file, source) };
  } catch (error) {
    if (!(error instanceof LeafCompileError)) throw error;
    return {
      problem: { kind: 'compile', file, line: error.line, column: error.column, message: error.detail },
    };
  }
}
