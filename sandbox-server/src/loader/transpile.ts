/**
 * The transpile step of the leaf loader on its own: sucrase, the two error types and the syntax
 * error locator, without the module map. The page-side transpile of the WebContainer runtime
 * imports this file, so the page does not also download hono and the sandbox server (they are
 * already in the WebContainer tree).
 */
import { transform, type Transform } from 'sucrase';
import { PositionMap } from './positions';

/** A syntax error in a learner file, with a 1-based line and column. */
export class LeafCompileError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The message without the `file:line:column: ` it starts with. */
  readonly detail: string;
  constructor(file: string, line: number, column: number, message: string) {
    super(`${file}:${line}:${column}: ${message}`);
    this.name = 'LeafCompileError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = message;
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

/** A transpiled file and the way back from its positions to the learner's. */
export interface Transpiled {
  code: string;
  map: PositionMap;
}

const OPTIONS: { transforms: Transform[] } = { transforms: ['typescript', 'imports'] };

/**
 * TypeScript → CommonJS with sucrase, and the map from the code's positions to the source's.
 * Lines are preserved (sucrase never adds or removes a line break), so only columns need the map.
 * A syntax error throws LeafCompileError at the place the learner has to fix.
 */
export function transpileMapped(file: string, source: string): Transpiled {
  if (typeof source !== 'string') throw new LeafLoadError(file, 'the file content must be a string');
  try {
    // The WebContainer tree replaces sucrase with a stub that returns the code alone (no map).
    const result: { code: string; sourceMap?: { mappings: string } } = transform(source, {
      ...OPTIONS,
      filePath: file,
      sourceMapOptions: { compiledFilename: file },
    });
    // Code the page transpiled for the WebContainer carries its own way back to the TypeScript.
    const carried = carriedPositions(source);
    const map = new PositionMap(source, result.code, result.sourceMap?.mappings);
    return {
      code: result.code,
      map: carried === null ? map : map.then(new PositionMap(carried.source, source, carried.mappings)),
    };
  } catch (error) {
    const at = parseFailure(error);
    if (at === null) throw error;
    let real = locateSyntaxError(source, at);
    const string = unterminatedString(source, real.pos);
    if (string >= 0) real = { pos: string, message: UNTERMINATED };
    const { line, column } = positionOf(source, real.pos);
    throw new LeafCompileError(file, line, column, explain(source, real));
  }
}

/** TypeScript → CommonJS with sucrase. Line numbers are preserved, so stack traces point at the learner's lines. */
export function transpileLeaf(file: string, source: string): string {
  return transpileMapped(file, source).code;
}

const UNTERMINATED = 'Unterminated string';

/** Starts the last line of code transpiled for another runtime: the map back to the learner's TypeScript. */
const POSITIONS_COMMENT = '//# leafPositions=';

/**
 * TypeScript → CommonJS for a runtime that evaluates the code elsewhere (the page transpiles for
 * the WebContainer, whose loader gets JavaScript and no sucrase): the map back to the learner's
 * positions rides along in a comment on an extra last line, so that loader reports the same
 * lines and columns as the others. URI-encoded: the JSON may hold U+2028, which ends a comment.
 */
export function transpileCarryingPositions(file: string, source: string): string {
  if (typeof source !== 'string') throw new LeafLoadError(file, 'the file content must be a string');
  let result: { code: string; sourceMap?: { mappings: string } };
  try {
    result = transform(source, { ...OPTIONS, filePath: file, sourceMapOptions: { compiledFilename: file } });
  } catch {
    return transpileLeaf(file, source); // throws the located LeafCompileError
  }
  if (result.sourceMap === undefined) return result.code;
  const positions = encodeURIComponent(JSON.stringify({ mappings: result.sourceMap.mappings, source }));
  return `${result.code}\n${POSITIONS_COMMENT}${positions}`;
}

/** The map a transpileCarryingPositions output carries, or null. */
function carriedPositions(code: string): { mappings: string; source: string } | null {
  const at = code.lastIndexOf(`\n${POSITIONS_COMMENT}`);
  if (at < 0 || code.indexOf('\n', at + 1) >= 0) return null;
  try {
    const value = JSON.parse(decodeURIComponent(code.slice(at + 1 + POSITIONS_COMMENT.length))) as {
      mappings?: unknown;
      source?: unknown;
    };
    return typeof value.mappings === 'string' && typeof value.source === 'string'
      ? { mappings: value.mappings, source: value.source }
      : null;
  } catch {
    return null; // not ours after all: positions stay the code's
  }
}

interface Failure {
  /** 0-based offset in the parsed text. */
  pos: number;
  /** sucrase's message without the file and position. */
  message: string;
}

/** sucrase's error as offset + message, or null when it is not a parse error. */
function parseFailure(error: unknown): Failure | null {
  const pos = (error as { pos?: unknown } | null)?.pos;
  if (!(error instanceof Error) || typeof pos !== 'number') return null;
  // "Error transforming <file>: Unexpected token (3:14)": keep the part a person needs.
  const message = error.message.replace(/^Error transforming .*?: /, '').replace(/ \(\d+:\d+\)$/, '');
  return { pos, message };
}

function parse(text: string): Failure | null {
  try {
    transform(text, OPTIONS);
    return null;
  } catch (error) {
    return parseFailure(error);
  }
}

/** 1-based line and column of a 0-based offset (columns count UTF-16 units, as V8 and editors do). */
export function positionOf(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, pos));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: before.length - lineStart + 1 };
}

