/**
 * Build-time deploy artifacts, produced right after `astro build` by the `deployArtifacts()`
 * integration (so `npx astro build` and `npm run build` both make them):
 * - `dist/_headers`: the header rules of ../headers, with the sha256 of every inline script the
 *   build emitted and the paths of the lab Worker and Pagefind's Worker (each gets its own CSP).
 * - the page CSP, as a `<meta>` element, in `dist/404.html` (static hosts send it no CSP header).
 * - `file.br` / `file.gz` beside every compressible file, so the server never compresses per request.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import { labRuntimeFromEnv } from '../../lab/deployment/env.ts';
import { webContainersOn } from '../../lab/deployment/index.ts';
import { headerRules, metaCsp, pageCsp, renderHeadersFile, type SiteShape } from '../headers/index.ts';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text formats worth compressing; images and fonts are already compressed. */
export const compressible = /\.(?:html|css|js|mjs|json|svg|txt|xml|map|webmanifest|wasm|ts|md)$/i;
/** The page static hosts serve, with status 404, for every path the site does not have. */
export const notFoundPage = '/404.html';
/** Below this a compressed copy saves less than the headers that announce it. */
const minCompressBytes = 256;

export interface DistFile {
  /** URL path, e.g. `/lessons/01-x/index.html`. */
  path: string;
  absolute: string;
}

/** Every file under `root` except compressed variants and dotfiles, with URL paths. */
export async function listDist(root: string): Promise<DistFile[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: DistFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    const path = '/' + relative(root, absolute).split(sep).join('/');
    if (/\/\./.test(path) || /\.(?:br|gz)$/.test(path)) continue;
    files.push({ path, absolute });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

const executableTypes = new Set([
  '',
  'module',
  'text/javascript',
  'application/javascript',
  'importmap',
  'speculationrules',
]);

/** The inline scripts a browser would execute (data blocks like JSON-LD are not subject to CSP). */
export function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const [, attributes = '', body = ''] = match;
    if (/\ssrc\s*=/i.test(` ${attributes}`)) continue;
    const type = /\stype\s*=\s*["']?([^"'\s>]*)/i.exec(` ${attributes}`)?.[1]?.toLowerCase() ?? '';
    if (executableTypes.has(type)) scripts.push(body);
  }
  return scripts;
}

export function cspHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** Markup a hash cannot allow: inline event handlers and `javascript:` URLs. */
export function cspHazards(html: string): string[] {
  const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, '');
  const found: string[] = [];
  for (const match of markup.matchAll(/<[a-z][\w-]*(?:\s[^>]*?)?\s(on[a-z]+)\s*=/gi))
    found.push(`inline handler ${match[1]}=`);
  for (const match of markup.matchAll(/\s(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/gi))
    found.push(`javascript: URL (${match[0].trim()})`);
  return found;
}

/**
 * Worker entry scripts: the files a `new Worker(…)` / `new SharedWorker(…)` call site names with a
 * literal URL (as Vite writes `new Worker(new URL("/_astro/x-hash.js", import.meta.url))`).
 */
