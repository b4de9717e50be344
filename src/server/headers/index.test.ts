import { describe, expect, it } from 'vitest';
import {
  baseHeaders,
  headerRules,
  headersFor,
  immutableCache,
  matches,
  metaCsp,
  pageCsp,
  parseHeadersFile,
  siteHeaders,
  renderHeadersFile,
  wasmWorkerCsp,
  workerCsp,
  type SiteShape,
} from './index.ts';

const hash = `'sha256-${'A'.repeat(43)}='`;
const shape: SiteShape = {
  htmlFiles: [
    '/index.html',
    '/404.html',
    '/lessons/01-x/index.html',
    '/lessons/02-y/index.html',
    '/reference/a/index.html',
  ],
  workerFiles: ['/_astro/lab-worker.AbC123.js'],
  scriptHashes: [hash],
};

const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

describe('pageCsp', () => {
  it('allows scripts only from self and the given hashes: no unsafe-inline, no unsafe-eval', () => {
    const csp = pageCsp([hash, hash]);
    expect(directive(csp, 'script-src')).toBe(`script-src 'self' ${hash}`);
    expect(csp).not.toContain('unsafe-eval');
    expect(directive(csp, 'script-src')).not.toContain('unsafe-inline');
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    expect(directive(csp, 'frame-src')).toContain('https://*.webcontainer-api.io');
  });
  it('rejects something that is not a sha256 source', () => {
    expect(() => pageCsp(["'unsafe-inline'"])).toThrow(/not a CSP source/);
  });
});

