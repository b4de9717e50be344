/** Messages between the page and the lab Worker (structured-clone friendly: plain data only). */
import type { LabProblem } from '../../../sandbox-server/labs/host';
import type { CheckResult, LabRequest, LabResponse, LogLine, RuntimeProblem } from '../runtime';

/** What the page needs of a check before running it; `order` is its place in the catalog (results follow it). */
export type CheckMeta = Pick<CheckResult, 'id' | 'title' | 'hint'> & { order: number };

export type ToWorker =
  | {
      id: number;
      type: 'start';
      store: 'cookie' | 'server';
      origin: string;
      secret: string;
      files: Record<string, string>;
      learnerRoutes?: readonly string[];
    }
  | { id: number; type: 'request'; request: LabRequest }
  /** Titles and hints, to report checks that could not run (the worker was restarted). */
  | { id: number; type: 'describe'; ids: string[] }
  /** One check at a time, so the page's watchdog can tell which one never returned. */
  | { id: number; type: 'check'; checkId: string; fresh: boolean; timeoutMs: number };

export type FromWorker =
  | { type: 'loaded' }
  /** Log lines are batched: a loop of console.log must not flood the page with messages. */
  | { type: 'logs'; lines: LogLine[] }
  | { id: number; type: 'ok'; value: null | LabResponse | CheckResult | CheckMeta[] }
  | { id: number; type: 'problem'; problem: RuntimeProblem }
  | { id: number; type: 'error'; message: string };

/** The lab host's problem as the page shows it: a syntax error or a file that did not load, with its place when known. */
export function toRuntimeProblem(problem: LabProblem): RuntimeProblem {
  const at = problem.line === undefined ? {} : { line: problem.line, column: problem.column ?? 1 };
  if (problem.kind === 'compile')
    return {
      kind: 'compile',
      file: problem.file,
      line: problem.line ?? 1,
      column: problem.column ?? 1,
      message: problem.message,
    };
  return {
    kind: 'load',
    file: problem.file,
    ...at,
    message: problem.fix ? `${problem.message} ${problem.fix}` : problem.message,
  };
}
