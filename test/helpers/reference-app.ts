/**
 * Starts a reference app (a Python script) on a free loopback port in its own process group, and
 * stops the whole group. Used by the audit's tests against real Flask apps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface RunningApp {
  url: string;
  stop: () => Promise<void>;
  /** What the app printed (stdout and stderr), for failure messages. */
  output: () => string;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `command args` with PORT set, and waits until GET `ready` answers. */
export async function startApp(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready = '/',
): Promise<RunningApp> {
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port), PYTHONDONTWRITEBYTECODE: '1' },
    // Its own process group, so stop() ends it and anything it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited at start:\n${output}`);
    try {
      await fetch(`${url}${ready}`, { redirect: 'manual' });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${command} ${args.join(' ')} did not answer on ${url} within 15 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop, output: () => output };
}
