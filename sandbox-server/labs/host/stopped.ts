/**
 * Stopped results, catalog-free (types only), so the page side of the Worker runtime can import
 * it without bundling the checks: its Worker is frozen by the loop and cannot say them itself.
 */
import type { CheckResult, Hint } from '../../checks/types';

/** What a stopped result needs to know of a check (the page side has no catalog: it asks for these). */
export interface CheckMeta {
  id: string;
  title: string;
  hint: Hint;
}

/**
 * The results of a run that had to stop: `checks[0]` did not finish within `limitMs` and the server
 * stopped answering, so the rest were not run. Catalog-free (it takes `CheckMeta`), so the page
 * side of the Worker runtime, whose Worker is frozen by the loop, says exactly what the others say.
 */
export function stoppedResults(checks: readonly CheckMeta[], limitMs: number): CheckResult[] {
  const [stuck, ...rest] = checks;
  if (!stuck) return [];
  const seconds = limitMs / 1000;
  const result = (check: CheckMeta, message: string): CheckResult => ({
    id: check.id as CheckResult['id'],
    title: check.title,
    status: 'error',
    message,
    hint: check.hint,
    trace: [],
    logs: '',
    serverLog: '',
  });
  return [
    result(
      stuck,
      `Stopped: your code did not finish check ${stuck.id} within ${seconds} seconds, so it is probably stuck in an endless loop. The lab stopped the server running the checks and started a fresh one; your code is unchanged.`,
    ),
    ...rest.map((check) =>
      result(
        check,
        `Not run: the lab stopped the server running the checks after ${stuck.id} stopped answering. Fix the endless loop, then run the checks again.`,
      ),
    ),
  ];
}
