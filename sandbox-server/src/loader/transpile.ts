/**
 * The transpile step of the leaf loader on its own: sucrase and the two error types, without the
 * module map. The page-side transpile of the WebContainer runtime imports this file, so the page
 * does not also download hono and the sandbox server (they are already in the WebContainer tree).
 */
import { transform } from 'sucrase';

/** A syntax error in a learner file, with a 1-based line and column. */
export class LeafCompileError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor(file: string, line: number, column: number, message: string) {
    super(`${file}:${line}:${column}: ${message}`);
    this.name = 'LeafCompileError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** A learner file that compiled but could not be loaded: it threw, imported something unknown, or exports no leaf. */
export class LeafLoadError extends Error {
  readonly file: string;
  constructor(file: string, message: string, cause?: unknown) {
    super(`${file}: ${message}`, cause === undefined ? undefined : { cause });
    this.name = 'LeafLoadError';
    this.file = file;
  }
}

/** TypeScript → CommonJS with sucrase. Line numbers are preserved, so stack traces point at the learner's lines. */
export function transpileLeaf(file: string, source: string): string {
  if (typeof source !== 'string') throw new LeafLoadError(file, 'the file content must be a string');
  try {
    return transform(source, { transforms: ['typescript', 'imports'], filePath: file }).code;
  } catch (error) {
    const loc = (error as { loc?: { line?: number; column?: number } }).loc;
    const raw = error instanceof Error ? error.message : String(error);
    // sucrase: "Error transforming <file>: Unexpected token (3:14)" — keep the part a person needs.
    const message = raw.replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
    throw new LeafCompileError(file, loc?.line ?? 1, loc?.column ?? 1, message);
  }
}
