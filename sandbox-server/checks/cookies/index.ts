/**
 * Cookies handled by hand (docs/security-reference.md §4.2 rule 1): the checks must be able to send stale values
 * on purpose, and they must see exactly which cookie a `Set-Cookie` would replace in a browser.
 * The jar below follows RFC 6265 closely enough for a single host: a cookie is identified by
 * name + domain + path, so a deletion with the wrong Path leaves the original cookie in place,
 * just as it does in a real browser.
 */

import { cookiePath, isDeletion, pathMatches, prefixProblem, type SetCookie } from '../../shared/set-cookie';

// The parser and the path and expiry rules are shared with the lab's console (one definition).
export {
  defaultPath,
  getSetCookies,
  isDeletion,
  isPersistent,
  parseSetCookie,
  pathMatches,
  type SetCookie,
} from '../../shared/set-cookie';

/** Why a browser would refuse this cookie outright, or null when it would store it. */
export function rejectionReason(cookie: SetCookie, host: string): string | null {
  const prefix = prefixProblem(cookie);
  if (prefix !== null) return prefix;
  if (cookie.domain !== undefined && !domainMatches(host, cookie.domain)) {
    return `Domain=${cookie.domain} does not cover the host ${host}`;
  }
  return null;
}

function domainMatches(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  return h === domain || h.endsWith(`.${domain}`);
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
      const path = cookiePath(cookie, requestPath);
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
