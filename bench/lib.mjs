/**
 * Shared helpers of the benchmarks (bench/*.mjs): start `npm start` or `astro preview`
 * on a free loopback port, wait until it answers, read a process's memory, stop it.
 * Benchmarks are not part of `npm test` (they take minutes); each prints the command that ran.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('..', import.meta.url));

export function requireNode22() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    console.error(
      `This benchmark needs the project's Node 22 (got ${process.version}). Run it through npm: npm run bench:…`,
    );
    process.exit(2);
  }
}

export function requireBuild(dist) {
  if (!existsSync(`${dist}/_headers`) || !existsSync(`${dist}/index.html`)) {
    console.error(
      `${dist}/ is not a finished build (index.html and _headers are missing). Run \`npm run build\` first.`,
    );
    process.exit(2);
  }
}

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${url} did not answer within ${timeoutMs} ms (${last instanceof Error ? last.message : 'no response'})`,
  );
}

/** Resident memory of a process (and, for a wrapper, its children), in MiB, from /proc. */
export function rssMiB(pid) {
  const read = (p) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  let children = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    children = [];
  }
  return (read(pid) + children.reduce((sum, child) => sum + read(child), 0)) / 1024;
}

/**
 * Starts a server process and resolves once `readyPath` answers.
 * @param {'start' | 'preview'} kind `npm start` (src/server/main.ts) or `astro preview`
 * @param {{ root?: string, port?: number }} [options] root: the project whose dist/ is served
 */
export async function startSite(kind, { root = repo, port } = {}) {
  const chosen = port ?? (await freePort());
  const args =
    kind === 'start'
      ? [`${repo}src/server/main.ts`]
      : [
          `${repo}node_modules/astro/bin/astro.mjs`,
          'preview',
          '--root',
          root,
          '--port',
          String(chosen),
          '--host',
          '127.0.0.1',
          '--ignore-lock',
        ];
  const env = {
    ...process.env,
    PORT: String(chosen),
    HOST: '127.0.0.1',
    DIST: join(root, 'dist'),
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${chosen}`;
  try {
    await Promise.race([
      waitForHttp(`${url}/`),
      exited.then((code) => {
        throw new Error(`${kind} exited with ${code} before answering:\n${output}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    pid: /** @type {number} */ (child.pid),
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** The first lesson page of a build and the hashed stylesheet it loads (an immutable /_astro/ asset). */
export function pickTargets(dist) {
  const lessons = existsSync(`${dist}/lessons`)
    ? readdirSync(`${dist}/lessons`)
        .filter((name) => existsSync(`${dist}/lessons/${name}/index.html`))
        .sort()
    : [];
  if (!lessons.length) throw new Error(`${dist}/lessons/ holds no lesson page`);
  const lesson = `/lessons/${lessons[0]}/`;
  const html = readFileSync(`${dist}${lesson}index.html`, 'utf8');
  const asset =
    [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="(\/_astro\/[^"]+)"/g)].map((m) => m[1])[0] ??
    [...html.matchAll(/src="(\/_astro\/[^"]+\.js)"/g)].map((m) => m[1])[0];
  if (!asset) throw new Error(`${lesson} loads no /_astro/ asset`);
  return { lesson, asset };
}
