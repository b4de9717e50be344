/**
 * Syntax errors only the engine finds. sucrase parses without checking scopes, so it accepts an
 * `await` outside an async function and a name declared twice; the engine rejects the code when
 * the loader evaluates it, with a SyntaxError that carries no position. The engine itself is
 * asked where: the code is compiled (never run) again with one candidate changed at a time.
 */
import type { Position } from './positions';
import { positionOf } from './transpile';

/** What V8, SpiderMonkey and JavaScriptCore say about an `await` outside an async function. */
const AWAIT_OUTSIDE_ASYNC = /await is only valid|await.*async function|Unexpected identifier.*await/i;
export const AWAIT_MESSAGE =
  '`await` is only allowed inside an async function: make the handler `async (c) => …`';

/** The name in V8's, SpiderMonkey's and JavaScriptCore's "declared twice" message. */
const REDECLARED =
  /Identifier '([\w$]+)' has already been declared|redeclaration of \w+ ([\w$]+)|declare a \w+ variable twice: '([\w$]+)'/;

/** Compiles `body` as a function body (the loader's wrapper), without running it; the SyntaxError or null. */
function compileError(body: string): SyntaxError | null {
  try {
    new Function(body);
    return null;
  } catch (error) {
    return error instanceof SyntaxError ? error : null;
  }
}

/** Offsets of `word` as a whole identifier, not a property (`x.await`) or part of a longer name. */
function occurrences(code: string, word: string): number[] {
  const escaped = word.replace(/\$/g, '\\$');
  return [...code.matchAll(new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`, 'g'))].map((match) => match.index);
}

/**
 * The `await` the engine rejects: each one is kept in turn with the others blanked out; the first
 * the engine still rejects is the learner's.
 */
export function findMisplacedAwait(code: string): Position | null {
  const spots = occurrences(code, 'await');
  for (const spot of spots) {
    let copy = '';
    let last = 0;
    for (const other of spots) {
      if (other === spot) continue;
      copy += `${code.slice(last, other)}     `;
      last = other + 'await'.length;
    }
    const error = compileError(copy + code.slice(last));
    if (error !== null && AWAIT_OUTSIDE_ASYNC.test(error.message)) return positionOf(code, spot);
  }
  return null;
}

/**
 * The two declarations of a name declared twice in one scope: renaming either one makes the
 * engine accept the code (renaming a use does not). The later is where the engine stops.
 */
export function findRedeclaration(code: string, name: string): { first: Position; second: Position } | null {
  const fixes = occurrences(code, name).filter((spot) => {
    const renamed = `${code.slice(0, spot)}${name}$$renamed${code.slice(spot + name.length)}`;
    const error = compileError(renamed);
    return error === null || !REDECLARED.test(error.message);
  });
  const [first, second] = fixes;
  if (fixes.length !== 2 || first === undefined || second === undefined) return null;
  return { first: positionOf(code, first), second: positionOf(code, second) };
}

/**
 * The engine's SyntaxError for `code` (what sucrase made of the learner's file) placed and put in
 * plain words, positions still in `code` (the caller maps them to the learner's), or null.
 */
export function locateEngineSyntaxError(
  code: string,
  error: unknown,
  toSource: (at: Position) => Position,
): { at: Position; message: string } | null {
  if (!(error instanceof SyntaxError)) return null;
  if (AWAIT_OUTSIDE_ASYNC.test(error.message)) {
    const spot = findMisplacedAwait(code);
    return spot === null ? null : { at: toSource(spot), message: AWAIT_MESSAGE };
  }
  const redeclared = REDECLARED.exec(error.message);
  const name = redeclared?.slice(1).find((group) => group !== undefined);
  if (name !== undefined) {
    const spots = findRedeclaration(code, name);
    if (spots === null) return null;
    const first = toSource(spots.first);
    return {
      at: toSource(spots.second),
      message: `\`${name}\` is already declared at line ${first.line}, column ${first.column} of this scope: rename one of them, or assign to the first (drop this \`const\`/\`let\`)`,
    };
  }
  return null;
}
