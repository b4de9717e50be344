/**
 * The server on a real socket, attacked the way the internet does: traversal in every encoding,
 * malformed requests, huge headers, slowloris clients. After each, the server must still answer
 * and nothing outside dist/ may ever appear in a response. Also: graceful shutdown of the process.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureDist, secret, type Fixture } from '../testing/index.ts';
import { startServer, type RunningServer } from './index.ts';

let fixture: Fixture;
let running: RunningServer;

beforeAll(async () => {
  fixture = await makeFixtureDist();
  running = await startServer({
    root: fixture.root,
    port: 0,
    hostname: '127.0.0.1',
    headersTimeout: 600,
    requestTimeout: 1_200,
    connectionsCheckingInterval: 100,
    keepAliveTimeout: 500,
  });
});
afterAll(async () => {
  await running.close();
  await fixture.cleanup();
});

/** Writes raw bytes, returns everything the server sent until it closed (or the time ran out). */
function raw(data: string | Buffer, timeoutMs = 3_000): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(running.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer: false });
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer: true });
    });
    socket.write(data);
  });
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
const request = (target: string, headers = 'Host: localhost\r\n') =>
  `GET ${target} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`;

async function expectAlive() {
  const response = await fetch(`${running.url}/healthz`);
  expect(response.status).toBe(200);
}

describe('path traversal', () => {
  const targets = [
    '/../secret.txt',
    '/../../../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
    '/.%2e/secret.txt',
    '/%252e%252e/secret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..%2fsecret.txt',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/_astro/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/secret.txt%00.html',
    '/lessons/../../secret.txt',
    '//etc/passwd',
    '/./../package.json',
    'http://localhost/../secret.txt',
    '../secret.txt',
    '*',
  ];
  it.each(targets)('%s never reaches a file outside dist/', async (target) => {
    const { text } = await raw(request(target));
    expect([400, 404], text.slice(0, 200)).toContain(statusOf(text));
    expect(text.toLowerCase()).toContain('cross-origin-embedder-policy: require-corp');
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/root:.*:0:0:/);
  });
  it('the server is still up', expectAlive);
});

describe('malformed requests', () => {
  const cases: [string, string | Buffer][] = [
    ['binary garbage', Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 13, 10])],
    ['an unknown HTTP version', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n'],
    ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n'],
    ['a bad Host', request('/', 'Host: a b/../c\r\n')],
    ['an invalid header name', request('/', 'Host: x\r\nBad Header: 1\r\n')],
    [
      'Content-Length with Transfer-Encoding (smuggling)',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    ['an unknown method', 'BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['a 64 KiB URL', request(`/${'a'.repeat(64 * 1024)}`)],
    ['a bare newline request line', '\r\n\r\n\r\n'],
    ['a DELETE', 'DELETE /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ];
  it.each(cases)('%s gets a 4xx (or a closed socket), never a crash', async (_name, data) => {
    const { text, closedByServer } = await raw(data);
    const status = statusOf(text);
    if (status) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(text.toLowerCase()).toContain('x-content-type-options: nosniff');
    } else expect(closedByServer).toBe(true);
    await expectAlive();
  });
});

describe('huge headers', () => {
  it('a single 64 KiB header gets 431', async () => {
    const { text } = await raw(request('/', `Host: x\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n`));
    expect(statusOf(text)).toBe(431);
    await expectAlive();
  });
  it('3000 small headers get 431', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`).join('\r\n');
    const { text } = await raw(request('/', `Host: x\r\n${many}\r\n`));
    expect(statusOf(text)).toBe(431);
    await expectAlive();
  });
});

describe('slow clients', () => {
  /** Opens a socket that sends its headers one byte at a time and never finishes them. */
  function slowloris(intervalMs: number): Promise<{ closedAfterMs: number; text: string }> {
    return new Promise((resolve) => {
      const started = Date.now();
      const socket = connect(running.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      const drip = 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'z'.repeat(10_000);
      let i = 0;
      const timer = setInterval(() => {
        if (!socket.destroyed) socket.write(drip[i++ % drip.length] ?? 'z');
      }, intervalMs);
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ closedAfterMs: Date.now() - started, text: Buffer.concat(chunks).toString('latin1') });
      });
    });
  }

  it('connections that never finish their headers are closed at headersTimeout, and others are served meanwhile', async () => {
    const slow = Array.from({ length: 50 }, () => slowloris(50));
    await new Promise((r) => setTimeout(r, 200));
    await expectAlive();
    const results = await Promise.all(slow);
    for (const { closedAfterMs, text } of results) {
      // headersTimeout 600 ms + checking interval 100 ms, with slack for a busy machine.
      expect(closedAfterMs).toBeLessThan(2_500);
      if (text) expect(statusOf(text)).toBe(408);
    }
    await expectAlive();
  });

  it('a request whose body never arrives is cut off at requestTimeout', async () => {
    const started = Date.now();
    const { closedByServer } = await raw(
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc',
      5_000,
    );
    expect(closedByServer).toBe(true);
    // requestTimeout 1.2 s + checking interval, with slack for a busy machine.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - started).toBeLessThan(3_500);
    await expectAlive();
  });
});

describe('startServer options', () => {
  it('fails fast on bad options', async () => {
    await expect(startServer({ root: fixture.root, port: 70_000 })).rejects.toThrow(/port/);
    await expect(startServer({ root: fixture.root, port: 0, headersTimeout: -1 })).rejects.toThrow(
      /headersTimeout/,
    );
    await expect(
      startServer({ root: fixture.root, port: 0, headersTimeout: 5_000, requestTimeout: 1_000 }),
    ).rejects.toThrow(/requestTimeout/);
  });
});

describe('the npm start process', () => {
  const main = fileURLToPath(new URL('../main.ts', import.meta.url));

  function launch(env: Record<string, string>) {
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const output = () => out;
    return { child, exited, output };
  }

  it('serves on PORT, and on SIGTERM drains (keep-alive sockets included) and exits 0', async () => {
    const { child, exited, output } = launch({ DIST: fixture.root, PORT: '0', HOST: '127.0.0.1' });
    const deadline = Date.now() + 10_000;
    while (!/at (http:\/\/\S+)/.test(output()) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const url = /at (http:\/\/\S+)/.exec(output())?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${url}/lessons/01-sessions/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    await page.text();
    // fetch keeps the connection alive; shutdown must not wait for it.
    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(output()).toMatch(/SIGTERM: draining connections[\s\S]*closed/);
  });

  it('exits 1 with a sentence when dist/ was not built or PORT is wrong', async () => {
    const missing = launch({ DIST: fixture.parent, PORT: '0' });
    expect(await missing.exited).toBe(1);
    expect(missing.output()).toMatch(/_headers is missing\. Build with `npx astro build`/);
    const badPort = launch({ DIST: fixture.root, PORT: 'eighty' });
    expect(await badPort.exited).toBe(1);
    expect(badPort.output()).toMatch(/PORT must be an integer/);
  });
});
