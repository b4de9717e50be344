/** Messages between labs/isolate (main thread) and its worker thread: plain, structured-clone data. */
import type { BuildProblem } from '../verify';

export type LogKind = 'server' | 'console';

/** A request as it crosses threads (a `Request` cannot be cloned). */
export interface WireRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string | Uint8Array<ArrayBuffer>;
}

export type ToWorker =
  /** Build a fresh app from these files (the previous one, if any, is dropped). `id` comes back on its step/ready/problem. */
  | { type: 'load'; id: number; files: Record<string, string> }
  | { type: 'fetch'; id: number; request: WireRequest }
  | { type: 'ping' };

export type FromWorker =
  /** The bundle is evaluated; the thread waits for a `load`. */
  | { type: 'booted' }
  /** About to run a file's top-level code (`load`) or its exported function (`register`). */
  | { type: 'step'; load: number; file: string; stage: 'load' | 'register' }
  | { type: 'ready'; load: number }
  /** The files do not build: a syntax error, a throw at load, a bad import. */
  | { type: 'problem'; load: number; problem: BuildProblem }
  | { type: 'logs'; lines: { kind: LogKind; line: string }[] }
  | {
      type: 'response';
      id: number;
      status: number;
      statusText: string;
      headers: [string, string][];
      body: Uint8Array<ArrayBuffer>;
    }
  | { type: 'error'; id: number; message: string }
  | { type: 'pong' };
