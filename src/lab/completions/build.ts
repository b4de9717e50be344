/**
 * Builds the editor's completion table from the sandbox's own type declarations, with the
 * TypeScript compiler API, so what the editor offers cannot drift from what the server has: a
 * method added to Session, a new dep in LeafDeps or a Hono upgrade shows up in the next build.
 *
 * What it reads is what a leaf can reach: the deps it is given (`LeafDeps`, destructured or as
 * `deps`), the handler's context `c: Context<AppEnv>` with `c.req` and the session `c.get('session')`,
 * and the helpers learners import: hono/cookie and @sandbox/http. Object types declared in the
 * sandbox or in Hono are followed one property deeper (`tokens.refresh.`, `loginManager.remember.`).
 *
 * Build-time Node code: the Astro integration (../integration) serves the table to the editor as
 * the virtual module `virtual:lab-completions` (completionsPlugin); build.test.ts checks entries.
 * TypeScript is loaded only when the table is built, so loading the Astro config stays quick.
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import type { Plugin } from 'vite';
import type { CompletionEntry, CompletionTable } from './table';

const root = realpathSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'));
const sandboxSrc = join(root, 'sandbox-server', 'src') + sep;
// Its real path: TypeScript names declaration files by it, and node_modules may hold a symlink
// (a workspace, or the authoring test's copy of the project, which links the packages).
const honoTypes = realpathSync(join(root, 'node_modules', 'hono')) + sep;

/** The id the editor imports; resolved by completionsPlugin. */
export const COMPLETIONS_MODULE = 'virtual:lab-completions';

/** Helper modules whose exported functions are offered at the top level, as learners import them. */
const HELPER_MODULES = ['hono/cookie', '@sandbox/http'] as const;

/**
 * A file that is never written: it stands where a learner's leaf would, so every expression below
 * is typed exactly as in a route handler. Its path puts it inside the sandbox for `@sandbox/*`.
 */
const PROBE = join(sandboxSrc, '__completions-probe__.ts');
const PROBE_TEXT = `
import type { Context } from 'hono';
import type { AppEnv, LeafDeps } from '@sandbox/app/types';
${HELPER_MODULES.map((m, i) => `import * as helpers${i} from '${m}';`).join('\n')}
declare const c: Context<AppEnv>;
declare const deps: LeafDeps;
export const probes = {
  c: c,
  "c.req": c.req,
  "c.get('session')": c.get('session'),
  "c.var.session": c.var.session,
  session: c.get('session'),
  deps: deps,
};
export const helpers = { ${HELPER_MODULES.map((m, i) => `'${m}': helpers${i}`).join(', ')} };
`;

