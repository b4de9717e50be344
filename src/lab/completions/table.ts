/**
 * The shape of the completion table: what build.ts reads out of the sandbox's type declarations at
 * build time and the editor offers while the learner types (index.ts). Types only.
 */

/** One completion, as CodeMirror shows it: the name, its signature or type, its doc comment. */
export interface CompletionEntry {
  label: string;
  /** CodeMirror's icon: a method or function is called, a property or variable is read. */
  type: 'method' | 'property' | 'function' | 'variable';
  /** The signature of a method or function (`(key: string) => string | undefined`), the type of anything else. */
  detail: string;
  /** The doc comment, as written in the declaration (may be empty: not every declaration has one). */
  doc: string;
  /** Every call signature, when there are several (overloads), in declaration order. */
  overloads?: string[];
  /** `@example` blocks of the doc comment, code only. */
  examples?: string[];
  /** Where a top-level helper is imported from (`hono/cookie`): the learner's file needs that import. */
  module?: string;
  /** The type (a key of `CompletionTable.types`) of this property's value, so `tokens.refresh.` can be completed. */
  of?: string;
}

export interface CompletionTable {
  /** Members of each object type the labs reach, by type name (`Session`, `Context`, `HonoRequest`...). */
  types: Record<string, CompletionEntry[]>;
  /**
   * Expressions a learner writes before a dot, normalised (no spaces, single quotes), and the type
   * each one has: `c` → Context, `c.req` → HonoRequest, `c.get('session')` and `session` → Session,
   * `tokens` (a destructured dep) → TokenService. A longer chain is walked through `of`.
   */
  roots: Record<string, string>;
  /** Identifiers worth offering anywhere: the deps a leaf is given, the cookie and request helpers. */
  globals: CompletionEntry[];
}
