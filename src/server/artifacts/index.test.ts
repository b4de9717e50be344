import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  headersFor,
  metaCsp,
  pageCsp,
  parseHeadersFile,
  wasmWorkerCsp,
  workerCsp,
} from '../headers/index.ts';
import { fixtureFiles, makeFixtureDist, themeScript, type Fixture } from '../testing/index.ts';
import {
  brotliQuality,
  cspHash,
  classifyWorkers,
  cspHazards,
  findWorkers,
  inlineScripts,
  isLabWorkerFile,
  labWorkerEntry,
  listDist,
  precompress,
  prepareDist,
  withMetaCsp,
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
  it('finds the scripts new Worker(...) names, and not scripts that are only named *worker*', () => {
    const scripts = new Map([
      ['/_astro/page.js', 'new Worker(new URL("/_astro/a.1.js",import.meta.url),{type:"module"})'],
      ['/_astro/other.js', 'new Worker(""+new URL("b.2.js",import.meta.url).href,{type:"module"})'],
      ['/_astro/a.1.js', ''],
      ['/_astro/b.2.js', ''],
      ['/_astro/worker.3.js', ''],
      ['/_astro/plain.js', ''],
    ]);
    expect(findWorkers(scripts)).toEqual(['/_astro/a.1.js', '/_astro/b.2.js']);
  });
});

