/** The site server in-process (app.fetch) over a prepared fixture dist/. Socket-level abuse is in ./node. */
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseHeaders, immutableCache, siteHeaders, workerCsp } from './headers/index.ts';
import { cspHash } from './artifacts/index.ts';
import { createSiteServer, requestPath, type SiteServer } from './index.ts';
import { makeFixtureDist, secret, themeScript, type Fixture } from './testing/index.ts';

let fixture: Fixture;
let site: SiteServer;
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  site.fetch(new Request(`http://localhost${path}`, { method, headers }));

beforeAll(async () => {
  fixture = await makeFixtureDist();
  site = await createSiteServer({ root: fixture.root, memoryBudget: 128 * 1024 });
});
afterAll(() => fixture.cleanup());

function expectSecurityHeaders(response: Response) {
  for (const [name, value] of Object.entries(baseHeaders))
    expect(response.headers.get(name), name).toBe(value);
}

describe('a deployment with WebContainers off (PUBLIC_LAB_RUNTIME=worker)', () => {
  it('sends no COEP on any response (nothing else needs isolation), keeps COOP and CORP, and frames no StackBlitz', async () => {
    const off = await makeFixtureDist(undefined, { webContainers: false });
    try {
      const server = await createSiteServer({ root: off.root });
      expect(server.siteHeaders).toEqual(siteHeaders({ webContainers: false }));
      const fetchOff = (path: string, method = 'GET') =>
        server.fetch(new Request(`http://localhost${path}`, { method }));
      const responses = await Promise.all(
        ['/', '/lessons/01-sessions/', '/_astro/lab-worker-Ij90Kl12.js', '/missing', '/healthz'].map((path) =>
          fetchOff(path),
        ),
      );
      responses.push(await fetchOff('/', 'POST'), await fetchOff('/%E0%A4%A'));
      for (const response of responses) {
        expect(response.headers.get('cross-origin-embedder-policy')).toBeNull();
        expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
      const csp = (await fetchOff('/')).headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/frame-src 'self';/);
      expect(csp).not.toMatch(/stackblitz|webcontainer/);
      expect(await readFile(join(off.root, '404.html'), 'utf8')).not.toMatch(/stackblitz/);
      // The default build (the fixture above) stays isolated.
      expect(site.siteHeaders).toEqual(baseHeaders);
    } finally {
      await off.cleanup();
    }
  });
});

describe('security headers', () => {
  it('are on every response: pages, assets, 404, healthz, 405, 400, 304', async () => {
    const etag = (await get('/')).headers.get('etag') ?? '';
    const responses = await Promise.all([
      get('/'),
      get('/lessons/01-sessions/'),
      get('/_astro/site.Ab12Cd34.css'),
      get('/favicon.svg'),
      get('/missing'),
      get('/healthz'),
      get('/', {}, 'POST'),
      get('/%E0%A4%A'),
      get('/', { 'if-none-match': etag }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 404, 200, 405, 400, 304]);
    responses.forEach(expectSecurityHeaders);
  });

  it('pages carry a CSP with the inline script hash and neither unsafe-inline nor unsafe-eval for scripts', async () => {
    for (const path of [
      '/',
      '/index.html',
      '/lessons/01-sessions',
      '/lessons/01-sessions/',
      '/reference/glossary/',
      '/missing',
    ]) {
      const csp = (await get(path)).headers.get('content-security-policy') ?? '';
      const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
      expect(scriptSrc, path).toContain(cspHash(themeScript));
      expect(scriptSrc, path).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(csp, path).not.toContain('unsafe-eval');
    }
  });

  it('the lab Worker script gets its own policy allowing eval', async () => {
    const response = await get('/_astro/lab-worker-Ij90Kl12.js');
    expect(response.headers.get('content-security-policy')).toBe(workerCsp());
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });
});

describe('compression', () => {
  it('serves brotli when accepted, then gzip, then identity, always with Vary', async () => {
    const original = await readFile(join(fixture.root, 'index.html'));
    const br = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).equals(original)).toBe(true);
    const gz = await get('/', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(original)).toBe(true);
    const plain = await get('/', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(original)).toBe(true);
    for (const response of [br, gz, plain]) expect(response.headers.get('vary')).toBe('Accept-Encoding');
    expect((await get('/', { 'accept-encoding': '*' })).headers.get('content-encoding')).toBe('br');
    expect(Number(br.headers.get('content-length'))).toBeLessThan(original.length);
  });

  it('uses a different ETag per encoding', async () => {
    const tags = await Promise.all(
      ['br', 'gzip', 'identity'].map(async (e) =>
        (await get('/', { 'accept-encoding': e })).headers.get('etag'),
      ),
    );
    expect(new Set(tags).size).toBe(3);
  });
});

