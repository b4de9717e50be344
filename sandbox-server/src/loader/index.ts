/**
 * compileLeaves: turn the learner's TypeScript route files into leaf modules the app factory can
 * compose. sucrase strips the types and rewrites `import`/`export` to CommonJS; the code is then
 * evaluated with a `require` that knows ONLY the modules of `buildModuleMap()` (hono, the hono
 * helpers the sandbox uses, and the sandbox's own `@sandbox/*` modules). The same loader runs in
 * Node (CLI, tests) and in the browser Worker.
 *
 * Types are not checked here (sucrase does not type-check): a type error still runs, a syntax
 * error does not.
 *
 * Every position the learner is shown is theirs: a syntax error is placed where they must fix it
 * (transpile.ts; engine.ts for the ones only the engine finds), and the frames of their file in a
 * stack trace (a throw at load, at registration, in a handler, in their `console.error(error)`)
 * are mapped back to their TypeScript's lines and columns (positions.ts).
 */
import * as hono from 'hono';
import * as honoCookie from 'hono/cookie';
import * as honoCsrf from 'hono/csrf';
import * as honoHttpException from 'hono/http-exception';
import * as honoJwt from 'hono/jwt';
import * as sandboxCrypto from '../crypto';
import * as sandboxCsrf from '../csrf';
import * as sandboxHttp from '../http';
import * as sandboxLoginManager from '../login-manager';
import * as sandboxSession from '../session';
import * as sandboxTokens from '../tokens';
import * as sandboxUsers from '../users';
import * as sandboxViews from '../views';
import type { LeafModule } from '../app/types';
import { mapStackText, type Position } from './positions';
import { locateEngineSyntaxError } from './engine';
import { LeafCompileError, LeafLoadError, transpileMapped } from './transpile';

export { AWAIT_MESSAGE, findMisplacedAwait, findRedeclaration } from './engine';
export { LeafCompileError, LeafLoadError, transpileLeaf, transpileMapped } from './transpile';

type ModuleMap = Record<string, unknown>;

/** Mark an ES namespace as an ES module so sucrase's interop helpers treat it as one. */
const esm = (ns: object): ModuleMap => ({ __esModule: true, ...ns });

/**
 * Specifier → module object, for every import a learner file may use. Exported so the browser
 * Worker (and any other runtime) evaluates leaves against exactly the same modules.
 */
export function buildModuleMap(): ModuleMap {
  return {
    hono: esm(hono),
    'hono/cookie': esm(honoCookie),
    'hono/csrf': esm(honoCsrf),
    'hono/http-exception': esm(honoHttpException),
    'hono/jwt': esm(honoJwt),
    '@sandbox/app/types': esm({}),
    '@sandbox/crypto': esm(sandboxCrypto),
    '@sandbox/csrf': esm(sandboxCsrf),
    '@sandbox/http': esm(sandboxHttp),
    '@sandbox/login-manager': esm(sandboxLoginManager),
    '@sandbox/session': esm(sandboxSession),
    '@sandbox/tokens': esm(sandboxTokens),
    '@sandbox/users': esm(sandboxUsers),
    '@sandbox/views': esm(sandboxViews),
  };
}

export interface CompileOptions {
  /** The `console` learner code sees (to capture its logs). Default: the global console. */
  console?: Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'>;
  /** Override the module map (defaults to buildModuleMap()). */
  modules?: ModuleMap;
  /**
   * compileLeaves calls it just before each file's top-level code runs (`load`) and before its
   * exported function registers routes (`register`), so a watchdog in another thread can name the
   * file that never finished (sandbox-server/labs/isolate).
   */
  onStep?: (step: { file: string; stage: 'load' | 'register' }) => void;
}

/**
 * The function the learner's code is the body of. It shares line 1 with the code, so the engine
 * counts lines as the learner does: `new Function(...)` would put two lines above the body
 * (`function anonymous(exports, …\n) {\n`), and every stack trace would say line 14 for line 12.
 */
const HEADER = '(function (exports, require, module, console) {';

