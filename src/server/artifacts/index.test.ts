import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headersFor, parseHeadersFile, workerCsp } from '../headers/index.ts';
import { makeFixtureDist, themeScript, type Fixture } from '../testing/index.ts';
import {
  brotliQuality,
  cspHash,
  cspHazards,
  findWorkers,
  inlineScripts,
  listDist,
  precompress,
  prepareDist,
} from './index.ts';

describe('inlineScripts', () => {
  it('returns executable inline scripts only (not src=, not data blocks)', () => {
    const html = `<script>a()</script><script type="module">b()</script><script src="/x.js"></script>
      <script type="application/ld+json">{}</script><script type="importmap">{"imports":{}}</script>`;
    expect(inlineScripts(html)).toEqual(['a()', 'b()', '{"imports":{}}']);
  });
});

describe('cspHash', () => {
  it('is the CSP sha256 source of the exact text', () => {
    // Known vector: sha256 of the empty string.
    expect(cspHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  });
});

describe('cspHazards', () => {
  it('finds inline handlers and javascript: URLs outside scripts', () => {
    expect(
      cspHazards('<button type="button" onclick="x()">a</button><a href="javascript:void 0">b</a>'),
    ).toEqual(['inline handler onclick=', 'javascript: URL (href="javascript:)']);
    expect(cspHazards('<script>el.innerHTML = \'<b onclick="x">\'</script><p>on = fine</p>')).toEqual([]);
  });
});

describe('findWorkers', () => {
  it('finds scripts named by new Worker(...) and scripts named *worker*', () => {
    const scripts = new Map([
      ['/_astro/page.js', 'new Worker(new URL("/_astro/a.1.js",import.meta.url),{type:"module"})'],
      ['/_astro/other.js', 'new Worker(""+new URL("b.2.js",import.meta.url).href,{type:"module"})'],
      ['/_astro/a.1.js', ''],
      ['/_astro/b.2.js', ''],
      ['/_astro/lab-worker.3.js', ''],
      ['/_astro/plain.js', ''],
    ]);
    expect(findWorkers(scripts)).toEqual(['/_astro/a.1.js', '/_astro/b.2.js', '/_astro/lab-worker.3.js']);
  });
});

describe('prepareDist', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await makeFixtureDist();
  });
  afterAll(() => fixture.cleanup());

  it('writes _headers with the inline script hash and a Worker policy for the Worker', async () => {
    const rules = parseHeadersFile(await readFile(join(fixture.root, '_headers'), 'utf8'));
    const page = headersFor(rules, '/lessons/01-sessions/')['Content-Security-Policy'] ?? '';
    expect(page).toContain(cspHash(themeScript));
    expect(page).not.toContain(cspHash('{"@type":"Course"}'));
    expect(headersFor(rules, '/_astro/sandbox.Ij90Kl12.js')['Content-Security-Policy']).toBe(workerCsp());
    expect(headersFor(rules, '/_astro/chunk.Mn34Op56.js')['Content-Security-Policy']).toBeUndefined();
  });

  it('writes br and gzip variants that decode to the original, and none for binaries', async () => {
    for (const path of ['index.html', '_astro/site.Ab12Cd34.css', '_astro/page.Ef56Gh78.js']) {
      const original = await readFile(join(fixture.root, path));
      expect(brotliDecompressSync(await readFile(join(fixture.root, `${path}.br`))).equals(original)).toBe(
        true,
      );
      expect(gunzipSync(await readFile(join(fixture.root, `${path}.gz`))).equals(original)).toBe(true);
      expect((await stat(join(fixture.root, `${path}.br`))).size).toBeLessThan(original.length);
    }
    await expect(stat(join(fixture.root, '_astro/large.Qr78St90.bin.br'))).rejects.toThrow();
    await expect(stat(join(fixture.root, '_headers.br'))).rejects.toThrow();
  });

  it('is idempotent and lists no variants as files', async () => {
    await prepareDist(fixture.root);
    const files = (await listDist(fixture.root)).map((f) => f.path);
    expect(files.some((f) => /\.(br|gz)$/.test(f))).toBe(false);
  });

  it('fails fast on a missing folder', async () => {
    await expect(prepareDist(join(fixture.parent, 'nope'))).rejects.toThrow(/build the site first/);
  });

  it('warns, naming the page, about markup the page CSP will block', async () => {
    const bad = await makeFixtureDist({ 'index.html': '<!doctype html><button onclick="go()">Go</button>' });
    const lines: string[] = [];
    await prepareDist(bad.root, (line) => lines.push(line));
    await bad.cleanup();
    expect(lines.find((l) => l.startsWith('warning:'))).toMatch(/\/index\.html has inline handler onclick=/);
  });
});

describe('runtime scripts', () => {
  it('adds the hash of scripts that only exist at run time (the lab preview bridge)', async () => {
    const fixture = await makeFixtureDist({ 'index.html': '<!doctype html><p>hi</p>' });
    await prepareDist(fixture.root, () => {}, { runtimeScripts: ['bridge()'] });
    const rules = parseHeadersFile(await readFile(join(fixture.root, '_headers'), 'utf8'));
    await fixture.cleanup();
    expect(headersFor(rules, '/')['Content-Security-Policy']).toContain(cspHash('bridge()'));
  });
});

describe('WebAssembly', () => {
  it("allows 'wasm-unsafe-eval' (never 'unsafe-eval') only when the site ships WebAssembly such as Pagefind", async () => {
    const fixture = await makeFixtureDist({
      'index.html': '<!doctype html><p>hi</p>',
      'pagefind/wasm.en.pagefind': 'x',
    });
    const rules = parseHeadersFile(await readFile(join(fixture.root, '_headers'), 'utf8'));
    await fixture.cleanup();
    const csp = headersFor(rules, '/')['Content-Security-Policy'] ?? '';
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).not.toContain("'unsafe-eval'");
    const plain = await makeFixtureDist({ 'index.html': '<!doctype html><p>hi</p>' });
    const plainRules = parseHeadersFile(await readFile(join(plain.root, '_headers'), 'utf8'));
    await plain.cleanup();
    expect(headersFor(plainRules, '/')['Content-Security-Policy']).not.toContain('wasm');
  });
});

describe('compression cache', () => {
  it('reuses identical content across builds, stays byte-identical, and prunes what a build no longer uses', async () => {
    const { mkdtemp, readdir, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const cacheDir = await mkdtemp(join(tmpdir(), 'artifacts-cache-'));
    const fixture = await makeFixtureDist();
    const first = await precompress(fixture.root, { cacheDir });
    expect(first.cached).toBe(0);
    const before = await readFile(join(fixture.root, '_astro/site.Ab12Cd34.css.br'));
    const second = await precompress(fixture.root, { cacheDir });
    expect(second.cached).toBe(first.files * 2);
    expect((await readFile(join(fixture.root, '_astro/site.Ab12Cd34.css.br'))).equals(before)).toBe(true);
    const entries = (await readdir(cacheDir)).length;
    await writeFile(join(fixture.root, 'index.html'), '<!doctype html><p>changed</p>'.repeat(40));
    const third = await precompress(fixture.root, { cacheDir });
    expect(third.cached).toBe((first.files - 1) * 2);
    expect((await readdir(cacheDir)).length).toBe(entries);
    await fixture.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('spends brotli 11 on hashed assets and a fast quality on pages', () => {
    expect(brotliQuality('/_astro/app.1.js')).toBe(11);
    expect(brotliQuality('/lessons/01-x/index.html')).toBe(8);
  });
});
