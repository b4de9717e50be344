/**
 * Positions in the learner's TypeScript from positions in the JavaScript the engine runs.
 *
 * sucrase keeps every line where it was, but not every column: it drops type annotations
 * (`(app: LeafApp)` → `(app)`) and rewrites calls of imported names (`deleteCookie(c)` →
 * `_cookie.deleteCookie.call(void 0, c)`), and the loader's wrapper sits on line 1. Its source map
 * maps the start of each generated token to the start of the original one, which is exactly what a
 * stack frame points at (V8 reports the position of a token: the `new`, the callee, the `throw`).
 */

/** One mapping segment: generated column → original line and column (all 0-based). */
interface Segment {
  column: number;
  sourceLine: number;
  sourceColumn: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes a source map's `mappings` (Base64 VLQ, one source) into segments per generated line. */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const line of mappings.split(';')) {
    const segments: Segment[] = [];
    let column = 0;
    for (const text of line.split(',')) {
      if (text === '') continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of text) {
        const digit = BASE64.indexOf(char);
        if (digit < 0) throw new Error(`bad source map character ${JSON.stringify(char)}`);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
          continue;
        }
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
      column += fields[0] ?? 0;
      if (fields.length < 4) continue; // a segment that maps to no source
      sourceLine += fields[2] ?? 0;
      sourceColumn += fields[3] ?? 0;
      segments.push({ column, sourceLine, sourceColumn });
    }
    lines.push(segments);
  }
  return lines;
}

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Maps positions of the generated code back to the source. Without mappings (the WebContainer's
 * loader gets code the page already transpiled) positions are taken as they are.
 */
export class PositionMap {
  // Decoded on first use: most loads never show a position.
  readonly #inputs: { source: string; code: string; mappings: string | undefined };
  #decoded: { lines: Segment[][]; code: string[]; source: string[] } | null = null;
  #next: PositionMap | null = null;

  constructor(source: string, code: string, mappings?: string) {
    this.#inputs = { source, code, mappings };
  }

  get #maps(): { lines: Segment[][]; code: string[]; source: string[] } {
    const { source, code, mappings } = this.#inputs;
    this.#decoded ??= {
      lines: mappings === undefined ? [] : decodeMappings(mappings),
      code: code.split('\n'),
      source: source.split('\n'),
    };
    return this.#decoded;
  }

  /** This map followed by `next` (code transpiled twice: TypeScript → page JavaScript → loader JavaScript). */
  then(next: PositionMap): PositionMap {
    this.#next = next;
    return this;
  }

  /** The source position of a generated one (1-based both). */
  original(at: Position): Position {
    const here = this.#step(at);
    return this.#next === null ? here : this.#next.original(here);
  }

  #step(at: Position): Position {
    const maps = this.#maps;
    const segments = maps.lines[at.line - 1];
    if (!segments?.length) return at;
    const column = at.column - 1;
    let segment: Segment | undefined;
    for (const candidate of segments) {
      if (candidate.column > column) break;
      segment = candidate;
    }
    // Before the first token of the line (sucrase's `"use strict";…` prefix on line 1): the line's first token.
    segment ??= segments[0];
    if (segment === undefined) return at;
    const code = maps.code[at.line - 1] ?? '';
    const sourceLine = maps.source[segment.sourceLine] ?? '';
    let sourceColumn = segment.sourceColumn;
    // sucrase writes `f(a)` of an imported `f` as `_m.f.call(void 0, a)` and maps `a` to the `(`:
    // the first argument is really just after it.
    if (sourceLine[sourceColumn] === '(' && code[segment.column] !== '(') {
      const next = sourceLine.slice(sourceColumn + 1).search(/\S/);
      if (next >= 0 && sourceLine[sourceColumn + 1 + next] === code[segment.column]) sourceColumn += 1 + next;
    }
    // Inside a token: keep the offset when that stretch is the same text in both (an unchanged
    // identifier, a string); otherwise the token's start is the best answer.
    const offset = Math.max(0, column - segment.column);
    const same =
      code.slice(segment.column, segment.column + offset) ===
      sourceLine.slice(sourceColumn, sourceColumn + offset);
    const inside = offset > 0 && same ? offset : 0;
    return { line: segment.sourceLine + 1, column: sourceColumn + inside + 1 };
  }
}

/** `routes/logout.ts:12:5` in any stack format (V8 `at f (file:l:c)`, Firefox/Safari `f@file:l:c`). */
export function framePattern(file: string): RegExp {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w./-])${escaped}:(\\d+):(\\d+)`, 'g');
}

/**
 * Rewrites the frames of `file` in a stack trace with `toSource` (generated → learner position).
 * Frames of other files are left alone.
 */
export function mapStackText(stack: string, file: string, toSource: (at: Position) => Position): string {
  return stack.replace(framePattern(file), (_match, line: string, column: string) => {
    const at = toSource({ line: Number(line), column: Number(column) });
    return `${file}:${at.line}:${at.column}`;
  });
}