/** Compile and evaluate one learner file. */
export function compileLeaf(file: string, source: string, options: CompileOptions = {}): LeafModule {
  const { code, map } = transpileMapped(file, source);
  const modules = options.modules ?? buildModuleMap();
  const allowed = Object.keys(modules);
  const require = (specifier: string): unknown => {
    if (Object.hasOwn(modules, specifier)) return modules[specifier];
    throw new LeafLoadError(
      file,
      `cannot import "${specifier}". Route files may import only: ${allowed.join(', ')}`,
    );
  };
  // Engine positions → the learner's: the header shifts line 1, sucrase shifts some columns.
  const toSource = (at: Position): Position =>
    map.original(at.line === 1 ? { line: 1, column: Math.max(1, at.column - HEADER.length) } : at);
  const mapped = new WeakSet<Error>();
  const mapStack = (error: Error): void => {
    if (mapped.has(error)) return; // twice would map mapped positions
    mapped.add(error);
    try {
      if (typeof error.stack === 'string') error.stack = mapStackText(error.stack, file, toSource);
    } catch {
      // A frozen error or a read-only stack: its positions stay the engine's.
    }
  };
  // The learner's `console.error(error)` prints a stack too: the same positions as everywhere else.
  const base = options.console ?? globalThis.console;
  const learnerConsole = Object.create(base) as typeof base;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    learnerConsole[level] = (...args: unknown[]) => {
      for (const arg of args) if (arg instanceof Error) mapStack(arg);
      base[level](...args);
    };
  }
  // The name ends the code in a comment: a line break in it would end the comment.
  if (/[\r\n\u2028\u2029]/.test(file))
    throw new LeafLoadError(file, 'a file name cannot contain a line break');
  let evaluate: (...args: unknown[]) => void;
  try {
    // Indirect eval: global scope only, like `new Function`, and sourceURL names the file in stack
    // traces. The wrapper is no security boundary (nor was `new Function`'s): the code already
    // runs with everything its realm has, and the realm (the Worker, the sandboxed child) is it.
    evaluate = (0, eval)(`${HEADER}${code}\n})\n//# sourceURL=${file}`) as typeof evaluate;
  } catch (error) {
    const located = locateEngineSyntaxError(code, error, (at) => map.original(at));
    if (located !== null)
      throw new LeafCompileError(file, located.at.line, located.at.column, located.message);
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new LeafLoadError(file, `the file does not compile: ${message}`, error);
  }
  const module = { exports: {} as Record<string, unknown> };
  try {
    evaluate(module.exports, require, module, learnerConsole);
  } catch (error) {
    if (error instanceof LeafLoadError) throw error;
    if (error instanceof Error) mapStack(error);
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new LeafLoadError(file, `the file threw while loading: ${message}`, error);
  }
  const leaf = module.exports.default;
  if (typeof leaf !== 'function') {
    throw new LeafLoadError(
      file,
      'the file must `export default function (app, deps) { ... }` that registers its routes',
    );
  }
  return {
    default: (app, deps) => {
      try {
        (leaf as LeafModule['default'])(app, deps);
      } catch (error) {
        if (error instanceof Error) mapStack(error);
        throw error;
      }
    },
    mapStack,
  };
}

/** Compile every file of `files` (path → TypeScript source). Stops at the first broken file. */
export function compileLeaves(
  files: Record<string, string>,
  options: CompileOptions = {},
): Record<string, LeafModule> {
  if (typeof files !== 'object' || files === null)
    throw new TypeError('compileLeaves: files must be { path: source }');
  const modules = options.modules ?? buildModuleMap();
  const { onStep } = options;
  const out: Record<string, LeafModule> = {};
  for (const [file, source] of Object.entries(files)) {
    onStep?.({ file, stage: 'load' });
    const leaf = compileLeaf(file, source, { ...options, modules });
    out[file] =
      onStep === undefined
        ? leaf
        : {
            ...leaf,
            default: (app, deps) => {
              onStep({ file, stage: 'register' });
              leaf.default(app, deps);
            },
          };
  }
  return out;
}
