/**
 * "Export my work": the learner's drafts as one hand-in file (sandbox-server/labs/handin, the
 * same hashing the grader checks), downloaded by the browser. The instructor grades it with
 * `npm run lab -- grade`, which re-runs the checks: `claimed` only records what the page showed.
 */
import { version } from '../../../package.json';
import {
  createHandIn,
  handInFileName,
  type HandIn,
  type HandInFiles,
} from '../../../sandbox-server/labs/handin';

export const COURSE_VERSION: string = version;

export function labHandIn(
  lab: string,
  files: HandInFiles,
  claimed?: { passed: number; total: number },
): Promise<HandIn> {
  return createHandIn({
    lab,
    files,
    courseVersion: COURSE_VERSION,
    ...(claimed === undefined ? {} : { claimed: { ...claimed, at: new Date().toISOString() } }),
  });
}

/** Downloads the hand-in as `logout-lab-hand-in-<lab>-<day>.json`. */
export function download(handIn: HandIn): void {
  const blob = new Blob([`${JSON.stringify(handIn, null, 2)}\n`], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = handInFileName(handIn);
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
