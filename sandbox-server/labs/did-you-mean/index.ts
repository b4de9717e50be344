/**
 * "Did you mean": the nearest known name to a misspelt one, for the "Fix: rename it to …" part of
 * authoring errors (frontmatter fields, lab manifest fields, Expert mode link ids). Pure; it lives
 * here, in the lowest folder that uses it (labs/manifest), because sandbox-server never imports the
 * site: src/content and src/modes import it from here.
 */

/** Levenshtein distance: the fewest single-character edits turning `a` into `b`. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

/**
 * The candidate closest to `name` (ignoring case), or undefined when none is close enough to be a
 * typo: at most 2 edits, or a third of the name's length for long names.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = distance(name.toLowerCase(), candidate.toLowerCase());
    if (score < bestScore) [best, bestScore] = [candidate, score];
  }
  return bestScore <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
