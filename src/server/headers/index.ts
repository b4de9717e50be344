/**
 * The one source of truth for response headers. The build writes these rules to `dist/_headers`
 * (the format Netlify and Cloudflare Pages read) and the production server (`npm start`) parses
 * that same file and applies it, so a static host and the Node server send identical headers.
 * Dev and preview servers use `crossOriginHeaders` (no CSP there: Vite injects inline scripts).
 *
 * Why CSP is not on the `/*` rule: static hosts apply every matching rule and join repeated
 * headers with a comma, which browsers read as two policies that must both allow a thing. A page
 * policy on `/*` would also land on the lab Worker and veto its 'unsafe-eval'. So the page policy
 * sits on the document paths and the Worker's policy on the Worker's path: never both on one path.
 * Browsers only enforce CSP delivered with documents and workers, so other assets need none.
 *
 * The price of that: on a static host an unknown path matches only `/*`, so its 404 response gets
 * no CSP header. The build therefore also writes the page policy into `404.html` as a
 * `<meta http-equiv>` element (`metaCsp`), which needs no header rule and never reaches a Worker.
 */

/** Web-standard only (the astro config, the build integration and the server all import it). */
export type HeaderMap = Record<string, string>;

export interface HeaderRule {
  /** `/exact/path`, or with one trailing or inner `*` (matches anything, `/` included). */
  pattern: string;
  headers: HeaderMap;
}

/** Needed for WebContainers (SharedArrayBuffer needs cross-origin isolation), kept on every response. */
export const crossOriginHeaders: HeaderMap = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Sent with every response of every server, dev included (with WebContainers on: see `siteHeaders`). */
export const baseHeaders: HeaderMap = {
  ...crossOriginHeaders,
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Content-Type-Options': 'nosniff',
  // Only features Chromium recognises: an unknown feature name is logged as a console error.
  'Permissions-Policy':
    'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
};

/**
 * The headers of every response for a deployment with WebContainers on (`baseHeaders`) or off
 * (`PUBLIC_LAB_RUNTIME=worker`, see src/lab/deployment). Off, nothing needs cross-origin isolation
 * (the lab Worker and Pagefind's use no SharedArrayBuffer), so COEP goes: it is the header that
 * makes every cross-origin embed opt in, and without it the page is no longer isolated. COOP and
 * CORP stay: they cost nothing and keep other sites from holding a window or reading a resource.
 */
export function siteHeaders(options: { webContainers: boolean }): HeaderMap {
  if (options.webContainers) return { ...baseHeaders };
  const { 'Cross-Origin-Embedder-Policy': _isolation, ...rest } = baseHeaders;
  return rest;
}

/** Hashed file names never change content, so browsers may keep them for a year without asking. */
export const immutableCache = 'public, max-age=31536000, immutable';
/** Everything else (HTML first of all) is revalidated with ETag / Last-Modified on every use. */
export const revalidateCache = 'no-cache';

/** Where the WebContainer runtime lives: its boot iframe and the preview iframes of the learner's server. */
export const webContainerFrames = [
  'https://stackblitz.com',
  'https://*.stackblitz.com',
  'https://*.webcontainer-api.io',
  'https://*.webcontainer.io',
];

const sha256Source = /^'sha256-[A-Za-z0-9+/]{43}='$/;

function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * The policy of every page. Scripts: same-origin files plus the exact inline scripts the build
 * found (by hash); no 'unsafe-inline', no 'unsafe-eval'. Styles allow inline because Shiki and the
 * components set `style` attributes (CSS cannot run script, and script is what this guards).
 */
export function pageCsp(
  scriptHashes: readonly string[],
  options: { webAssembly?: boolean; webContainers?: boolean } = {},
): string {
  for (const hash of scriptHashes) {
    if (!sha256Source.test(hash))
      throw new TypeError(`pageCsp: "${hash}" is not a CSP source like 'sha256-<base64>'`);
  }
  // Compiling WebAssembly (Pagefind's search) is not JavaScript eval: 'wasm-unsafe-eval' allows only that.
  const wasm = options.webAssembly ? ["'wasm-unsafe-eval'"] : [];
  return policy({
    'default-src': ["'self'"],
    'script-src': ["'self'", ...wasm, ...[...new Set(scriptHashes)].sort()],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'worker-src': ["'self'"],
    // Without WebContainers (PUBLIC_LAB_RUNTIME=worker) the page has no reason to frame StackBlitz.
    'frame-src': ["'self'", ...(options.webContainers === false ? [] : webContainerFrames)],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'self'"],
  });
}