const compilerOptions = (ts: typeof TS): TS.CompilerOptions => ({
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  lib: ['lib.esnext.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  paths: { '@sandbox/*': [join(root, 'sandbox-server', 'src', '*')] },
});

export interface BuiltTable {
  table: CompletionTable;
  /** The sandbox files the table was read from (the dev server watches them). */
  files: string[];
}

export async function buildCompletionTable(): Promise<BuiltTable> {
  // Node's require, not import(): inside `astro build` this module runs in Vite's module runner,
  // which is closed by the time the plugin loads the table.
  const ts = createRequire(import.meta.url)('typescript') as typeof TS;
  const options = compilerOptions(ts);
  const host = ts.createCompilerHost(options, true);
  const probeSource = ts.createSourceFile(PROBE, PROBE_TEXT, ts.ScriptTarget.ESNext, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, ...rest) =>
    resolve(name) === PROBE ? probeSource : getSourceFile(name, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => resolve(name) === PROBE || fileExists(name);
  const program = ts.createProgram([PROBE], options, host);
  const problems = ts
    .getPreEmitDiagnostics(program, probeSource)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  // A renamed type or module must fail the build here, not leave the editor with an empty list.
  if (problems.length > 0)
    throw new Error(`lab completions: the sandbox's types no longer fit the probe:\n${problems.join('\n')}`);
  const checker = program.getTypeChecker();
  const reader = new Reader(ts, checker);

  const probes = exportedValue(checker, probeSource, 'probes');
  for (const probe of checker.getPropertiesOfType(probes)) {
    const key = reader.typeKey(checker.getTypeOfSymbol(probe));
    if (!key) throw new Error(`lab completions: ${probe.name} has no listable type`);
    reader.roots[probe.name] = key;
  }
  const depsKey = reader.roots['deps'];
  const globals: CompletionEntry[] = [];
  // Every dep is also a top-level name (leaves destructure them) and a root of its own members.
  for (const dep of depsKey ? (reader.types[depsKey] ?? []) : []) {
    globals.push({ ...dep, type: dep.type === 'method' ? 'function' : 'variable' });
    if (dep.of) reader.roots[dep.label] = dep.of;
  }
  const helpers = exportedValue(checker, probeSource, 'helpers');
  for (const module of HELPER_MODULES) {
    const namespace = checker.getTypeOfSymbol(checker.getPropertyOfType(helpers, module)!);
    for (const helper of checker.getPropertiesOfType(namespace)) {
      // `default` is the synthetic default export of a module that has none.
      if (helper.name === 'default') continue;
      const entry = reader.entry(helper);
      if (entry?.type === 'method') globals.push({ ...entry, type: 'function', module });
    }
  }

  const files = program
    .getSourceFiles()
    .map((file) => resolve(file.fileName))
    .filter((file) => file !== PROBE && file.startsWith(sandboxSrc));
  return { table: { types: reader.types, roots: reader.roots, globals }, files };
}

/** The type of an exported `const` of the probe. */
function exportedValue(checker: TS.TypeChecker, file: TS.SourceFile, name: string): TS.Type {
  const module = checker.getSymbolAtLocation(file);
  const symbol = module && checker.getExportsOfModule(module).find((s) => s.name === name);
  if (!symbol) throw new Error(`lab completions: the probe exports no ${name}`);
  return checker.getTypeOfSymbol(symbol);
}

class Reader {
  readonly types: Record<string, CompletionEntry[]> = {};
  readonly roots: Record<string, string> = {};
  /** Type key of each type already seen (a type is listed once, however many paths reach it). */
  readonly #keys = new Map<TS.Type, string>();
  readonly #ts: typeof TS;
  readonly #checker: TS.TypeChecker;

  constructor(ts: typeof TS, checker: TS.TypeChecker) {
    this.#ts = ts;
    this.#checker = checker;
  }

  /**
   * The key under which `type`'s members are listed, or undefined when it is not worth listing:
   * only named object types declared in the sandbox or in Hono (never strings, Response, Promise).
   */
  typeKey(type: TS.Type): string | undefined {
    const known = this.#keys.get(type);
    if (known) return known;
    const ts = this.#ts;
    if (!(type.flags & ts.TypeFlags.Object) || type.getCallSignatures().length > 0) return undefined;
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declared = symbol?.declarations?.[0]?.getSourceFile().fileName;
    if (!symbol || !declared || symbol.flags & ts.SymbolFlags.Module) return undefined;
    const file = resolve(declared);
    if (!file.startsWith(sandboxSrc) && !file.startsWith(honoTypes)) return undefined;
    let key = symbol.name;
    for (let n = 2; Object.hasOwn(this.types, key); n++) key = `${symbol.name}${n}`;
    this.#keys.set(type, key);
    this.types[key] = [];
    const members: CompletionEntry[] = [];
    for (const member of this.#checker.getPropertiesOfType(type)) {
      const entry = this.entry(member);
      if (entry) members.push(entry);
    }
    this.types[key] = members.sort((a, b) => a.label.localeCompare(b.label));
    return key;
  }

  /** One member or export as a completion; undefined for private, internal and deprecated ones. */
  entry(symbol: TS.Symbol): CompletionEntry | undefined {
    const ts = this.#ts;
    const checker = this.#checker;
    const name = symbol.name;
    if (name.startsWith('#') || name.startsWith('__')) return undefined;
    const declaration = symbol.declarations?.[0];
    if (
      declaration &&
      ts.getCombinedModifierFlags(declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)
    )
      return undefined;
    const tags = symbol.getJsDocTags(checker);
    if (tags.some((tag) => tag.name === 'deprecated' || tag.name === 'internal')) return undefined;
    const type = checker.getTypeOfSymbol(symbol);
    const signatures = type.getCallSignatures();
    let doc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const examples = tags
      .filter((tag) => tag.name === 'example')
      .map((tag) => fenceless(ts.displayPartsToString(tag.text)))
      .filter((text) => text.length > 0);
    const entry: CompletionEntry = { label: name, type: 'property', detail: '', doc };
    if (signatures.length > 0) {
      // A property typed by a callable interface (Hono's `json: JSONRespond`) may carry its doc on the signature.
      if (!doc) doc = ts.displayPartsToString(signatures[0]!.getDocumentationComment(checker)).trim();
      const texts = signatures.map((signature) => this.signature(signature));
      Object.assign(entry, { type: 'method', detail: texts[0], doc });
      if (texts.length > 1) entry.overloads = texts;
    } else {
      entry.detail = typeText(checker, type);
      const of = this.typeKey(type);
      if (of) entry.of = of;
    }
    if (examples.length > 0) entry.examples = examples;
    return entry;
  }

  /** `<T>(name: string, value?: T): R`: parameter names, types and optionality; type parameters by name only. */
  signature(signature: TS.Signature): string {
    const ts = this.#ts;
    const checker = this.#checker;
    const typeParameters = signature.getTypeParameters() ?? [];
    const generics = typeParameters.length ? `<${typeParameters.map((t) => t.symbol.name).join(', ')}>` : '';
    const parameters = signature.getParameters().map((parameter) => {
      const declaration = parameter.valueDeclaration;
      const node = declaration && ts.isParameter(declaration) ? declaration : undefined;
      const optional =
        node !== undefined && (node.questionToken !== undefined || node.initializer !== undefined);
      let type = typeText(checker, checker.getTypeOfSymbol(parameter));
      // Under strict, an optional parameter's type ends in `| undefined`: the `?` already says so.
      if (optional) type = type.replace(/ \| undefined$/, '');
      return `${node?.dotDotDotToken ? '...' : ''}${parameter.name}${optional ? '?' : ''}: ${type}`;
    });
    return `${generics}(${parameters.join(', ')}): ${typeText(checker, signature.getReturnType())}`;
  }
}

/**
 * A type as the learner would write it: Hono's `Context<any, any, {}>` (a helper's parameter, open to
 * any app) is just `Context` in a leaf.
 */
function typeText(checker: TS.TypeChecker, type: TS.Type): string {
  return checker.typeToString(type).replace(/\b(Context|HonoRequest)<[^<>]*>/g, '$1');
}

/** An @example's code without its Markdown fence. */
function fenceless(text: string): string {
  return text
    .replace(/^\s*```\w*\n?/, '')
    .replace(/\n?```\s*$/, '')
    .trim();
}

/** Serves the table to the editor as `virtual:lab-completions`, rebuilt in dev when a sandbox file changes. */
export function completionsPlugin(): Plugin {
  const resolved = `\0${COMPLETIONS_MODULE}`;
  return {
    name: 'logout-lab:lab-completions',
    resolveId: (id) => (id === COMPLETIONS_MODULE ? resolved : undefined),
    async load(id) {
      if (id !== resolved) return undefined;
      const { table, files } = await buildCompletionTable();
      for (const file of files) this.addWatchFile(file);
      return `export default ${JSON.stringify(table)};`;
    },
  };
}