describe('classifyWorkers', () => {
  // Shaped like the real build: a page chunk named after src/lab/worker/ spawns the Vite worker bundle.
  const built = () =>
    new Map([
      [
        '/_astro/worker.D_pwSC1U.js',
        'const s=()=>new Worker(new URL(`/_astro/lab-worker-IC6DBpIJ.js`,``+import.meta.url),{type:`module`,name:`logout-lab-server`});',
      ],
      ['/_astro/lab-worker-IC6DBpIJ.js', 'self.onmessage=()=>{};'],
      ['/_astro/index-Ab12Cd34.js', 'export const chunk=1;'],
      [
        '/pagefind/pagefind.js',
        'const workerUrl=`${basePath}pagefind-worker.js`;sharedWorker=new Worker(workerUrl);',
      ],
      ['/pagefind/pagefind-worker.js', 'WebAssembly.instantiateStreaming(fetch(u));'],
    ]);

  it('gives the eval policy to the lab Worker only, the wasm policy to Pagefind, nothing to the page chunk', () => {
    expect(classifyWorkers(built())).toEqual({
      lab: ['/_astro/lab-worker-IC6DBpIJ.js'],
      wasm: ['/pagefind/pagefind-worker.js'],
      unknown: [],
    });
  });

  it('recognises the lab Worker by the name of its entry module, with Vite worker naming', () => {
    expect(isLabWorkerFile('/_astro/lab-worker-IC6DBpIJ.js')).toBe(true);
    expect(isLabWorkerFile('/_astro/worker.D_pwSC1U.js')).toBe(false);
    expect(isLabWorkerFile('/_astro/lab-worker.IC6DBpIJ.js')).toBe(false);
    expect(isLabWorkerFile('/_astro/my-lab-worker-IC6DBpIJ.js')).toBe(false);
    expect(isLabWorkerFile('/pagefind/pagefind-worker.js')).toBe(false);
    expect(isLabWorkerFile('/assets/lab-worker-IC6DBpIJ.js', 'assets')).toBe(true);
  });

  it('the lab still spawns that entry module (so the name above is the lab Worker)', async () => {
    const source = await readFile(new URL('../../lab/worker/index.ts', import.meta.url), 'utf8');
    const entry = labWorkerEntry.module.split('/').pop() ?? '';
    expect(entry).toBe(`${labWorkerEntry.name}.ts`);
    expect(source).toMatch(
      new RegExp(`new Worker\\(new URL\\('\\./${entry.replace('.', '\\.')}', import\\.meta\\.url\\)`),
    );
  });

  it('reports other spawned scripts, and refuses a lab-worker file that nothing spawns', () => {
    const scripts = built();
    scripts.set('/_astro/page.js', 'new Worker(new URL("/_astro/helper-9.js",import.meta.url))');
    scripts.set('/_astro/helper-9.js', '');
    expect(classifyWorkers(scripts).unknown).toEqual(['/_astro/helper-9.js']);
    scripts.delete('/_astro/worker.D_pwSC1U.js');
    expect(() => classifyWorkers(scripts)).toThrow(
      /lab-worker-IC6DBpIJ\.js is named like the lab Worker .* but no built script spawns it/,
    );
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
    expect(headersFor(rules, '/_astro/lab-worker-Ij90Kl12.js')['Content-Security-Policy']).toBe(workerCsp());
    expect(headersFor(rules, '/_astro/chunk.Mn34Op56.js')['Content-Security-Policy']).toBeUndefined();
  });

  it('gives Pagefind its wasm-only Worker policy and the script that spawns the lab Worker none', async () => {
    const site = await makeFixtureDist({
      ...fixtureFiles(),
      'pagefind/pagefind.js': 'sharedWorker=new Worker(`${basePath}pagefind-worker.js`);',
      'pagefind/pagefind-worker.js': 'WebAssembly.instantiateStreaming(fetch(u));',
      'pagefind/wasm.en.pagefind': 'x',
    });
    const rules = parseHeadersFile(await readFile(join(site.root, '_headers'), 'utf8'));
    await site.cleanup();
    expect(headersFor(rules, '/pagefind/pagefind-worker.js')['Content-Security-Policy']).toBe(
      wasmWorkerCsp(),
    );
    expect(wasmWorkerCsp()).toContain("'wasm-unsafe-eval'");
    expect(wasmWorkerCsp()).not.toContain("'unsafe-eval'");
    expect(headersFor(rules, '/pagefind/pagefind.js')['Content-Security-Policy']).toBeUndefined();
    expect(headersFor(rules, '/_astro/page.Ef56Gh78.js')['Content-Security-Policy']).toBeUndefined();
    expect(headersFor(rules, '/_astro/lab-worker-Ij90Kl12.js')['Content-Security-Policy']).toBe(workerCsp());
  });

  it('puts the page policy in 404.html, which a static host serves for unknown paths under /* alone', async () => {
    const rules = parseHeadersFile(await readFile(join(fixture.root, '_headers'), 'utf8'));
    // What a static host sends with the 404 page for an unknown path: the /* rule only, no CSP header.
    expect(headersFor(rules, '/no/such/page')['Content-Security-Policy']).toBeUndefined();
    const html = await readFile(join(fixture.root, '404.html'), 'utf8');
    const policy = headersFor(rules, '/404.html')['Content-Security-Policy'] ?? '';
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    expect(meta).toBe(metaCsp(policy));
    expect(meta).toContain(cspHash(themeScript));
    expect(meta).not.toContain('frame-ancestors');
    // Before every script, right after the charset.
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
    expect(html).toMatch(/^<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv/);
    // Other pages are covered by header rules and stay as built.
    expect(await readFile(join(fixture.root, 'index.html'), 'utf8')).not.toContain('http-equiv');
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
    const before = await readFile(join(fixture.root, '404.html'), 'utf8');
    await prepareDist(fixture.root);
    expect(await readFile(join(fixture.root, '404.html'), 'utf8')).toBe(before);
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

describe('withMetaCsp', () => {
  const policy = pageCsp([]);
  it('replaces its own element on a second run (a new policy after Pagefind) instead of adding one', () => {
    const page = '<!doctype html><html><head><meta charset="utf-8"><title>x</title></head></html>';
    const once = withMetaCsp(page, 'a');
    const twice = withMetaCsp(once, policy);
    expect(twice.match(/http-equiv/g)).toHaveLength(1);
    expect(twice).toContain(`content="${policy}"`);
    expect(twice).not.toContain('content="a"');
  });
  it('falls back to the start of <head>, and says when there is no head', () => {
    expect(withMetaCsp('<html><head lang="en"><title>x</title>', policy)).toMatch(
      /^<html><head lang="en"><meta http-equiv="Content-Security-Policy"/,
    );
    expect(() => withMetaCsp('<p>no head</p>', policy)).toThrow(/neither <meta charset> nor <head>/);
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

describe('precompress and links', () => {
  it('replaces a planted or stale variant instead of writing through it, and never keeps one it did not write', async () => {
    const { lstat, rm, symlink, writeFile } = await import('node:fs/promises');
    const fixture = await makeFixtureDist();
    const outside = join(fixture.parent, 'outside.txt');
    await writeFile(outside, 'outside dist, must stay unchanged');
    const page = join(fixture.root, 'index.html');
    // A link where the brotli copy goes: writing through it would overwrite a file outside dist/.
    await rm(`${page}.br`);
    await symlink(outside, `${page}.br`);
    // A tiny file is never compressed, so a link or stale copy beside it would be served as its variant.
    await writeFile(join(fixture.root, 'tiny.txt'), 'tiny');
    await symlink(outside, join(fixture.root, 'tiny.txt.gz'));
    await writeFile(join(fixture.root, 'tiny.txt.br'), 'stale bytes from another build');
    await precompress(fixture.root);
    expect(await readFile(outside, 'utf8')).toBe('outside dist, must stay unchanged');
    expect((await lstat(`${page}.br`)).isFile()).toBe(true);
    expect(brotliDecompressSync(await readFile(`${page}.br`)).equals(await readFile(page))).toBe(true);
    await expect(lstat(join(fixture.root, 'tiny.txt.gz'))).rejects.toThrow(/ENOENT/);
    await expect(lstat(join(fixture.root, 'tiny.txt.br'))).rejects.toThrow(/ENOENT/);
    await fixture.cleanup();
  });
});
