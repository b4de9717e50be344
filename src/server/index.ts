/**
 * The production site server: a Hono app over the built `dist/`. Web-standard at the edges
 * (`fetch(Request) → Response`), so tests drive it in-process; ./node runs it on a socket.
 *
 * - Files come from an in-memory index (./static), never from a path joined onto `dist/`.
 * - Precompressed `.br` / `.gz` variants are chosen by Accept-Encoding, with `Vary`.
 * - Headers come from `dist/_headers` (rendered at build from ./headers): the same rules a static
 *   host applies. Hashed assets are immutable; HTML and the rest revalidate (ETag, Last-Modified, 304).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import {
  baseHeaders,
  headersFor,
  parseHeadersFile,
  revalidateCache,
  type HeaderMap,
  type HeaderRule,
} from './headers/index.ts';
import { indexDist, negotiate, openRegular, type StaticEntry, type Variant } from './static/index.ts';

export interface SiteServerOptions {
  /** The built site (`dist/`), with the `_headers` file the build integration writes. */
  root: string;
  /** Bytes of files held in memory (default 64 MiB); the rest streams from disk. */
  memoryBudget?: number;
  /**
   * A Strict-Transport-Security value for every response (`max-age=…`, optionally
   * `; includeSubDomains` and `; preload`), or undefined for none. See ./hsts for the opt-in.
   */
  strictTransportSecurity?: string | undefined;
  log?: (line: string) => void;
}

/** The canonical policy ./hsts writes; anything else is refused rather than sent as a header. */
export const hstsPattern = /^max-age=\d{1,10}(?:; includeSubDomains)?(?:; preload)?$/;

/** Per-request values the header middleware reads. */
export type SiteEnv = { Variables: { rulesPath: string; known: boolean } };

export interface SiteServer {
  app: Hono<SiteEnv>;
  fetch: (request: Request) => Promise<Response>;
  /** While draining (graceful shutdown), `/healthz` answers 503 so load balancers stop sending. */
  setDraining(draining: boolean): void;
  /** The `/*` rule of `_headers`: what every response carries (COEP only with WebContainers on). */
  readonly siteHeaders: HeaderMap;
  readonly files: number;
  readonly bytesInMemory: number;
}