describe('caching', () => {
  it('hashed assets are immutable', async () => {
    expect((await get('/_astro/site.Ab12Cd34.css')).headers.get('cache-control')).toBe(immutableCache);
  });

  it('HTML revalidates: no-cache, ETag and Last-Modified, 304 on either validator', async () => {
    const first = await get('/lessons/01-sessions/', { 'accept-encoding': 'br' });
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(lastModified).getTime()).toBeGreaterThan(0);
    const byTag = await get('/lessons/01-sessions/', {
      'accept-encoding': 'br',
      'if-none-match': `W/${etag}, "other"`,
    });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe('');
    expect(byTag.headers.get('etag')).toBe(etag);
    expect((await get('/lessons/01-sessions/', { 'if-modified-since': lastModified })).status).toBe(304);
    expect(
      (await get('/lessons/01-sessions/', { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status,
    ).toBe(200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    expect(
      (await get('/lessons/01-sessions/', { 'if-none-match': '"stale"', 'if-modified-since': lastModified }))
        .status,
    ).toBe(200);
    // The brotli tag does not validate the identity representation.
    expect((await get('/lessons/01-sessions/', { 'if-none-match': etag })).status).toBe(200);
  });
});

describe('routing', () => {
  it('serves folder URLs with and without the slash, and HEAD without a body', async () => {
    const a = await (await get('/lessons/01-sessions')).text();
    const b = await (await get('/lessons/01-sessions/')).text();
    expect(a).toContain('<h1>Sessions</h1>');
    expect(a).toBe(b);
    const head = await get('/lessons/01-sessions/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(b));
  });

  it('answers unknown paths with the styled 404 page', async () => {
    const response = await get('/no/such/page');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('Page not found');
  });

  it('streams files beyond the memory budget', async () => {
    const response = await get('/_astro/large.Qr78St90.bin');
    const original = await readFile(join(fixture.root, '_astro/large.Qr78St90.bin'));
    expect(Buffer.from(await response.arrayBuffer()).equals(original)).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(site.bytesInMemory).toBeLessThanOrEqual(128 * 1024);
  });

  it('does not serve _headers, compressed variants or anything outside dist/', async () => {
    for (const path of [
      '/_headers',
      '/index.html.br',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fpackage.json',
    ]) {
      const response = await get(path);
      expect([400, 404], path).toContain(response.status);
      expect(await response.text(), path).not.toContain(secret);
    }
  });

  it('healthz reports draining during shutdown', async () => {
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    site.setDraining(true);
    const draining = await get('/healthz');
    site.setDraining(false);
    expect(draining.status).toBe(503);
    expect(draining.headers.get('cache-control')).toBe('no-store');
  });
});

describe('symlinks inside dist/', () => {
  // Someone who can write into dist/ (a compromised build step, a shared upload folder) plants links
  // to files outside it. Only regular files found at startup may ever be served.
  let linked: Fixture;
  let linkedSite: SiteServer;
  const realText = `${'A plain text file served as it is. '.repeat(20)}\n`;
  const fetchLinked = (path: string, headers: Record<string, string> = {}) =>
    linkedSite.fetch(new Request(`http://localhost${path}`, { headers }));

  beforeAll(async () => {
    linked = await makeFixtureDist();
    const dist = linked.root;
    await writeFile(join(dist, 'notes.txt'), realText);
    // The post-build step left no variants for notes.txt: plant both as links out of dist/.
    await symlink(join(linked.parent, 'secret.txt'), join(dist, 'notes.txt.br'));
    await symlink('/etc/hostname', join(dist, 'notes.txt.gz'));
    // A page whose real variants are replaced by links.
    await rm(join(dist, 'index.html.br'));
    await symlink(join(linked.parent, 'secret.txt'), join(dist, 'index.html.br'));
    await rm(join(dist, 'index.html.gz'));
    await symlink('../package.json', join(dist, 'index.html.gz'));
    await symlink(join(linked.parent, 'secret.txt'), join(dist, 'plain.txt'));
    await symlink(linked.parent, join(dist, 'up'));
    linkedSite = await createSiteServer({ root: dist, memoryBudget: 64 * 1024 });
  });
  afterAll(() => linked.cleanup());

  it('a plain symlink to a file outside dist/ is 404', async () => {
    for (const path of ['/plain.txt', '/up/secret.txt', '/up/package.json', '/up/dist/index.html']) {
      const response = await fetchLinked(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain(secret);
    }
  });

  it('a symlinked .br or .gz variant is never served: the real file goes out uncompressed', async () => {
    for (const accept of ['br', 'gzip', 'br, gzip', 'gzip;q=1, br;q=0.5', '*']) {
      const response = await fetchLinked('/notes.txt', { 'accept-encoding': accept });
      expect(response.status, accept).toBe(200);
      expect(response.headers.get('content-encoding'), accept).toBeNull();
      expect(response.headers.get('vary'), accept).toBeNull();
      expect(await response.text(), accept).toBe(realText);
    }
  });

  it('a page whose variants were swapped for links is served uncompressed', async () => {
    const response = await fetchLinked('/', { 'accept-encoding': 'br, gzip' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBeNull();
    const body = await response.text();
    expect(body).toContain('<h1>Logout Lab</h1>');
    expect(body).not.toContain(secret);
  });

  it('a streamed file replaced by a symlink after startup is not followed', async () => {
    const large = join(linked.root, '_astro/large.Qr78St90.bin');
    expect((await fetchLinked('/_astro/large.Qr78St90.bin')).status).toBe(200);
    await rm(large);
    await symlink(join(linked.parent, 'secret.txt'), large);
    const response = await fetchLinked('/_astro/large.Qr78St90.bin');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(secret);
  });
});

describe('Strict-Transport-Security', () => {
  it('is absent unless configured', async () => {
    for (const response of await Promise.all([get('/'), get('/missing'), get('/healthz')]))
      expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('when configured, is on every response: pages, assets, 404, healthz, 405, 400, 304', async () => {
    const hsts = await createSiteServer({ root: fixture.root, strictTransportSecurity: 'max-age=31536000' });
    const at = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
      hsts.fetch(new Request(`http://localhost${path}`, { method, headers }));
    const etag = (await at('/')).headers.get('etag') ?? '';
    const responses = await Promise.all([
      at('/'),
      at('/_astro/site.Ab12Cd34.css'),
      at('/missing'),
      at('/healthz'),
      at('/', {}, 'POST'),
      at('/%E0%A4%A'),
      at('/', { 'if-none-match': etag }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 200, 405, 400, 304]);
    for (const response of responses)
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('refuses a value that is not a policy', async () => {
    await expect(
      createSiteServer({ root: fixture.root, strictTransportSecurity: 'max-age=1\r\nSet-Cookie: x=1' }),
    ).rejects.toThrow(/strictTransportSecurity/);
  });
});

describe('requestPath', () => {
  it('decodes once, resolves dot segments inside the root, rejects the rest', () => {
    expect(requestPath('http://x/a%20b')).toBe('/a b');
    expect(requestPath('http://x/a/../b')).toBe('/b');
    expect(requestPath('http://x/%2e%2e/%2e%2e/etc/passwd')).toBe('/etc/passwd');
    expect(requestPath('http://x/%252e%252e/etc')).toBe('/%2e%2e/etc');
    expect(requestPath('http://x/..%2fetc')).toBeNull();
    expect(requestPath('http://x/a%5c..%5cb')).toBeNull();
    expect(requestPath('http://x/a%00.html')).toBeNull();
    expect(requestPath('http://x/%E0%A4%A')).toBeNull();
  });
});

describe('options', () => {
  it('fails fast without a root or without _headers', async () => {
    // @ts-expect-error: deliberately missing
    await expect(createSiteServer({})).rejects.toThrow(/options.root/);
    await expect(createSiteServer({ root: fixture.parent })).rejects.toThrow(/_headers is missing/);
  });
});
