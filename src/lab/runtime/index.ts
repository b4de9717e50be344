/**
 * The one interface every lab runtime implements, and the shape of an entry of the runtime table.
 * Types only, so anything may import it without pulling in code or closing an import cycle: the
 * table itself is ../adapters, the error class for learner mistakes ../problem. The store and the
 * UI talk only to these types; the adapters (a dedicated Worker, a WebContainer) are imported
 * lazily, so a lesson page ships none of them until "Start lab" is pressed and only the one in use
 * is ever downloaded.
 */
import type { CheckResult, ThrownError } from '../../../sandbox-server/checks/types';

export type { CheckResult, ThrownError };
export type RuntimeKind = 'worker' | 'webcontainer';
export type Files = Record<string, string>;

export interface LabDefinition {
  /** Lesson folder name, e.g. `05-session-security`. */
  lessonId: string;
  store: 'cookie' | 'server';
  /** Check ids of this lab, in catalog order. */
  checks: string[];
  /** The routes the learner writes (check messages say "your POST /prefs"); default: those of the editable files. */
  learnerRoutes?: readonly string[];
}

/** One request from the console or the preview. Paths are relative to the server's origin. */
export interface LabRequest {
  method: string;
  path: string;
  headers: [name: string, value: string][];
  body?: string;
}

export interface LabResponse {
  status: number;
  statusText: string;
  /** Every header line in order; `set-cookie` appears once per cookie. */
  headers: [name: string, value: string][];
  body: string;
  durationMs: number;
  /** The learner's handler threw on this request (the answer is the app's 500): what and where. */
  thrown?: ThrownError;
}

/** Something the learner's code did that the UI must explain (and that never loses their work). */
export type RuntimeProblem =
  | { kind: 'compile'; file: string; line: number; column: number; message: string }
  /** A file that compiled but did not load (it threw, imported something unknown, exports no routes); its line when the engine says it. */
  | { kind: 'load'; file: string; line?: number; column?: number; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'crash'; message: string };

export type LogLine = {
  at: number;
  level: 'log' | 'info' | 'warn' | 'error' | 'system';
  text: string;
  /** On the line of a learner's handler that threw: what and where (a "Go to line"). */
  thrown?: ThrownError;
};

export type Preview =
  /** A real server URL (WebContainer): load it in an iframe. */
  | { kind: 'url'; url: string }
  /** No URL (Worker): render responses in a sandboxed iframe and route navigation through `request`. */
  | { kind: 'bridge' };

export interface LabRuntime {
  readonly kind: RuntimeKind;
  /** The origin the server sees in `c.req.url` (checks and cookies use it). */
  readonly origin: string;
  /** Boots (if needed) and serves `files`. Rejects with RuntimeProblemError for learner mistakes. */
  start(files: Files): Promise<void>;
  /**
   * Replaces these editable files and restarts the server ONCE with all of them (Reset and Show
   * solution change several files; a restart per file would cost a Node start each in a
   * WebContainer). Rejects with RuntimeProblemError for learner mistakes.
   */
  updateFiles(files: Files): Promise<void>;
  request(request: LabRequest): Promise<LabResponse>;
  runChecks(ids?: readonly string[]): Promise<CheckResult[]>;
  preview(): Preview;
  /** Subscribes to server output (console.log of the learner's code, errors, lab notices). */
  logs(listener: (line: LogLine) => void): () => void;
  dispose(): Promise<void>;
}

export interface RuntimeOptions {
  lab: LabDefinition;
  /** Milliseconds a request or a single check may run before the runtime is restarted. */
  timeoutMs?: number;
  /** Longest wait for a runtime that must boot first (WebContainer) before the store falls back. */
  bootTimeoutMs?: number;
  /** Called when the runtime had to intervene on its own (stopped an endless loop, restarted). */
  onProblem?: (problem: RuntimeProblem) => void;
  /**
   * Called once when the runtime can no longer serve (its container failed or a process it cannot
   * stop is still running): the store disposes it and moves the lab to the last resort. `message`
   * says what happened, without a full stop (it goes into the status line's parentheses too).
   */
  onFailure?: (message: string) => void;
}

export type RuntimeFactory = (options: RuntimeOptions) => Promise<LabRuntime>;

/** What the page offers a runtime: cross-origin isolation decides whether a WebContainer can boot. */
export interface Environment {
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  /** iPhone or iPad (../platform), where WebContainers are not booted. */
  appleMobile?: boolean;
}

/**
 * One entry of the runtime table (../adapters): everything the store needs to choose, start,
 * describe and fall back from a runtime, so the store itself names none. The table is ordered by
 * preference; its last entry is the last resort, tried whatever happened before it.
 */
export interface RuntimeAdapter {
  readonly kind: RuntimeKind;
  /** Where the server runs, after "Switch to" and "Switching to": `your browser`. */
  readonly label: string;
  /** Its name in notices: "Retry WebContainer", "Falling back to the Worker runtime", "you switched from the WebContainer". */
  readonly name: string;
  /** True when it can run in `env`, or the reason it cannot (which becomes part of the status line). */
  available(env: Environment): true | string;
  /** The adapter's code, fetched only when this runtime is tried. */
  load(): Promise<RuntimeFactory>;
  /**
   * How long booting may take before the store gives up on it and falls back (the adapter
   * enforces it; the store allows a little more for the first start). Null: no limit, it starts
   * at once or fails.
   */
  readonly bootLimitMs: number | null;
  /** A failed boot is remembered for the tab (the store's `memory`), so a reload does not wait for it again. */
  readonly remembersFailure: boolean;
  /**
   * A failed boot cannot be retried in the same page (the WebContainer API keeps its boot frame and
   * its pending boot), so its "Retry" reloads the page (`SwitchAction.reload`) instead of switching.
   */
  readonly retryReloads?: boolean;
  /**
   * It boots while the last resort already serves, and the lab moves over once it is ready,
   * keeping the files, the console and the results: the learner never waits for it. Without this
   * the store waits for it (up to its boot limit) before the learner can work.
   */
  readonly background?: boolean;
  /** What it is doing while it boots, for the status details (or the status line when it boots in the foreground). */
  readonly starting?: string;
  /** The status line while it serves, in plain words: `Running in your browser.` */
  readonly plain: string;
  /** The status details while it serves: what runs where, and `why` an earlier entry is not serving (null: none was passed over). */
  running(why: string | null): string;
  /** The log line once it serves. */
  readonly started: string;
  /** Why it is not serving, for the status of the runtime that serves instead: `WebContainers are unavailable here (…)`. */
  unavailable(reason: string): string;
  /** The `why` when the learner asked for this runtime (`?lab-runtime=`), passing over the entries before it. */
  readonly chosen?: string;
}
