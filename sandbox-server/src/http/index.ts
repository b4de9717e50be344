/**
 * Request helpers for route files. None of them throws on hostile input: a garbage body becomes an
 * empty object, a dangerous redirect target becomes the fallback.
 */
import type { Context } from 'hono';

/**
 * A same-origin path to redirect to, or `fallback`. Accepts only paths like `/dashboard?tab=1`;
 * rejects absolute URLs, protocol-relative `//evil.example`, backslash tricks (`/\evil.example`),
 * control characters, and paths that normalise to `//host` (`/.//evil.example`,
 * `/%2e%2e//evil.example`), so `?next=` cannot become an open redirect.
 */
export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value))
    return fallback;
  try {
    const base = 'http://same-origin.invalid';
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    // The parser removes dot segments, raw or percent-encoded: "/..//evil.example" and
    // "/%2e%2e//evil.example" come out as "//evil.example", which a browser reads as another
    // host. So the normalised path has to pass the same test as the input.
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith('//') ? fallback : path;
  } catch {
    return fallback;
  }
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Form fields as strings (files and repeated fields are ignored). JSON bodies are accepted too. */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  const out: Record<string, string> = {};
  try {
    if (FORM_TYPES.some((t) => type.startsWith(t))) {
      const body = await c.req.parseBody();
      for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
    } else if (type.startsWith('application/json')) {
      for (const [key, value] of Object.entries(await readJson(c)))
        if (typeof value === 'string') out[key] = value;
    }
  } catch {
    // A malformed body is treated as an empty one.
  }
  return out;
}

/** A JSON object body, or `{}` when the body is missing, not JSON or not an object. */
export async function readJson(c: Context): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await c.req.json();
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(c: Context): string | undefined {
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(c.req.header('Authorization') ?? '');
  return match?.[1];
}

/** Mark a response as never cacheable (authenticated data, token responses). */
export function noStore(c: Context): void {
  c.header('Cache-Control', 'no-store');
}
