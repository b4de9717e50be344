/**
 * Node entry: serve a lab app on a real port with @hono/node-server. The only folder of the
 * sandbox allowed to import `node:` modules.
 *
 *   const server = await serve({ port: 8787, store: 'server', leavesDir: 'lessons/05-session-security/lab/solution' })
 *   console.log(server.url)  // http://localhost:8787
 *   await server.close()
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve as nodeServe } from '@hono/node-server';
import { createLabApp, LEAF_PATHS, type LabApp, type LabAppOptions } from '../app';
import { compileLeaves } from '../loader';

export interface ServeOptions extends Omit<LabAppOptions, 'leaves'> {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1 (loopback only). */
  hostname?: string;
  /**
   * A folder holding learner files at their leaf paths (e.g. `<dir>/routes/logout.ts`). Every
   * known leaf path found there replaces the default one.
   */
  leavesDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  lab: LabApp;
  /** Paths loaded from leavesDir. */
  loaded: string[];
  close(): Promise<void>;
}

/** Read the known leaf files present in `dir` (path → source). */
export function readLeafFiles(dir: string): Record<string, string> {
  const root = resolve(dir);
  if (!existsSync(root)) throw new Error(`leavesDir "${dir}" does not exist`);
  const files: Record<string, string> = {};
  for (const path of LEAF_PATHS) {
    const file = join(root, path);
    if (existsSync(file)) files[path] = readFileSync(file, 'utf8');
  }
  return files;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const { port = 8787, hostname = '127.0.0.1', leavesDir, ...appOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TypeError(`serve: port must be an integer 0-65535 (got ${String(port)})`);
  const files = leavesDir === undefined ? {} : readLeafFiles(leavesDir);
  const lab = createLabApp({
    log: (line) => console.log(`[lab] ${line}`),
    ...appOptions,
    leaves: compileLeaves(files),
  });
  const server = await new Promise<ReturnType<typeof nodeServe>>((resolveServer, reject) => {
    const s = nodeServe({ fetch: lab.app.fetch, port, hostname }, () => resolveServer(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host =
    hostname === '0.0.0.0' || hostname === '::'
      ? 'localhost'
      : hostname === '127.0.0.1'
        ? 'localhost'
        : hostname;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    lab,
    loaded: Object.keys(files),
    close: () => new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done()))),
  };
}