describe('siteHeaders', () => {
  it('isolates the site (COOP + COEP) only when WebContainers are on', () => {
    expect(siteHeaders({ webContainers: true })).toEqual(baseHeaders);
    expect(baseHeaders).toMatchObject({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    const off = siteHeaders({ webContainers: false });
    expect(off).not.toHaveProperty('Cross-Origin-Embedder-Policy');
    expect(off).toEqual(
      Object.fromEntries(
        Object.entries(baseHeaders).filter(([name]) => name !== 'Cross-Origin-Embedder-Policy'),
      ),
    );
  });
  it('leaves StackBlitz out of the page policy when WebContainers are off', () => {
    expect(directive(pageCsp([hash], { webContainers: false }), 'frame-src')).toBe("frame-src 'self'");
    expect(pageCsp([hash], { webContainers: false })).not.toMatch(/stackblitz|webcontainer/);
  });
  it('headerRules: off drops COEP from every path and StackBlitz from every page', () => {
    const rules = headerRules({ ...shape, webContainers: false });
    for (const path of ['/', '/lessons/01-x/', '/_astro/lab-worker.AbC123.js', '/nope']) {
      expect(headersFor(rules, path)['Cross-Origin-Embedder-Policy'], path).toBeUndefined();
      expect(headersFor(rules, path)['Cross-Origin-Opener-Policy'], path).toBe('same-origin');
    }
    expect(headersFor(rules, '/')['Content-Security-Policy']).toBe(pageCsp([hash], { webContainers: false }));
    expect(headersFor(headerRules(shape), '/')['Cross-Origin-Embedder-Policy']).toBe('require-corp');
  });
});

describe('workerCsp', () => {
  it('lets the Worker evaluate learner code and load same-origin chunks only', () => {
    expect(directive(workerCsp(), 'script-src')).toBe("script-src 'self' 'unsafe-eval'");
    expect(directive(workerCsp(), 'default-src')).toBe("default-src 'none'");
  });
});

describe('wasmWorkerCsp', () => {
  it("lets a Worker compile WebAssembly ('wasm-unsafe-eval') and nothing more: no 'unsafe-eval'", () => {
    expect(directive(wasmWorkerCsp(), 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(directive(wasmWorkerCsp(), 'default-src')).toBe("default-src 'none'");
    expect(wasmWorkerCsp()).not.toContain("'unsafe-eval'");
  });
});

describe('metaCsp', () => {
  it('drops the directives a <meta> element cannot deliver and keeps the rest as they are', () => {
    const csp = pageCsp([hash]);
    expect(metaCsp(csp)).toBe(csp.replace(/; frame-ancestors [^;]*/, ''));
    expect(metaCsp("default-src 'self'; sandbox; report-uri /r")).toBe("default-src 'self'");
  });
});

describe('headerRules', () => {
  const rules = headerRules(shape);
  it('gives every path the base headers', () => {
    for (const path of ['/', '/_astro/x.js', '/healthz', '/nope', '/lessons/01-x/']) {
      expect(headersFor(rules, path)).toMatchObject(baseHeaders);
    }
  });
  it('gives every page path (file, folder, folder without slash) the page policy', () => {
    for (const path of [
      '/',
      '/index.html',
      '/404.html',
      '/404',
      '/lessons/01-x/',
      '/lessons/01-x',
      '/lessons/01-x/index.html',
      '/reference/a/',
    ]) {
      expect(headersFor(rules, path)['Content-Security-Policy'], path).toBe(pageCsp([hash]));
    }
  });
  it('gives the Worker its own policy and never two policies on one path', () => {
    const worker = headersFor(rules, '/_astro/lab-worker.AbC123.js');
    expect(worker['Content-Security-Policy']).toBe(workerCsp());
    expect(worker['Cache-Control']).toBe(immutableCache);
    const paths = ['/', '/404.html', '/lessons/01-x/', '/_astro/lab-worker.AbC123.js', '/_astro/a.css', '/x'];
    for (const path of paths)
      expect(headersFor(rules, path)['Content-Security-Policy'] ?? '').not.toMatch(/, /);
  });
  it("gives a wasm-only Worker (Pagefind's) its own policy, and refuses one path with two policies", () => {
    const withSearch = headerRules({ ...shape, wasmWorkerFiles: ['/pagefind/pagefind-worker.js'] });
    expect(headersFor(withSearch, '/pagefind/pagefind-worker.js')['Content-Security-Policy']).toBe(
      wasmWorkerCsp(),
    );
    expect(headersFor(withSearch, '/_astro/lab-worker.AbC123.js')['Content-Security-Policy']).toBe(
      workerCsp(),
    );
    expect(headersFor(withSearch, '/pagefind/pagefind.js')['Content-Security-Policy']).toBeUndefined();
    expect(() => headerRules({ ...shape, wasmWorkerFiles: shape.workerFiles })).toThrow(/two policies/);
  });
  it('keeps hashed assets immutable', () => {
    expect(headersFor(rules, '/_astro/a.B1.css')['Cache-Control']).toBe(immutableCache);
  });
  it('stays small however many lessons there are (one splat per top folder)', () => {
    const many = { ...shape, htmlFiles: Array.from({ length: 300 }, (_, i) => `/lessons/${i}/index.html`) };
    expect(headerRules(many).length).toBeLessThan(10);
  });
  it('falls back to exact rules for pages in a folder that also holds a Worker', () => {
    const mixed = headerRules({
      htmlFiles: ['/lab/index.html'],
      workerFiles: ['/lab/worker.js'],
      scriptHashes: [],
    });
    expect(headersFor(mixed, '/lab/')['Content-Security-Policy']).toBe(pageCsp([]));
    expect(headersFor(mixed, '/lab/worker.js')['Content-Security-Policy']).toBe(workerCsp());
  });
  it('fails fast on bad input', () => {
    expect(() => headerRules({ ...shape, htmlFiles: ['index.html'] })).toThrow(/not an HTML file path/);
    expect(() => headerRules({ ...shape, assetsDir: '../x' })).toThrow(/assetsDir/);
  });
});

describe('_headers file', () => {
  it('round-trips through render and parse', () => {
    const rules = headerRules(shape);
    expect(parseHeadersFile(renderHeadersFile(rules))).toEqual(rules);
  });
  it('explains a malformed file with its line', () => {
    expect(() => parseHeadersFile('/*\nX-Bad\n')).toThrow(/line 2/);
    expect(() => parseHeadersFile('*.js\n  A: b\n')).toThrow(/line 1/);
  });
  it('joins repeated headers like static hosts do', () => {
    const rules = parseHeadersFile('/*\n  X-A: 1\n/a\n  X-A: 2\n');
    expect(headersFor(rules, '/a')).toEqual({ 'X-A': '1, 2' });
  });
});

describe('matches', () => {
  it('matches splats across slashes and everything else literally', () => {
    expect(matches('/*', '/a/b.js')).toBe(true);
    expect(matches('/_astro/*', '/_astro/x.js')).toBe(true);
    expect(matches('/_astro/*', '/_astrox/x.js')).toBe(false);
    expect(matches('/lessons/*', '/lessons')).toBe(false);
    expect(matches('/a.b', '/aXb')).toBe(false);
    expect(matches('/a/*/c', '/a/b/d/c')).toBe(true);
  });
});
