/**
 * The server on a real socket, attacked the way the internet does: traversal in every encoding,
 * malformed requests, huge headers, slowloris clients. After each, the server must still answer
 * and nothing outside dist/ may ever appear in a response. Also: graceful shutdown of the process.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFiles, makeFixtureDist, secret, type Fixture } from '../testing/index.ts';
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

/** Sends one request to another server on loopback; resolves with what came back when it closed. */
function rawTo(port: number, data: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
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

describe('slow readers', () => {
  // A client that asks for a large file and then stops reading (or reads a trickle) keeps the
  // response unsent: without limits it holds the socket, the file handle and the buffers forever.
  const big = '/_astro/big.Uv12Wx34.bin';
  const bigBytes = 24 * 1024 * 1024; // well beyond what loopback socket buffers absorb
  let slowFixture: Fixture;
  let slow: RunningServer;
  const lines: string[] = [];

  beforeAll(async () => {
    slowFixture = await makeFixtureDist({ ...fixtureFiles(), [big.slice(1)]: new Uint8Array(bigBytes) });
    slow = await startServer({
      root: slowFixture.root,
      port: 0,
      hostname: '127.0.0.1',
      socketTimeout: 500,
      responseTimeout: 3_000,
      memoryBudget: 1024 * 1024, // the big file streams from disk, as large files do in production
      log: (line) => lines.push(line),
    });
  });
  afterAll(async () => {
    await slow.close();
    await slowFixture.cleanup();
  });

  /** Milliseconds from accept to close of the next connection, seen from the server's side. */
  const nextConnectionLifetime = () =>
    new Promise<number>((resolve) =>
      slow.server.once('connection', (socket) => {
        const accepted = Date.now();
        socket.once('close', () => resolve(Date.now() - accepted));
      }),
    );

  function client(read: 'never' | 'trickle') {
    const socket = connect(slow.port, '127.0.0.1');
    let received = 0;
    socket.on('error', () => {});
    socket.write(`GET ${big} HTTP/1.1\r\nHost: x\r\n\r\n`);
    if (read === 'never') socket.pause();
    else
      socket.on('data', (chunk) => {
        received += chunk.length;
        // A chunk every 20 ms: bytes keep moving, but the whole file would take several seconds.
        socket.pause();
        setTimeout(() => socket.resume(), 20);
      });
    return { socket, received: () => received };
  }

  it('a client that stops reading is cut off at socketTimeout, and others are served meanwhile', async () => {
    const lifetime = nextConnectionLifetime();
    const stalled = client('never');
    const started = Date.now();
    const page = await fetch(`${slow.url}/lessons/01-sessions/`);
    expect(page.status).toBe(200);
    await page.text();
    const ms = await lifetime;
    stalled.socket.destroy();
    // socketTimeout 500 ms (well before responseTimeout), with slack for a busy machine; without
    // it the socket stays until the client leaves.
    expect(ms).toBeGreaterThanOrEqual(400);
    expect(ms).toBeLessThan(2_500);
    expect(lines.join('\n')).not.toMatch(/not sent within/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('a client that reads a trickle (so the socket never idles) is cut off at responseTimeout', async () => {
    const lifetime = nextConnectionLifetime();
    const trickle = client('trickle');
    const ms = await lifetime;
    trickle.socket.destroy();
    expect(trickle.received()).toBeGreaterThan(0);
    expect(trickle.received()).toBeLessThan(bigBytes);
    // responseTimeout 3 s, with slack; the socket never idled for socketTimeout (500 ms).
    expect(ms).toBeGreaterThanOrEqual(2_900);
    expect(ms).toBeLessThan(5_500);
    expect(lines.join('\n')).toMatch(/not sent within 3000 ms/);
  });

  it('a client that reads at full speed gets the whole large file', async () => {
    const response = await fetch(`${slow.url}${big}`);
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(bigBytes);
  });

  it('fifty stalled readers are all cut off, their file handles closed, and the server still answers', async () => {
    const { readdir } = await import('node:fs/promises');
    const openFiles = async () => (await readdir('/proc/self/fd')).length;
    const before = await openFiles();
    const lifetimes: Promise<number>[] = [];
    const clients = [];
    for (let i = 0; i < 50; i += 1) {
      lifetimes.push(nextConnectionLifetime());
      clients.push(client('never'));
      await new Promise((r) => setImmediate(r));
    }
    const all = await Promise.all(lifetimes);
    for (const c of clients) c.socket.destroy();
    // Each is cut at socketTimeout once the kernel buffers are full; filling fifty of them at once
    // can take a while on a busy machine, and responseTimeout (3 s) bounds even that.
    expect(Math.max(...all)).toBeLessThan(4_500);
    await new Promise((r) => setTimeout(r, 100));
    // Each stalled response held a socket and an open file of the big file; neither may leak.
    expect(await openFiles()).toBeLessThanOrEqual(before + 2);
    const health = await fetch(`${slow.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('Strict-Transport-Security on the socket', () => {
  it('is on the answers Node and the listener give before the app runs, when configured', async () => {
    const hsts = await startServer({
      root: fixture.root,
      port: 0,
      hostname: '127.0.0.1',
      strictTransportSecurity: 'max-age=31536000',
    });
    try {
      const big = await rawTo(hsts.port, request('/', `Host: x\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n`));
      expect(statusOf(big)).toBe(431);
      expect(big.toLowerCase()).toContain('strict-transport-security: max-age=31536000');
      const page = await rawTo(hsts.port, request('/lessons/01-sessions/'));
      expect(statusOf(page)).toBe(200);
      expect(page.toLowerCase()).toContain('strict-transport-security: max-age=31536000');
      const plain = await raw(request('/', `Host: x\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n`));
      expect(plain.text.toLowerCase()).not.toContain('strict-transport-security');
    } finally {
      await hsts.close();
    }
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
    await expect(startServer({ root: fixture.root, port: 0, socketTimeout: 0 })).rejects.toThrow(
      /socketTimeout/,
    );
    await expect(startServer({ root: fixture.root, port: 0, responseTimeout: Number.NaN })).rejects.toThrow(
      /responseTimeout/,
    );
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

  it('sends Strict-Transport-Security only when HSTS or an https PUBLIC_URL asks for it', async () => {
    const header = async (env: Record<string, string>) => {
      const { child, exited, output } = launch({ DIST: fixture.root, PORT: '0', HOST: '127.0.0.1', ...env });
      const deadline = Date.now() + 10_000;
      while (!/at (http:\/\/\S+)/.test(output()) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const url = /at (http:\/\/\S+)/.exec(output())?.[1] ?? '';
      const response = await fetch(`${url}/`);
      await response.text();
      child.kill('SIGTERM');
      await exited;
      return { value: response.headers.get('strict-transport-security'), output: output() };
    };
    const [plain, on, https, custom] = await Promise.all([
      header({}),
      header({ HSTS: '1' }),
      header({ PUBLIC_URL: 'https://course.example.org' }),
      header({ HSTS: 'max-age=63072000; includeSubDomains' }),
    ]);
    expect(plain.value).toBeNull();
    expect(on.value).toBe('max-age=31536000');
    expect(https.value).toBe('max-age=31536000');
    expect(custom.value).toBe('max-age=63072000; includeSubDomains');
    expect(on.output).toMatch(/Strict-Transport-Security: max-age=31536000/);
  });

  it('exits 1 with a sentence when dist/ was not built or PORT is wrong', async () => {
    const missing = launch({ DIST: fixture.parent, PORT: '0' });
    expect(await missing.exited).toBe(1);
    expect(missing.output()).toMatch(/_headers is missing\. Build with `npx astro build`/);
    const badPort = launch({ DIST: fixture.root, PORT: 'eighty' });
    expect(await badPort.exited).toBe(1);
    expect(badPort.output()).toMatch(/PORT must be an integer/);
    const badHsts = launch({ DIST: fixture.root, PORT: '0', HSTS: 'max-age=300; preload' });
    expect(await badHsts.exited).toBe(1);
    expect(badHsts.output()).toMatch(/HSTS preload needs includeSubDomains/);
  });
});
