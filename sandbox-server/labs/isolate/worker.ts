/**
 * The worker thread that runs learner apps for labs/isolate (Node only). It is bundled with
 * esbuild at run time and started with `eval`, so it imports only what the bundle can carry: the
 * pure lab tooling and node:worker_threads. Each `load` builds a fresh app (one thread serves a
 * lab's variants one after another, so the JIT stays warm). A learner loop that never ends
 * freezes this thread only; the main thread notices (no pong) and terminates it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Lab } from '../verify';
import { createHost, type HostOptions } from './host';
import type { ToWorker } from './protocol';

if (parentPort === null) throw new Error('labs/isolate/worker.ts runs only as a worker thread');
const port = parentPort;

const { lab, options } = workerData as { lab: Lab; options: HostOptions };
const handle = createHost(lab, options, (message, transfer = []) => port.postMessage(message, transfer));
port.on('message', (message: ToWorker) => handle(message));
port.postMessage({ type: 'booted' });