const ASYNC = 'async ';
/** Arrow parameters (one level of nested parentheses, e.g. a default `x = f()`) and an optional return type, right before `=>`. */
const ARROW_HEAD_BEFORE = /(?:\((?:[^()]|\([^()]*\))*\)|[A-Za-z_$][\w$]*)\s*(?::[^=;{}()]*)?$/;
const ARROW_HEAD_AT = /^\((?:[^()]|\([^()]*\))*\)\s*(?::[^=;{}()]*)?=>/;

/**
 * Where the arrow function sucrase blamed starts (its parameters), or -1. sucrase (a
 * Babel-derived parser) parses `(c) => { … }` speculatively in TypeScript mode and, when the body
 * has a syntax error, backtracks and blames the arrow (its `(` or its `=>`) instead.
 */
function blamedArrow(text: string, pos: number): number {
  if (text.startsWith('=>', pos)) {
    const from = Math.max(0, pos - 2000);
    const before = text.slice(from, pos).trimEnd();
    const head = ARROW_HEAD_BEFORE.exec(before);
    if (!head) return -1;
    const start = from + head.index;
    return /\basync\s*$/.test(text.slice(0, start)) ? -1 : start;
  }
  if (text[pos] === '(' && ARROW_HEAD_AT.test(text.slice(pos, pos + 2000))) {
    return /\basync\s*$/.test(text.slice(0, pos)) ? -1 : pos;
  }
  return -1;
}

/**
 * The real position of a syntax error. Nearly every route handler is an arrow `(c) => { … }`, so
 * sucrase would send the learner to the `app.post(` line for any mistake inside one. An `async`
 * arrow is parsed directly, without the speculation; so the blamed arrow is made `async` in a copy
 * and the copy parsed again, repeating for each enclosing arrow (the handler sits inside
 * `export default (app) => { … }`). Only the position and message are taken from the copy; its
 * offsets are mapped back to the learner's text.
 */
export function locateSyntaxError(source: string, first: Failure): Failure {
  const inserted: number[] = []; // offsets in `source`, ascending
  const toSource = (pos: number): number => {
    let shift = 0;
    for (const [index, at] of inserted.entries()) {
      const inCopy = at + index * ASYNC.length;
      if (pos < inCopy) break;
      if (pos < inCopy + ASYNC.length) return at;
      shift += ASYNC.length;
    }
    return pos - shift;
  };
  const copyOf = (): string => {
    let copy = '';
    let last = 0;
    for (const at of inserted) {
      copy += source.slice(last, at) + ASYNC;
      last = at;
    }
    return copy + source.slice(last);
  };
  let best = first;
  for (let round = 0; round < 50; round++) {
    const arrow = blamedArrow(source, best.pos);
    if (arrow < 0 || inserted.includes(arrow)) break;
    inserted.push(arrow);
    inserted.sort((a, b) => a - b);
    const retry = parse(copyOf());
    // The copy parses: the arrow itself was the mistake, and sucrase's place is right.
    if (retry === null) break;
    const pos = toSource(retry.pos);
    // The copy fails at an `async` it was given (say, in a function type): that one was not an
    // arrow function, keep the last real answer. Anything else, even further up (the arrow around
    // a curried `(c) => (d) => {`), is the next candidate.
    if (inserted.includes(pos)) break;
    best = { pos, message: retry.message };
  }
  return best;
}

/**
 * The first `'…'` or `"…"` string before `end` that reaches the end of its line unclosed, or -1.
 * sucrase lets such a string run on into the next line and reports wherever that ends. (A
 * regular expression literal holding a quote can mislead it; it only runs on a file that fails.)
 */
