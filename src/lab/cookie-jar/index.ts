/**
 * The request console's cookie jar. It is deliberately visible and editable: the lab teaches that a
 * session cookie is just a value the browser replays, so learners snapshot it, log out, restore the
 * old value and see whether the server still accepts it (the replay experiment).
 *
 * Host-only cookies for one origin; identity is name + path (RFC 6265 §5.3). Expiry follows
 * Max-Age before Expires; a past expiry or Max-Age ≤ 0 deletes the cookie, exactly as a browser does.
 */

import {
  cookiePath,
  expiresAt,
  parseSetCookie,
  pathMatches,
} from '../../../sandbox-server/shared/set-cookie';

// One parser for the console, the checks and the sandbox's tests, so they agree on every path.
export { parseSetCookie, type SetCookie } from '../../../sandbox-server/shared/set-cookie';

export interface JarCookie {
  name: string;
  value: string;
  path: string;
  /** Epoch milliseconds, or undefined for a session cookie (gone when the browser closes). */
  expires: number | undefined;
  httpOnly: boolean;
  secure: boolean;
  sameSite: string | undefined;
  domain: string | undefined;
  /** Attributes exactly as the server sent them, for display. */
  attributes: string[];
}

export type JarSnapshot = { takenAt: number; cookies: JarCookie[] };

export type JarChange = { kind: 'set' | 'deleted'; name: string; path: string };

export class CookieJar {
  #cookies: JarCookie[] = [];
  #listeners = new Set<() => void>();

  /** Applies the Set-Cookie lines of one response to a request for `requestPath`. */
  apply(setCookie: readonly string[], requestPath: string, now = Date.now()): JarChange[] {
    const changes: JarChange[] = [];
    for (const line of setCookie) {
      const parsed = parseSetCookie(line);
      if (!parsed) continue;
      const path = cookiePath(parsed, requestPath);
      const expires = expiresAt(parsed, now);
      this.#cookies = this.#cookies.filter((c) => !(c.name === parsed.name && c.path === path));
      if (expires !== undefined && expires <= now) {
        changes.push({ kind: 'deleted', name: parsed.name, path });
        continue;
      }
      this.#cookies.push({
        name: parsed.name,
        value: parsed.value,
        path,
        expires,
        httpOnly: parsed.httpOnly,
        secure: parsed.secure,
        sameSite: parsed.sameSite,
        domain: parsed.domain,
        attributes: parsed.attributes,
      });
      changes.push({ kind: 'set', name: parsed.name, path });
    }
    if (changes.length) this.#notify();
    return changes;
  }

  /** The Cookie header a browser would send for `requestPath`, longest paths first; '' when none. */
  header(requestPath: string, now = Date.now()): string {
    return this.list(now)
      .filter((c) => pathMatches(requestPath, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  list(now = Date.now()): JarCookie[] {
    return this.#cookies.filter((c) => c.expires === undefined || c.expires > now).map((c) => ({ ...c }));
  }

  /** Sets or edits a cookie by hand (the console lets learners type a stolen value). */
  set(name: string, value: string, path = '/'): void {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new Error(`"${name}" is not a valid cookie name`);
    const existing = this.#cookies.find((c) => c.name === name && c.path === path);
    if (existing) existing.value = value;
    else
      this.#cookies.push({
        name,
        value,
        path,
        expires: undefined,
        httpOnly: false,
        secure: false,
        sameSite: undefined,
        domain: undefined,
        attributes: [],
      });
    this.#notify();
  }

  delete(name: string, path = '/'): void {
    this.#cookies = this.#cookies.filter((c) => !(c.name === name && c.path === path));
    this.#notify();
  }

  clear(): void {
    this.#cookies = [];
    this.#notify();
  }

  snapshot(now = Date.now()): JarSnapshot {
    return { takenAt: now, cookies: this.list(now) };
  }

  /** Puts the jar back exactly as it was at the snapshot, stale cookies included. */
  restore(snapshot: JarSnapshot): void {
    this.#cookies = snapshot.cookies.map((c) => ({ ...c }));
    this.#notify();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

export type DecodedCookie = { kind: 'json'; data: unknown; note: string } | { kind: 'opaque'; note: string };

function base64UrlToText(part: string): string | null {
  if (!/^[A-Za-z0-9_\-+/]+=*$/.test(part) || part.length < 4) return null;
  try {
    const normal = part.replace(/-/g, '+').replace(/_/g, '/');
    const padded = normal + '='.repeat((4 - (normal.length % 4)) % 4);
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function tryJson(text: string): { ok: true; data: unknown } | { ok: false } {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return { ok: false };
  try {
    return { ok: true, data: JSON.parse(trimmed) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Reads what a cookie value carries, for display only (never verifies a signature): a signed
 * cookie (`payload.signature`, base64url or URL-encoded JSON) or a JWT shows its data; a random
 * server-side session ID shows as opaque, which is the point of lesson 5.
 */
export function decodeCookieValue(value: string): DecodedCookie {
  let text = value;
  try {
    text = decodeURIComponent(value);
  } catch {
    // Keep the raw value: a malformed escape is still worth showing as-is.
  }
  if (text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  const whole = tryJson(text);
  if (whole.ok)
    return { kind: 'json', data: whole.data, note: 'Readable JSON: anyone holding this cookie can read it.' };
  const parts = text.split('.');
  if (parts.length === 3 && parts[0]?.startsWith('eyJ')) {
    const payload = base64UrlToText(parts[1] ?? '');
    const json = payload === null ? null : tryJson(payload);
    if (json?.ok)
      return {
        kind: 'json',
        data: json.data,
        note: 'A JWT: signed, not encrypted. The payload is readable by anyone.',
      };
  }
  for (const part of parts.length > 1 ? parts.slice(0, -1) : parts) {
    const plain = base64UrlToText(part);
    const candidates = plain === null ? [part] : [plain, part];
    for (const candidate of candidates) {
      const json = tryJson(candidate);
      if (json.ok) {
        return {
          kind: 'json',
          data: json.data,
          note:
            parts.length > 1
              ? 'Signed, not encrypted: the signature stops edits, not reading or replay.'
              : 'Encoded, not encrypted: readable by anyone.',
        };
      }
    }
  }
  return {
    kind: 'opaque',
    note: 'Opaque: a random ID that means nothing without the server’s session store.',
  };
}