const fallback404 = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Page not found · Logout Lab</title><style>body{font:1.1rem/1.6 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color-scheme:light dark}</style></head><body><main><h1>Page not found</h1><p>There is no page at this address. <a href="/">Back to the course</a>.</p></main></body></html>`;

/** A request path as the index knows it, or null when it is malformed or tries to climb. */
export function requestPath(url: string): string | null {
  let pathname: string;
  try {
    // WHATWG URL parsing already resolves `.`/`..` segments, including `%2e%2e`.
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || /[\0\\]/.test(decoded)) return null;
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  return decoded;
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}

export async function createSiteServer(options: SiteServerOptions): Promise<SiteServer> {
  if (!options || typeof options.root !== 'string' || !options.root)
    throw new TypeError('createSiteServer: options.root (the built dist/ folder) is required');
  const log = options.log ?? (() => {});
  const hsts = options.strictTransportSecurity;
  if (hsts !== undefined && !hstsPattern.test(hsts))
    throw new TypeError(
      `createSiteServer: strictTransportSecurity must be a policy such as "max-age=31536000", got ${JSON.stringify(hsts)}`,
    );
  const headersText = await readFile(join(options.root, '_headers'), 'utf8').catch(() => null);
  if (headersText === null) {
    throw new Error(
      `createSiteServer: ${join(options.root, '_headers')} is missing. Build with \`npx astro build\` (the deployArtifacts integration writes it).`,
    );
  }
  const rules: HeaderRule[] = parseHeadersFile(headersText);
  const index = await indexDist(
    options.root,
    options.memoryBudget === undefined ? {} : { memoryBudget: options.memoryBudget },
  );
  const notFoundPage = index.lookup('/404.html');
  if (!notFoundPage) log('warning: dist/404.html is missing; serving a minimal built-in 404 page');
  let draining = false;

  // Rules are matched once per known path; unknown paths are not cached (an attacker could fill it).
  const ruleCache = new Map<string, HeaderMap>();
  const rulesFor = (path: string, known: boolean): HeaderMap => {
    const cached = ruleCache.get(path);
    if (cached) return cached;
    const headers = headersFor(rules, path);
    if (known) ruleCache.set(path, headers);
    return headers;
  };

  const app = new Hono<SiteEnv>();

  // Every response, errors included, carries the rule headers of what it shows.
  app.use(async (c, next) => {
    await next();
    const path = c.get('rulesPath') ?? requestPath(c.req.url) ?? '/';
    for (const [name, value] of Object.entries(rulesFor(path, c.get('known') ?? false))) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', revalidateCache);
    if (hsts) c.res.headers.set('Strict-Transport-Security', hsts);
  });

  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: draining ? 'draining' : 'ok' }, draining ? 503 : 200);
  });

  /**
   * A streamed file is opened again per request, and only if it is still the regular file indexed
   * at startup (same size): a symlink swapped in since then is refused rather than followed.
   */
  const openStreamed = async (variant: Variant): Promise<ReadableStream<Uint8Array> | null> => {
    const opened = await openRegular(variant.absolute);
    if (opened && opened.size === variant.size)
      return Readable.toWeb(opened.handle.createReadStream()) as ReadableStream<Uint8Array>;
    await opened?.handle.close();
    log(
      `warning: ${variant.absolute} is no longer the file indexed at startup; restart the server after a build`,
    );
    return null;
  };

  const send = async (
    entry: StaticEntry,
    variant: Variant,
    status: number,
    method: string,
    headers: Headers,
  ): Promise<Response | null> => {
    let body: Uint8Array | ReadableStream<Uint8Array> | null = variant.body;
    if (method !== 'HEAD' && !body) {
      body = await openStreamed(variant);
      if (!body) return null;
    }
    headers.set('Content-Type', entry.contentType);
    headers.set('Content-Length', String(variant.size));
    if (variant.encoding !== 'identity') headers.set('Content-Encoding', variant.encoding);
    if (entry.negotiated) headers.set('Vary', 'Accept-Encoding');
    return new Response(method === 'HEAD' ? null : (body as BodyInit), { status, headers });
  };

  const notFound = async (method: string, acceptEncoding: string | undefined): Promise<Response> => {
    const headers = new Headers({ 'Cache-Control': 'no-store' });
    const page = notFoundPage
      ? await send(notFoundPage, negotiate(notFoundPage, acceptEncoding), 404, method, headers)
      : null;
    if (page) return page;
    headers.set('Content-Type', 'text/html; charset=utf-8');
    return new Response(method === 'HEAD' ? null : fallback404, { status: 404, headers });
  };

  app.all('*', async (c) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') {
      c.header('Allow', 'GET, HEAD');
      c.header('Cache-Control', 'no-store');
      return c.text('Method not allowed\n', 405);
    }
    const path = requestPath(c.req.url);
    if (path === null) {
      c.header('Cache-Control', 'no-store');
      return c.text('Bad request\n', 400);
    }
    const entry = index.lookup(path);
    const acceptEncoding = c.req.header('accept-encoding');
    if (!entry) {
      c.set('rulesPath', '/404.html');
      c.set('known', true);
      return notFound(method, acceptEncoding);
    }
    c.set('rulesPath', entry.file);
    c.set('known', true);
    const variant = negotiate(entry, acceptEncoding);
    const headers = new Headers({ ETag: variant.etag, 'Last-Modified': entry.lastModified });
    const ifNoneMatch = c.req.header('if-none-match');
    const ifModifiedSince = c.req.header('if-modified-since');
    let fresh = false;
    if (ifNoneMatch !== undefined) fresh = etagMatches(ifNoneMatch, variant.etag);
    else if (ifModifiedSince !== undefined) {
      const since = Date.parse(ifModifiedSince);
      fresh = Number.isFinite(since) && entry.mtimeSeconds * 1000 <= since;
    }
    if (fresh) {
      if (entry.negotiated) headers.set('Vary', 'Accept-Encoding');
      return new Response(null, { status: 304, headers });
    }
    const response = await send(entry, variant, 200, method, headers);
    if (response) return response;
    c.set('rulesPath', '/404.html');
    return notFound(method, acceptEncoding);
  });

  app.onError((error, c) => {
    log(
      `error: ${c.req.method} ${c.req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    c.header('Cache-Control', 'no-store');
    return c.text('Internal server error\n', 500);
  });

  return {
    app,
    fetch: async (request) => app.fetch(request),
    setDraining: (value) => {
      draining = value;
    },
    siteHeaders: { ...(rules.find((rule) => rule.pattern === '/*')?.headers ?? baseHeaders) },
    files: index.files,
    bytesInMemory: index.bytesInMemory,
  };
}