function unterminatedString(source: string, end: number): number {
  for (let i = 0; i < end; i++) {
    const char = source[i];
    if (char === '/' && source[i + 1] === '/') {
      while (i < end && source[i] !== '\n') i++;
    } else if (char === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 1;
    } else if (char === '`') {
      // Template text may hold quotes and line breaks; `${…}` inside is rare enough to skip whole.
      for (i++; i < end && source[i] !== '`'; i++) if (source[i] === '\\') i++;
    } else if (char === "'" || char === '"') {
      const start = i;
      for (i++; i < source.length && source[i] !== char; i++) {
        if (source[i] === '\\') i++;
        else if (source[i] === '\n') return start;
      }
      if (i >= source.length) return start;
    }
  }
  return -1;
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * The innermost bracket still open at `end`, skipping strings, template text and comments (a
 * regular expression literal with a bracket in it can mislead it; this only words a hint).
 */
function openBracket(source: string, end: number): { char: string; pos: number } | null {
  const stack: { char: string; pos: number; template?: boolean }[] = [];
  let i = 0;
  const skipString = (quote: string): void => {
    for (i++; i < end && source[i] !== quote && source[i] !== '\n'; i++) if (source[i] === '\\') i++;
  };
  const skipTemplate = (): void => {
    // From inside a template's text to its end or to a `${`, which is pushed like a brace.
    for (; i < end; i++) {
      if (source[i] === '\\') i++;
      else if (source[i] === '`') return;
      else if (source[i] === '$' && source[i + 1] === '{') {
        stack.push({ char: '{', pos: i + 1, template: true });
        i++;
        return;
      }
    }
  };
  for (; i < end; i++) {
    const char = source[i] ?? '';
    const next = source[i + 1];
    if (char === '/' && next === '/') {
      while (i < end && source[i] !== '\n') i++;
    } else if (char === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 1;
    } else if (char === "'" || char === '"') {
      skipString(char);
    } else if (char === '`') {
      i++;
      skipTemplate();
    } else if (char in CLOSER) {
      stack.push({ char, pos: i });
    } else if (char === ')' || char === ']' || char === '}') {
      const top = stack.pop();
      if (top?.template && char === '}') {
        i++;
        skipTemplate();
      }
    }
  }
  const top = stack.at(-1);
  return top === undefined ? null : { char: top.char, pos: top.pos };
}

/** The token at `pos` as the learner wrote it, for the message (`return`, `'"cookies"'`, `)`). */
function tokenAt(source: string, pos: number): string {
  const rest = source.slice(pos);
  const match = /^(?:[A-Za-z_$][\w$]*|\d[\w.]*|'(?:[^'\\\n]|\\.)*'?|"(?:[^"\\\n]|\\.)*"?|=>|\S)/.exec(rest);
  const text = match?.[0] ?? '';
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

/**
 * sucrase's message in plain words: which token it stopped at and, when a bracket is still open
 * there, which one (a missing `)`, `}` or `,` is what learners actually get wrong).
 */
function explain(source: string, failure: Failure): string {
  const token = tokenAt(source, failure.pos);
  if (token === '') {
    const open = openBracket(source, source.length);
    if (open === null) return `Unexpected end of file: ${failure.message}`;
    const at = positionOf(source, open.pos);
    return `Unexpected end of file: the \`${open.char}\` at line ${at.line}, column ${at.column} is never closed (a \`${CLOSER[open.char]}\` is missing)`;
  }
  let message = failure.message
    .replace(/^Unexpected token/, `Unexpected token \`${token}\``)
    .replace(/expected "(.+?)"$/, 'expected `$1`');
  if (failure.message === UNTERMINATED) {
    const quote = source[failure.pos] ?? "'";
    return `Unterminated string: the \`${quote}\` here has no closing \`${quote}\` on its line`;
  }
  // The hint is about brackets and commas, so only where one is the likely cause: the parser
  // wanted a `,`, met a closing bracket, or met the first token of a line (the line before ends
  // early). `const return = 1` or an unterminated string says what is wrong by itself.
  const lineStart = source.lastIndexOf('\n', failure.pos - 1) + 1;
  const firstOnLine = source.slice(lineStart, failure.pos).trim() === '';
  const closer = token === ')' || token === ']' || token === '}';
  const likely =
    /^Unexpected (token|keyword)/.test(failure.message) &&
    (/expected ","$/.test(failure.message) || closer || firstOnLine);
  const open = likely ? openBracket(source, failure.pos) : null;
  if (open !== null && CLOSER[open.char] !== token) {
    const at = positionOf(source, open.pos);
    const where =
      at.line === positionOf(source, failure.pos).line
        ? `column ${at.column}`
        : `line ${at.line}, column ${at.column}`;
    const want = CLOSER[open.char] ?? ')';
    message += closer
      ? `. The \`${open.char}\` at ${where} is still open here: is a \`${want}\` missing before \`${token}\`, or is this \`${token}\` one too many?`
      : `. The \`${open.char}\` at ${where} is still open here: is a \`${want}\` or a \`,\` missing before \`${token}\`?`;
  }
  return message;
}
