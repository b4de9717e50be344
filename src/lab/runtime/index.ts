/**
 * The one interface every lab runtime implements. The store and the UI talk only to this; the two
 * adapters (a dedicated Worker, a WebContainer) are imported lazily, so a lesson page ships none of
 * them until "Start lab" is pressed and only the one in use is ever downloaded.
 */
import type { CheckResult } from '../../../sandbox-server/checks/types';

export type { CheckResult };
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
}

/** Something the learner's code did that the UI must explain (and that never loses their work). */
export type RuntimeProblem =
  | { kind: 'compile'; file: string; line: number; column: number; message: string }
  /** A file that compiled but did not load (it threw, imported something unknown, exports no routes); its line when the engine says it. */
  | { kind: 'load'; file: string; line?: number; column?: number; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'crash'; message: string };

export class RuntimeProblemError extends Error {
  constructor(readonly problem: RuntimeProblem) {
    super(problem.message);
    this.name = 'RuntimeProblemError';
  }
}

export type LogLine = { at: number; level: 'log' | 'info' | 'warn' | 'error' | 'system'; text: string };

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
}

export type RuntimeFactory = (options: RuntimeOptions) => Promise<LabRuntime>;

/** Lazy adapters: each is a separate chunk, fetched only when chosen. */
export const adapters: Record<RuntimeKind, RuntimeFactory> = {
  worker: async (options) => (await import('../worker')).createWorkerRuntime(options),
  webcontainer: async (options) => (await import('../webcontainer')).createWebContainerRuntime(options),
};

export const runtimeNames: Record<RuntimeKind, string> = {
  worker: 'your browser',
  webcontainer: 'a WebContainer',
};
