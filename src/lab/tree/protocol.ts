/**
 * The contract between the page and `lab.mjs` (./index.ts, Node inside the WebContainer): the one
 * place its constants live, imported by both sides (../webcontainer on the page). Web-standard
 * and importing only types, because the page bundles it.
 */
import type { CheckResult, LabRequest, LabResponse, LogLine, RuntimeProblem } from '../runtime';

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
  log?: Pick<LogLine, 'level' | 'text' | 'thrown'>;
}

/**
 * One marked line: `@@lab <json>` with every non-ASCII character escaped (`\uXXXX`). The
 * WebContainer API decodes each output chunk on its own (no `stream: true`), so a multi-byte
 * character split across chunks would arrive garbled; an ASCII line cannot be split that way.
 */
export function markLine(value: unknown): string {
  return `${LAB_MARK}${JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`;
}

/**
 * Terminal escape codes (colours, cursor moves, titles) and carriage returns removed: a
 * WebContainer process's output is a pseudo-terminal's, stdout and stderr merged, and a colour
 * code in front of `@@lab ` would hide the marker.
 */
export function stripAnsi(line: string): string {
  return line.replace(
    /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]|\r/g,
    '',
  );
}

/**
 * The page's control channel into the running `serve` (its stdin): a console request or a check
 * run without starting a Node process each. A message is ASCII JSON cut into lines
 * `@@ctl <id> <more> <piece>` (more = 1 until the last piece) short enough for any terminal line
 * discipline; a pseudo-terminal may echo them into the output, so the page drops lines that
 * start with CONTROL_MARK. Each message carries the lab's secret (lab-config.json).
 */
export const CONTROL_MARK = '@@ctl ';
export const CONTROL_PIECE = 512;

export type ControlMessage =
  | { secret: string; request: LabRequest; timeoutMs: number }
  | { secret: string; check: readonly string[]; timeoutMs: number };

/** What `serve` answers a control message with, on a marked line: `{ reply: id, … }`. */
export interface ControlReply {
  reply: number;
  response?: LabResponse;
  results?: CheckResult[];
  stuck?: { id: string; message: string };
  problem?: RuntimeProblem;
  error?: string;
}

/** The lines for one control message (see CONTROL_MARK). */
export function controlLines(id: number, message: ControlMessage): string[] {
  const json = markLine(message).slice(LAB_MARK.length);
  const lines: string[] = [];
  for (let at = 0; at < json.length || at === 0; at += CONTROL_PIECE) {
    const more = at + CONTROL_PIECE < json.length ? 1 : 0;
    lines.push(`${CONTROL_MARK}${id} ${more} ${json.slice(at, at + CONTROL_PIECE)}`);
  }
  return lines;
}

/** How long `node lab.mjs serve` may take to start and listen: a Node start in a WebContainer, distinct from the request limit. */
export const SERVE_START_MS = 10_000;
