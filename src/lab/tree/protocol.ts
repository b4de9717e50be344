/**
 * The contract between the page and `lab.mjs` (./index.ts, Node inside the WebContainer): the one
 * place its constants live, imported by both sides (../webcontainer on the page). Web-standard
 * and importing only types, because the page bundles it.
 */
import type { LogLine, RuntimeProblem } from '../runtime';

/** Output meant for the page is one line `@@lab <json>`, so it can be told apart from anything else Node prints. */
export const LAB_MARK = '@@lab ';

/** The port `lab.mjs serve` listens on, and the origin the lab's server believes it has (the Worker pretends the same). */
export const LAB_PORT = 8787;
export const LAB_ORIGIN = `http://localhost:${LAB_PORT}`;

/**
 * How long the checks' server may take to load the learner's files and listen. A file stuck in a
 * loop at load time never gets there; the page's own limit for `check` allows for this much.
 */
export const CHECK_SERVER_START_MS = 10_000;

/** The lab settings the page writes beside `lab.mjs` before the first `serve`. */
export const LAB_CONFIG_FILE = 'lab-config.json';

export interface LabConfig {
  store: 'cookie' | 'server';
  /** Signs the cookies: at least SECRET_MIN_LENGTH characters (the sandbox app refuses shorter ones). */
  secret: string;
  /** The learner's routes, for check messages ("your POST /prefs"); absent in older configs. */
  learnerRoutes?: readonly string[];
}

export const SECRET_MIN_LENGTH = 32;

/**
 * One secret per page (hex of 24 random bytes: 48 characters): signed cookies stay valid across
 * restarts, as with a real server's config, and no two tabs share one.
 */
export function randomSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** What `node lab.mjs serve` says on its marked lines: each server log entry, a load problem, then `listening`. */
export interface ServeMessage {
  listening?: number;
  problem?: RuntimeProblem;
  log?: { level: LogLine['level']; text: string };
}
