import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLeafFiles, serve, type RunningServer } from './index';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('Node entry', () => {
  it('serves the app over real HTTP with cookies, CSRF and redirects intact', async () => {
    running = await serve({ port: 0, store: 'server', log: () => {}, passwordIterations: 1000 });
    const { url } = running;
    const login = await fetch(`${url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: url,
        'Sec-Fetch-Site': 'same-origin',
      },
      body: 'username=alice&password=correct+horse+battery+staple',
    });
    expect(login.status).toBe(303);
    const sid = login.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await fetch(`${url}/me`, { headers: { Cookie: sid } })).status).toBe(200);
    const evil = await fetch(`${url}/logout`, {
      method: 'POST',
      headers: {
        Cookie: sid,
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'https://evil.example',
      },
    });
    expect(evil.status).toBe(403);
  });

  it('loads learner files from a folder and reports what it loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leaves-'));
    mkdirSync(join(dir, 'routes'));
    writeFileSync(
      join(dir, 'routes/logout.ts'),
      "export default function (app) { app.post('/logout', (c) => c.text('custom')) }",
    );
    writeFileSync(join(dir, 'routes/unrelated.ts'), 'ignored');
    expect(Object.keys(readLeafFiles(dir))).toEqual(['routes/logout.ts']);
    running = await serve({ port: 0, store: 'cookie', leavesDir: dir, log: () => {} });
    expect(running.loaded).toEqual(['routes/logout.ts']);
    const res = await fetch(`${running.url}/logout`, { method: 'POST', headers: { Origin: running.url } });
    expect(await res.text()).toBe('custom');
  });

  it('fails fast on a bad port or a missing folder', async () => {
    await expect(serve({ port: -1, store: 'server' })).rejects.toThrow(/port/);
    await expect(serve({ port: 0, store: 'server', leavesDir: '/no/such/dir' })).rejects.toThrow(
      /does not exist/,
    );
  });
});