/**
 * The lab Worker evaluates the learner's compiled route files with `new Function`, so its own
 * policy (a dedicated Worker's CSP comes from the response that delivered its script) allows
 * 'unsafe-eval'. It may import same-origin chunks and nothing else.
 */
export function workerCsp(): string {
  return policy({
    'default-src': ["'none'"],
    'script-src': ["'self'", "'unsafe-eval'"],
    'connect-src': ["'self'"],
    'base-uri': ["'none'"],
  });
}

/**
 * Pagefind's search Worker compiles its WebAssembly engine and fetches the index: it needs
 * 'wasm-unsafe-eval' (WebAssembly only) and must not get the lab's 'unsafe-eval'.
 */
export function wasmWorkerCsp(): string {
  return policy({
    'default-src': ["'none'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'connect-src': ["'self'"],
    'base-uri': ["'none'"],
  });
}

/** Directives a `<meta http-equiv>` policy cannot carry (browsers ignore them there and log a warning). */
const headerOnlyDirectives = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/**
 * `policy` without the directives a `<meta http-equiv="Content-Security-Policy">` element cannot
 * deliver. Used for the 404 page, which static hosts serve for unknown paths under the `/*` rule alone.
 */
export function metaCsp(policy: string): string {
  return policy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive && !headerOnlyDirectives.has(directive.split(/\s+/)[0] ?? ''))
    .join('; ');
}

export interface SiteShape {
  /** URL paths of the built HTML files, e.g. `/index.html`, `/lessons/01-x/index.html`, `/404.html`. */
  htmlFiles: readonly string[];
  /** URL paths of the lab Worker's scripts (policy `workerCsp`, eval allowed), e.g. `/_astro/lab-worker-AbC123.js`. */
  workerFiles: readonly string[];
  /** URL paths of Worker scripts that only compile WebAssembly (policy `wasmWorkerCsp`): Pagefind's. */
  wasmWorkerFiles?: readonly string[];
  /** CSP sources (`'sha256-…'`) of every inline script of every page. */
  scriptHashes: readonly string[];
  /** Folder of hashed assets (Astro's `build.assets`), without slashes. */
  assetsDir?: string;
  /** The site ships WebAssembly (e.g. the Pagefind index), so pages may compile it. */
  webAssembly?: boolean;
  /** The lab may boot WebContainers (default true): cross-origin isolation and StackBlitz frames. */
  webContainers?: boolean;
}

/**
 * Every page path a visitor can use: `/x/index.html` is reachable as `/x/`, `/x` and the file name.
 * Pages in a top-level folder share one splat rule (`/lessons/*`) so the rule count stays small
 * (Cloudflare Pages reads at most 100) however many lessons there are, unless a Worker script lives
 * in that folder, in which case its pages get exact rules.
 */
function documentPatterns(shape: SiteShape, assetsDir: string): string[] {
  const patterns = new Set<string>();
  const workers = [...shape.workerFiles, ...(shape.wasmWorkerFiles ?? [])];
  const folderHasWorker = (folder: string) => workers.some((file) => file.startsWith(`/${folder}/`));
  for (const file of shape.htmlFiles) {
    if (!file.startsWith('/') || !file.endsWith('.html'))
      throw new TypeError(`headerRules: "${file}" is not an HTML file path`);
    const segments = file.slice(1).split('/');
    const top = segments[0] ?? '';
    if (segments.length > 1 && top !== assetsDir && !folderHasWorker(top)) {
      patterns.add(`/${top}`);
      patterns.add(`/${top}/*`);
      continue;
    }
    patterns.add(file);
    if (file.endsWith('/index.html')) {
      const folder = file.slice(0, -'index.html'.length);
      patterns.add(folder);
      if (folder !== '/') patterns.add(folder.slice(0, -1));
    } else {
      patterns.add(file.slice(0, -'.html'.length));
    }
  }
  return [...patterns];
}

