/**
 * An in-memory index of the built site. Requests are answered by looking a decoded URL path up in
 * this map, never by joining it onto a directory, so no path a client sends (`..`, `%2e%2e`,
 * `%252e`, backslashes, NUL) can reach a file outside `dist/`: only files found at startup exist.
 * Small files are held in memory (served without touching the disk); larger ones are streamed.
 *
 * Only regular files are served, never what a symlink points to: the listing skips links, and
 * every open (a `.br`/`.gz` variant at startup, a streamed file on each request) refuses to follow
 * one (`O_NOFOLLOW`) and checks the opened descriptor, so a link planted or swapped in after the
 * check cannot reach a file outside `dist/`.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { compressible, listDist } from '../artifacts/index.ts';

export type Encoding = 'br' | 'gzip' | 'identity';

export interface Variant {
  encoding: Encoding;
  absolute: string;
  size: number;
  mtimeMs: number;
  /** Strong validator: differs per encoding, as RFC 9110 requires for different representations. */
  etag: string;
  /** The bytes when within the memory budget, else null (streamed from `absolute`). */
  body: Uint8Array | null;
}

export interface StaticEntry {
  /** The file's own URL path (`/lessons/x/index.html`), which header rules are matched against. */
  file: string;
  contentType: string;
  lastModified: string;
  /** Whole seconds, the precision of Last-Modified / If-Modified-Since. */
  mtimeSeconds: number;
  /** Encoded variants exist, so caches must key on Accept-Encoding. */
  negotiated: boolean;
  variants: Partial<Record<Encoding, Variant>> & { identity: Variant };
}

export interface StaticIndex {
  /** Request path (decoded) → entry. Holds files and their directory aliases (`/x/`, `/x`). */
  lookup(path: string): StaticEntry | undefined;
  readonly files: number;
  readonly bytesInMemory: number;
}

const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  ts: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  wasm: 'application/wasm',
};

export function contentType(path: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  return types[extension] ?? 'application/octet-stream';
}

// O_NONBLOCK: opening a FIFO planted in dist/ must not wait for a writer (fstat then refuses it).
const openFlags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Opens `absolute` only when it is a regular file and not a symlink; null otherwise (missing,
 * a link, a folder, a FIFO). The caller closes the handle.
 */
export async function openRegular(
  absolute: string,
): Promise<{ handle: FileHandle; size: number; mtimeMs: number } | null> {
  const link = await lstat(absolute).catch(() => null);
  if (!link?.isFile()) return null;
  // ELOOP when the path became a link since lstat; fstat covers any other swap.
  const handle = await open(absolute, openFlags).catch(() => null);
  if (!handle) return null;
  const info = await handle.stat().catch(() => null);
  if (!info?.isFile()) {
    await handle.close();
    return null;
  }
  return { handle, size: info.size, mtimeMs: info.mtimeMs };
}

const etagOf = (bytes: Uint8Array, suffix: string) =>
  `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}${suffix}"`;

export interface IndexOptions {
  /** Bytes of file content kept in memory (all variants); the rest is streamed. Default 64 MiB. */
  memoryBudget?: number;
}

export async function indexDist(root: string, options: IndexOptions = {}): Promise<StaticIndex> {
  const budget = options.memoryBudget ?? 64 * 1024 * 1024;
  if (!Number.isFinite(budget) || budget < 0)
    throw new TypeError('indexDist: memoryBudget must be a non-negative number');
  const files = (await listDist(root)).filter((file) => !/^\/_(?:headers|redirects)$/.test(file.path));
  const map = new Map<string, StaticEntry>();
  let inMemory = 0;

  const load = async (
    absolute: string,
    encoding: Encoding,
    identity: { bytes: Uint8Array | null; size: number; mtimeMs: number } | null,
  ): Promise<Variant | null> => {
    const info = await openRegular(absolute);
    if (!info) return null;
    let bytes: Uint8Array | null = null;
    try {
      if (inMemory + info.size <= budget) bytes = new Uint8Array(await info.handle.readFile());
    } finally {
      await info.handle.close();
    }
    if (bytes) inMemory += bytes.length;
    const suffix = encoding === 'identity' ? '' : `-${encoding}`;
    // Large streamed files: size and mtime of the original identify the content well enough.
    const etag = bytes
      ? etagOf(bytes, suffix)
      : `"${(identity?.size ?? info.size).toString(36)}-${Math.floor(identity?.mtimeMs ?? info.mtimeMs).toString(36)}${suffix}"`;
    return { encoding, absolute, size: info.size, mtimeMs: info.mtimeMs, etag, body: bytes };
  };

  for (const file of files) {
    const identity = await load(file.absolute, 'identity', null);
    if (!identity) continue;
    const info = { size: identity.size, mtimeMs: identity.mtimeMs };
    const variants: StaticEntry['variants'] = { identity };
    if (compressible.test(file.path)) {
      const base = { bytes: identity.body, size: info.size, mtimeMs: info.mtimeMs };
      const br = await load(`${file.absolute}.br`, 'br', base);
      const gzip = await load(`${file.absolute}.gz`, 'gzip', base);
      if (br) variants.br = br;
      if (gzip) variants.gzip = gzip;
    }
    const entry: StaticEntry = {
      file: file.path,
      contentType: contentType(file.path),
      lastModified: new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString(),
      mtimeSeconds: Math.floor(info.mtimeMs / 1000),
      negotiated: Boolean(variants.br ?? variants.gzip),
      variants,
    };
    map.set(file.path, entry);
  }
  // Directory URLs: `/x/index.html` answers `/x/` and `/x`; `/y.html` answers `/y`. Real files win.
  for (const entry of [...map.values()]) {
    const aliases = entry.file.endsWith('/index.html')
      ? [entry.file.slice(0, -'index.html'.length), entry.file.slice(0, -'/index.html'.length)]
      : entry.file.endsWith('.html')
        ? [entry.file.slice(0, -'.html'.length)]
        : [];
    for (const alias of aliases) if (alias && !map.has(alias)) map.set(alias, entry);
  }
  return {
    lookup: (path) => map.get(path),
    files: files.length,
    bytesInMemory: inMemory,
  };
}

/**
 * Picks the best variant the client accepts (RFC 9110 §12.5.3): brotli, then gzip, then identity.
 * A coding with q=0 is refused; `*` stands for any coding not named.
 */
export function negotiate(entry: StaticEntry, acceptEncoding: string | undefined): Variant {
  if (!entry.negotiated || !acceptEncoding) return entry.variants.identity;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (coding: string) =>
    (q.get(coding) ?? (coding === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0) > 0;
  if (entry.variants.br && accepts('br')) return entry.variants.br;
  if (entry.variants.gzip && accepts('gzip')) return entry.variants.gzip;
  return entry.variants.identity;
}
