/**
 * Cookies handled by hand (docs/security-reference.md §4.2 rule 1): the checks must be able to send stale values
 * on purpose, and they must see exactly which cookie a `Set-Cookie` would replace in a browser.
 * The jar below follows RFC 6265 closely enough for a single host: a cookie is identified by
 * name + domain + path, so a deletion with the wrong Path leaves the original cookie in place,
 * just as it does in a real browser.
 */

export interface SetCookie {
  /** The header line as received. */
  raw: string;
  name: string;
  value: string;
  path?: string;
  domain?: string;
  /** Seconds; present when the attribute parsed as an integer. */
  maxAge?: number;
  expires?: Date;
  secure: boolean;
  httpOnly: boolean;
  /** As written by the server (`Lax`, `strict`, …). */
  sameSite?: string;
  partitioned: boolean;
}

/** Parses one `Set-Cookie` line; returns null for a line a browser would ignore (no `=`, empty name). */
export function parseSetCookie(raw: string): SetCookie | null {
  const [pair = '', ...attributes] = raw.split(';');
  const eq = pair.indexOf('=');
  if (eq < 0) return null;
  const name = pair.slice(0, eq).trim();
  if (name === '') return null;
  const cookie: SetCookie = {
    raw,
    name,
    value: pair.slice(eq + 1).trim(),
    secure: false,
    httpOnly: false,
    partitioned: false,
  };
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const val = at < 0 ? '' : attribute.slice(at + 1).trim();
    switch (key) {
      case 'path':
        cookie.path = val;
        break;
      case 'domain':
        cookie.domain = val.replace(/^\./, '').toLowerCase();
        break;
      case 'max-age':
        if (/^-?\d+$/.test(val)) cookie.maxAge = Number(val);
        break;
      case 'expires': {
        const date = new Date(val);
        if (!Number.isNaN(date.getTime())) cookie.expires = date;
        break;
      }
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'samesite':
        cookie.sameSite = val;
        break;
      case 'partitioned':
        cookie.partitioned = true;
        break;
    }
  }
  return cookie;
}

/** All `Set-Cookie` lines of a response, one per cookie (never comma-joined). */
export function getSetCookies(headers: Headers): string[] {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  // Old runtimes only: a joined header is ambiguous (Expires contains commas), so split carefully.
  const joined = headers.get('set-cookie');
  return joined === null ? [] : joined.split(/,(?=\s*[^;,=\s]+=)/).map((line) => line.trim());
}

/** True when the cookie tells the browser to drop it now (Max-Age ≤ 0, or Expires in the past). */
export function isDeletion(cookie: SetCookie, now = Date.now()): boolean {
  if (cookie.maxAge !== undefined) return cookie.maxAge <= 0;
  return cookie.expires !== undefined && cookie.expires.getTime() <= now;
}

/** True when the cookie outlives the browser session (a positive Max-Age or a future Expires). */
export function isPersistent(cookie: SetCookie, now = Date.now()): boolean {
  if (cookie.maxAge !== undefined) return cookie.maxAge > 0;
  return cookie.expires !== undefined && cookie.expires.getTime() > now;
}

/** Why a browser would refuse this cookie outright, or null when it would store it. */
export function rejectionReason(cookie: SetCookie, host: string): string | null {
  if (cookie.name.startsWith('__Host-')) {
    if (!cookie.secure) return 'a __Host- cookie must carry Secure';
    if (cookie.path !== '/') return 'a __Host- cookie must carry Path=/';
    if (cookie.domain !== undefined) return 'a __Host- cookie must not carry Domain';
  }
  if (cookie.name.startsWith('__Secure-') && !cookie.secure) return 'a __Secure- cookie must carry Secure';
  if (cookie.domain !== undefined && !domainMatches(host, cookie.domain)) {
    return `Domain=${cookie.domain} does not cover the host ${host}`;
  }
  return null;
}

function domainMatches(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  return h === domain || h.endsWith(`.${domain}`);
}

/** RFC 6265 §5.1.4 default path: the request path up to (not including) its last slash. */
export function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith('/')) return '/';
  const last = requestPath.lastIndexOf('/');
  return last <= 0 ? '/' : requestPath.slice(0, last);
}

/** RFC 6265 §5.1.4 path-match. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export interface JarCookie {
  name: string;
  value: string;
  path: string;
  /** Undefined for a host-only cookie (no Domain attribute). */
  domain: string | undefined;
}

/** A one-host cookie jar. `Secure` is not enforced over http, by design (§4.2 rule 1). */
export class CookieJar {
  readonly #host: string;
  readonly #cookies = new Map<string, JarCookie>();

  constructor(host: string) {
    this.#host = host;
  }

  /**
   * Applies `Set-Cookie` lines the way a browser would, for a response to `requestPath`.
   * Returns the lines that a browser would have refused, with the reason.
   */
  apply(setCookies: readonly SetCookie[], requestPath: string): { cookie: SetCookie; reason: string }[] {
    const refused: { cookie: SetCookie; reason: string }[] = [];
    for (const cookie of setCookies) {
      const reason = rejectionReason(cookie, this.#host);
      if (reason !== null) {
        refused.push({ cookie, reason });
        continue;
      }
      const path = cookie.path?.startsWith('/') ? cookie.path : defaultPath(requestPath);
      const key = jarKey(cookie.name, cookie.domain, path);
      if (isDeletion(cookie)) this.#cookies.delete(key);
      else this.#cookies.set(key, { name: cookie.name, value: cookie.value, path, domain: cookie.domain });
    }
    return refused;
  }

  /** Stores a cookie directly, as if the server had set it with the given path. */
  set(name: string, value: string, path = '/'): void {
    this.#cookies.set(jarKey(name, undefined, path), { name, value, path, domain: undefined });
  }

  /** The `Cookie` header a browser would send to `requestPath` (longest paths first), or ''. */
  header(requestPath: string): string {
    return [...this.#cookies.values()]
      .filter((cookie) => pathMatches(requestPath, cookie.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  /** Every stored cookie with this name (several when paths or domains differ). */
  all(name: string): JarCookie[] {
    return [...this.#cookies.values()].filter((cookie) => cookie.name === name);
  }

  /** The value a request to `requestPath` would carry for `name`, if any. */
  get(name: string, requestPath = '/'): string | undefined {
    return this.all(name)
      .filter((cookie) => pathMatches(requestPath, cookie.path))
      .sort((a, b) => b.path.length - a.path.length)[0]?.value;
  }
}

function jarKey(name: string, domain: string | undefined, path: string): string {
  return `${name}\n${domain ?? ''}\n${path}`;
}

/** A short, safe preview of a cookie value for messages. */
export function preview(value: string, length = 12): string {
  return value.length <= length ? value : `${value.slice(0, length)}…`;
}
