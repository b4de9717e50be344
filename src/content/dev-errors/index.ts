/**
 * The latest frontmatter error of each content file, shared between the content loader (which
 * records it) and the `astro dev` feedback integration (which shows it in the browser). In dev,
 * Astro's glob loader only LOGS a file that fails to reload and keeps serving its last valid
 * version, so without this an instructor sees nothing wrong in the page. Both sides run in the one
 * `astro dev` process but are loaded by different module graphs, hence a global registry.
 */
const key = Symbol.for('logout-lab.content-errors');

type Listener = (file: string, error: Error | undefined) => void;

interface Registry {
  errors: Map<string, Error>;
  listeners: Set<Listener>;
}

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  holder[key] ??= { errors: new Map(), listeners: new Set() };
  return holder[key];
}

/** Records (or with `undefined`, clears) the error of an absolute file path. */
export function reportContentError(file: string, error: Error | undefined): void {
  const { errors, listeners } = registry();
  if (error) errors.set(file, error);
  else errors.delete(file);
  for (const listener of listeners) listener(file, error);
}

/** Calls `listener` after every report (an error, or `undefined` when the file loads again); returns an unsubscribe. */
export function onContentError(listener: Listener): () => void {
  const { listeners } = registry();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Every recorded error, by absolute file path. */
export function contentErrors(): [string, Error][] {
  return [...registry().errors];
}