export function headerRules(shape: SiteShape): HeaderRule[] {
  const assetsDir = shape.assetsDir ?? '_astro';
  if (!/^[\w.-]+$/.test(assetsDir))
    throw new TypeError(`headerRules: assetsDir must be one folder name, got "${assetsDir}"`);
  const wasmWorkers = shape.wasmWorkerFiles ?? [];
  for (const file of [...shape.workerFiles, ...wasmWorkers]) {
    if (!file.startsWith('/') || file.includes('*'))
      throw new TypeError(`headerRules: "${file}" is not a Worker script path`);
  }
  const twice = shape.workerFiles.find((file) => wasmWorkers.includes(file));
  if (twice) throw new TypeError(`headerRules: Worker ${twice} is listed with two policies`);
  const documents = documentPatterns(shape, assetsDir);
  const overlap = [...shape.workerFiles, ...wasmWorkers].find((worker) =>
    documents.some((pattern) => matches(pattern, worker)),
  );
  if (overlap)
    throw new Error(
      `headerRules: Worker ${overlap} would also get the page policy; move it out of the page folders`,
    );
  const webContainers = shape.webContainers ?? true;
  const csp = pageCsp(shape.scriptHashes, { webAssembly: shape.webAssembly ?? false, webContainers });
  const page = { 'Content-Security-Policy': csp, 'Cache-Control': revalidateCache };
  return [
    { pattern: '/*', headers: siteHeaders({ webContainers }) },
    { pattern: `/${assetsDir}/*`, headers: { 'Cache-Control': immutableCache } },
    ...documents.map((pattern) => ({ pattern, headers: { ...page } })),
    ...shape.workerFiles.map((pattern) => ({ pattern, headers: { 'Content-Security-Policy': workerCsp() } })),
    ...wasmWorkers.map((pattern) => ({ pattern, headers: { 'Content-Security-Policy': wasmWorkerCsp() } })),
  ];
}

/** `_headers` text: a path line, then indented `Name: value` lines. */
export function renderHeadersFile(rules: readonly HeaderRule[]): string {
  const head = '# Generated by src/server/artifacts at build time from src/server/headers. Do not edit.\n';
  return (
    head +
    rules
      .map((rule) =>
        [rule.pattern, ...Object.entries(rule.headers).map(([name, value]) => `  ${name}: ${value}`)].join(
          '\n',
        ),
      )
      .join('\n\n') +
    '\n'
  );
}

export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  let current: HeaderRule | null = null;
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    if (!/^\s/.test(line)) {
      if (!line.startsWith('/'))
        throw new SyntaxError(`_headers line ${index + 1}: a rule must start with "/", got "${line}"`);
      current = { pattern: line.trim(), headers: {} };
      rules.push(current);
      return;
    }
    const match = /^\s+([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (!current || !match)
      throw new SyntaxError(
        `_headers line ${index + 1}: expected "  Name: value" under a path, got "${line.trim()}"`,
      );
    const [, name = '', value = ''] = match;
    const rule: HeaderRule = current;
    const existing = Object.keys(rule.headers).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing) rule.headers[existing] = `${rule.headers[existing]}, ${value}`;
    else rule.headers[name] = value;
  });
  return rules;
}

const patternCache = new Map<string, RegExp>();

/** Static-host matching: `*` matches any run of characters (including `/`), the rest literally. */
export function matches(pattern: string, path: string): boolean {
  if (!pattern.includes('*')) return pattern === path;
  let regex = patternCache.get(pattern);
  if (!regex) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${source}$`, 's');
    patternCache.set(pattern, regex);
  }
  return regex.test(path);
}
/** The headers a static host would send for `path`: every matching rule, repeated names joined. */
export function headersFor(rules: readonly HeaderRule[], path: string): HeaderMap {
  const out: HeaderMap = {};
  const names = new Map<string, string>();
  for (const rule of rules) {
    if (!matches(rule.pattern, path)) continue;
    for (const [name, value] of Object.entries(rule.headers)) {
      const key = names.get(name.toLowerCase());
      if (key === undefined) {
        names.set(name.toLowerCase(), name);
        out[name] = value;
      } else {
        out[key] = `${out[key]}, ${value}`;
      }
    }
  }
  return out;
}