export function findWorkers(scripts: ReadonlyMap<string, string>): string[] {
  const workers = new Set<string>();
  for (const [path, source] of scripts) {
    for (const call of source.matchAll(/new\s+(?:Shared)?Worker\s*\(/g)) {
      const window = source.slice(call.index, call.index + 400);
      for (const literal of window.matchAll(/["'`]([^"'`\s]*?\.m?js)(?:\?[^"'`]*)?["'`]/g)) {
        const target = literal[1] ?? '';
        const resolved = target.startsWith('/')
          ? target
          : posix.normalize(posix.join(posix.dirname(path), target));
        if (scripts.has(resolved)) workers.add(resolved);
      }
    }
  }
  return [...workers].sort();
}

/**
 * The lab Worker's entry module, which src/lab/worker/index.ts spawns with
 * `new Worker(new URL('./lab-worker.ts', import.meta.url))`. Vite bundles each worker entry on its
 * own and names the result `<assetsDir>/<entry name>-<hash>.js` (a dash: Astro names page chunks
 * `<name>.<hash>.js`). Vite's manifest does not list worker bundles, so the entry's name is what
 * ties the built file to the source; a test pins that the lab still spawns this module.
 */
export const labWorkerEntry = { module: 'src/lab/worker/lab-worker.ts', name: 'lab-worker' } as const;

/** Pagefind's search Worker, where Pagefind's `pagefind.js` loads it (`<bundle>/pagefind-worker.js`). */
export const pagefindWorker = '/pagefind/pagefind-worker.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `path` is the built lab Worker entry (`/_astro/lab-worker-<hash>.js`), by Vite's worker naming. */
export function isLabWorkerFile(path: string, assetsDir = '_astro'): boolean {
  const name = escapeRegExp(labWorkerEntry.name);
  return new RegExp(`^/${escapeRegExp(assetsDir)}/${name}-[A-Za-z0-9_-]+\\.js$`).test(path);
}

export interface WorkerScan {
  /** The lab Worker entry: gets `workerCsp()` (eval, for the learner's code). */
  lab: string[];
  /** Workers that only compile WebAssembly (Pagefind's): get `wasmWorkerCsp()`. */
  wasm: string[];
  /** Other scripts a `new Worker(…)` names: they get no policy of their own, and the build says so. */
  unknown: string[];
}

/**
 * Sorts the site's Worker scripts by the policy each needs. The lab Worker must be both named like
 * the lab's worker entry and spawned by a `new Worker(…)` in the built code: a file that is only
 * named like it is an error (the detection no longer matches the build), not a Worker to trust.
 */
export function classifyWorkers(scripts: ReadonlyMap<string, string>, assetsDir = '_astro'): WorkerScan {
  const spawned = findWorkers(scripts);
  const lab = spawned.filter((path) => isLabWorkerFile(path, assetsDir));
  const orphan = [...scripts.keys()].find((path) => isLabWorkerFile(path, assetsDir) && !lab.includes(path));
  if (orphan) {
    throw new Error(
      `${orphan} is named like the lab Worker (${labWorkerEntry.module}) but no built script spawns it with ` +
        '`new Worker(new URL("…"))`; update classifyWorkers in src/server/artifacts so the lab Worker gets its policy',
    );
  }
  const wasm = scripts.has(pagefindWorker) ? [pagefindWorker] : [];
  const unknown = spawned.filter((path) => !lab.includes(path) && !wasm.includes(path));
  return { lab, wasm, unknown };
}

/** Marks the element `withMetaCsp` writes, so running the step again replaces it instead of adding one. */
const metaMarker = 'data-deploy-artifacts';

/**
 * `html` with `policy` in a `<meta http-equiv="Content-Security-Policy">` element right after
 * `<meta charset>` (before any script, and without pushing the charset out of the first 1024 bytes).
 * A static host serves `404.html` for every unknown path, and those paths match only the `/*`
 * header rule, which carries no CSP (see ../headers): the element is how that page keeps its policy.
 */
export function withMetaCsp(html: string, policy: string): string {
  const content = policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const element = `<meta http-equiv="Content-Security-Policy" content="${content}" ${metaMarker}>`;
  const cleaned = html.replace(new RegExp(`<meta\\b[^>]*\\s${metaMarker}\\b[^>]*>`, 'gi'), '');
  const anchor =
    /<meta\s+charset\s*=\s*["']?[\w-]+["']?\s*\/?>/i.exec(cleaned) ?? /<head\b[^>]*>/i.exec(cleaned);
  if (!anchor) throw new Error('withMetaCsp: the page has neither <meta charset> nor <head>');
  const at = anchor.index + anchor[0].length;
  return cleaned.slice(0, at) + element + cleaned.slice(at);
}

export interface SiteScan extends SiteShape {
  wasmWorkerFiles: string[];
  webContainers: boolean;
  /** Scripts a `new Worker(…)` spawns that are neither the lab's nor Pagefind's: no policy of their own. */
  otherWorkers: string[];
  /** Per HTML file, markup that the page CSP will block. */
  hazards: { file: string; problems: string[] }[];
}

export interface PrepareOptions extends ScanOptions, CompressOptions {}

export interface ScanOptions {
  /**
   * The lab may boot WebContainers (default true; false for `PUBLIC_LAB_RUNTIME=worker`, see
   * src/lab/deployment): only then do the headers isolate the site and the CSP frame StackBlitz.
   */
  webContainers?: boolean;
  /**
   * Inline scripts that exist only at run time, in documents that inherit the page policy (the
   * lab's srcdoc preview injects one). Allowed by hash like the inline scripts of built pages.
   */
  runtimeScripts?: readonly string[];
}

export async function scanSite(root: string, options: ScanOptions = {}): Promise<SiteScan> {
  const files = await listDist(root);
  const htmlFiles: string[] = [];
  const hashes = new Set<string>((options.runtimeScripts ?? []).map(cspHash));
  const hazards: SiteScan['hazards'] = [];
  const scripts = new Map<string, string>();
  for (const file of files) {
    if (file.path.endsWith('.html')) {
      const html = await readFile(file.absolute, 'utf8');
      htmlFiles.push(file.path);
      for (const script of inlineScripts(html)) hashes.add(cspHash(script));
      const problems = cspHazards(html);
      if (problems.length) hazards.push({ file: file.path, problems });
    } else if (/\.m?js$/.test(file.path)) {
      scripts.set(file.path, await readFile(file.absolute, 'utf8'));
    }
  }
  // Pagefind's index ships its engine as `wasm.<lang>.pagefind`.
  const webAssembly = files.some((file) => /\.wasm$|\/wasm\.[\w-]+\.pagefind$/.test(file.path));
  const workers = classifyWorkers(scripts);
  return {
    htmlFiles,
    workerFiles: workers.lab,
    wasmWorkerFiles: workers.wasm,
    otherWorkers: workers.unknown,
    scriptHashes: [...hashes].sort(),
    webAssembly,
    webContainers: options.webContainers ?? true,
    hazards,
  };
}

export interface CompressResult {
  files: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
  /** Variants taken from the cache instead of compressed again. */
  cached: number;
}

export interface CompressOptions {
  /**
   * Folder for content-addressed compressed copies (e.g. node_modules/.cache/deploy-artifacts),
   * so a rebuild compresses only what changed. Entries this build did not use are removed.
   */
  cacheDir?: string;
  /** Hashed-asset folder, whose files get the slowest, smallest brotli. Default `_astro`. */
  assetsDir?: string;
}

/**
 * Brotli quality: hashed assets are compressed once per content and cached for a year by
 * browsers, so they get the maximum (11). Pages change with every content edit and their count
 * grows with the course; quality 11 costs ~60x quality 8 for ~10% fewer bytes (measured on the
 * lesson pages), which would make compression dominate the build, so they get 8.
 */
export const brotliQuality = (path: string, assetsDir = '_astro') =>
  path.startsWith(`/${assetsDir}/`) ? 11 : 8;

/** Writes `.br` and `.gz` (level 9) beside each compressible file when they are smaller. */
export async function precompress(root: string, options: CompressOptions = {}): Promise<CompressResult> {
  const result: CompressResult = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0, cached: 0 };
  const targets = (await listDist(root)).filter((file) => compressible.test(file.path));
  const cacheDir = options.cacheDir;
  if (cacheDir) await mkdir(cacheDir, { recursive: true });
  const used = new Set<string>();

  const cachedOr = async (data: Buffer, kind: string, compute: () => Promise<Buffer>): Promise<Buffer> => {
    if (!cacheDir) return compute();
    const key = `${createHash('sha256').update(data).digest('hex')}.${kind}`;
    used.add(key);
    const hit = await readFile(join(cacheDir, key)).catch(() => null);
    if (hit) {
      result.cached += 1;
      return hit;
    }
    const out = await compute();
    // Write then rename: a concurrent build never reads a half-written entry.
    const temporary = join(cacheDir, `${key}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    await writeFile(temporary, out);
    await rename(temporary, join(cacheDir, key));
    return out;
  };

  // A few files at a time: each brotli encoder holds megabytes of state, and all of them at once
  // (hundreds of pages) took gigabytes while the thread pool could only work on a handful anyway.
  const queue = [...targets];
  const compressOne = async (file: DistFile) => {
    const data = await readFile(file.absolute);
    // Only variants written here may exist: a stale copy, or a symlink planted where one goes
    // (writing would go through it, out of dist/), is removed first, and writes never follow one.
    await Promise.all(['br', 'gz'].map((ext) => rm(`${file.absolute}.${ext}`, { force: true })));
    if (data.length < minCompressBytes) return;
    const quality = brotliQuality(file.path, options.assetsDir);
    const [br, gzipped] = await Promise.all([
      cachedOr(data, `br${quality}`, () =>
        brotli(data, {
          params: {
            [zlib.BROTLI_PARAM_QUALITY]: quality,
            [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
            [zlib.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
      ),
      cachedOr(data, 'gz9', () => gz(data, { level: 9 })),
    ]);
    result.files += 1;
    result.bytes += data.length;
    if (br.length < data.length) {
      await writeFile(`${file.absolute}.br`, br, { flag: 'wx' });
      result.brotliBytes += br.length;
    }
    if (gzipped.length < data.length) {
      await writeFile(`${file.absolute}.gz`, gzipped, { flag: 'wx' });
      result.gzipBytes += gzipped.length;
    }
  };
  const workers = Array.from({ length: Math.max(2, Math.min(availableParallelism(), 8)) }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) await compressOne(file);
  });
  await Promise.all(workers);
  if (cacheDir) {
    for (const name of await readdir(cacheDir)) {
      if (/^[0-9a-f]{64}\.(?:br\d+|gz9)$/.test(name) && !used.has(name))
        await rm(join(cacheDir, name), { force: true });
    }
  }
  return result;
}

export interface PrepareResult {
  scan: SiteScan;
  compress: CompressResult;
  headersFile: string;
}

/** The whole post-build step: scan, write `_headers` (left uncompressed: hosts read it raw), then the variants. */
export async function prepareDist(
  root: string,
  log: (line: string) => void = () => {},
  options: PrepareOptions = {},
): Promise<PrepareResult> {
  const started = performance.now();
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`prepareDist: ${root} is not a directory; build the site first`);
  const scan = await scanSite(root, options);
  if (!scan.htmlFiles.length) throw new Error(`prepareDist: no HTML files under ${root}`);
  for (const { file, problems } of scan.hazards) {
    log(
      `warning: ${file} has ${problems.join(', ')}: the page CSP blocks these; use a script file or addEventListener instead`,
    );
  }
  const headersFile = join(root, '_headers');
  const existing = await readFile(headersFile, 'utf8').catch(() => null);
  if (existing !== null && !existing.startsWith('# Generated by src/server/artifacts')) {
    log(
      'replacing the _headers copied from public/: headers come from src/server/headers (one source for every host)',
    );
  }
  for (const worker of scan.otherWorkers) {
    log(
      `warning: ${worker} is started with new Worker(…) but is neither the lab Worker nor Pagefind's, so it gets no CSP of its own; give it a policy in src/server/headers`,
    );
  }
  await writeFile(headersFile, renderHeadersFile(headerRules(scan)));
  const notFound = scan.htmlFiles.includes(notFoundPage) ? join(root, notFoundPage.slice(1)) : null;
  if (notFound) {
    const policy = metaCsp(
      pageCsp(scan.scriptHashes, {
        webAssembly: scan.webAssembly ?? false,
        webContainers: scan.webContainers,
      }),
    );
    await writeFile(notFound, withMetaCsp(await readFile(notFound, 'utf8'), policy));
  }
  const compress = await precompress(root, options);
  log(
    `_headers: ${scan.htmlFiles.length} pages, ${scan.scriptHashes.length} inline script hash(es), ` +
      `${scan.webAssembly ? 'wasm allowed, ' : ''}` +
      `${scan.webContainers ? 'cross-origin isolated for WebContainers, ' : 'WebContainers off (PUBLIC_LAB_RUNTIME=worker): no COEP, no StackBlitz frames, '}` +
      `lab Worker [${scan.workerFiles.join(', ')}], wasm-only Worker [${scan.wasmWorkerFiles.join(', ')}]` +
      `${notFound ? `, page CSP also in ${notFoundPage} <meta>` : ''}; precompressed ${compress.files} files ` +
      `(${compress.bytes} B → br ${compress.brotliBytes} B, gzip ${compress.gzipBytes} B; ${compress.cached} variants from cache) ` +
      `in ${Math.round(performance.now() - started)} ms`,
  );
  return { scan, compress, headersFile };
}

export interface DeployArtifactsOptions {
  /** Loads the run-time inline scripts (see ScanOptions.runtimeScripts) when the build is done. */
  runtimeScripts?: () => Promise<readonly string[]> | readonly string[];
  /** Compression cache; default `node_modules/.cache/deploy-artifacts` of the project. */
  cacheDir?: string;
  /** Whether the lab may boot WebContainers; default: PUBLIC_LAB_RUNTIME of the project's env (src/lab/deployment). */
  webContainers?: boolean;
}

/** Astro integration: runs `prepareDist` on the output folder once the static build is done. */
export function deployArtifacts(options: DeployArtifactsOptions = {}): AstroIntegration {
  let cacheDir = options.cacheDir;
  let webContainers = options.webContainers ?? true;
  return {
    name: 'logout-lab:deploy-artifacts',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir =
          options.cacheDir ?? fileURLToPath(new URL('node_modules/.cache/deploy-artifacts/', config.root));
        // The same reading as the page's (Vite's env files, production mode: this runs for builds).
        webContainers =
          options.webContainers ?? webContainersOn(labRuntimeFromEnv(fileURLToPath(config.root)));
      },
      'astro:build:done': async ({ dir, logger }) => {
        const runtimeScripts = options.runtimeScripts ? await options.runtimeScripts() : [];
        const log = (line: string) =>
          line.startsWith('warning:') ? logger.warn(line.slice(9)) : logger.info(line);
        await prepareDist(fileURLToPath(dir), log, {
          runtimeScripts,
          webContainers,
          ...(cacheDir ? { cacheDir } : {}),
        });
      },
    },
  };
}
