/**
 * The child process of labs/sandbox: it runs one learner app under Node's permission model and
 * answers the grader's requests. Bundled by esbuild into one file (the only file it may read),
 * started with an empty environment. Messages arrive on stdin and leave on fd 3, one JSON object
 * per line (./wire.ts); whatever else the learner's code prints goes to stdout/stderr, which the
 * grader keeps as server log lines, never as its report.
 */
import { Socket } from 'node:net';
import { createHost } from '../isolate/host';
import type { ToWorker } from '../isolate/protocol';
import type { Lab } from '../verify';
import { decode, encode, LineReader } from './wire';
import type { ChildInit } from './protocol';

lockDown();

const out = new Socket({ fd: 3, readable: false, writable: true });
const send = (message: unknown) => out.write(encode(message));

let handle: ((message: ToWorker) => void) | undefined;
const reader = new LineReader(
  Infinity,
  (line) => {
    const message = decode(line) as ChildInit | ToWorker;
    if (message.type === 'init') {
      handle = createHost(message.lab as Lab, message.options, send);
      send({ type: 'booted' });
    } else handle?.(message);
  },
  () => undefined,
);
process.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
// The grader went away (or closed us): nothing is left to answer.
process.stdin.on('end', () => process.exit(0));

/**
 * Node's permission model (Node 22) does not cover signals: `process.kill(process.ppid)` would stop
 * the grader, and `process._debugProcess(pid)` turns on another process's inspector (SIGUSR1), a
 * way into the grader over loopback. The sandbox also runs this process in its own PID and network
 * namespaces when the system allows it; these locks hold either way, before any learner code runs.
 */
function lockDown(): void {
  const refuse = (name: string) =>
    function refused(): never {
      const error = new Error(`process.${name}() is not available in the lab sandbox`);
      throw Object.assign(error, { code: 'ERR_ACCESS_DENIED' });
    };
  for (const name of ['kill', '_kill', '_debugProcess', '_debugEnd', 'dlopen', 'binding', '_linkedBinding']) {
    if (name in process)
      Object.defineProperty(process, name, {
        value: refuse(name),
        writable: false,
        configurable: false,
        enumerable: false,
      });
  }
}
