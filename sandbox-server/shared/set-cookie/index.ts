/**
 * The one `Set-Cookie` parser of the project, shared by the checks' jar (sandbox-server/checks/cookies),
 * the sandbox's own test browser (src/testing) and the lab's request console (src/lab/cookie-jar).
 * They used to parse on their own and disagreed on Path; a learner then saw one cookie path in the
 * console and another in the check that failed. It follows the user-agent algorithm of RFC 6265 §5.2
 * (what a browser stores), not the server grammar of §4.1, because every user here plays the browser.
 *
 * Not exported through `@sandbox/http`: route files set cookies with hono/cookie, they never parse them.
 */

export interface SetCookie {
  /** The header line as received. */
  raw: string;
  name: string;
  /** As sent, quotes included: browsers store `"abc"` with its quotes (§5.2 step 3 does not strip them). */
  value: string;
  /**
   * The cookie's path when the last Path attribute is a path (§5.2.4). Undefined when there is no
   * Path, or when it is empty or does not start with `/`: the cookie then takes the default-path of
   * the request URI, see {@link cookiePath}.
   */
  path?: string;
  /** The last Path attribute exactly as written (possibly `''` or `app`), for messages. */
  pathAttribute?: string;
  /** Lower-case, without a leading dot; an empty Domain is ignored (§5.2.3). */
  domain?: string;
  /** Seconds; present when the attribute is an integer (§5.2.2). */
  maxAge?: number;
  expires?: Date;
  secure: boolean;
  httpOnly: boolean;
  /** As written by the server (`Lax`, `strict`, …). */
  sameSite?: string;
  partitioned: boolean;
  /** Every attribute as written, trimmed, in order, for display. */
  attributes: string[];
}

/** Parses one `Set-Cookie` line; null for a line a browser ignores (no `=`, or an empty name). */
export function parseSetCookie(raw: string): SetCookie | null {
  const [pair = '', ...unparsed] = raw.split(';');
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
    attributes: [],
  };
  for (const part of unparsed) {
    const attribute = part.trim();
    if (attribute === '') continue;
    cookie.attributes.push(attribute);
    const at = attribute.indexOf('=');
    // §5.2: attribute names are case-insensitive, and a later attribute overrides an earlier one.
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at < 0 ? '' : attribute.slice(at + 1).trim();
    switch (key) {
      case 'path':
        cookie.pathAttribute = value;
        // §5.2.4: an empty Path or one not starting with "/" means the default-path, so it also
        // cancels an earlier valid Path.
        if (value.startsWith('/')) cookie.path = value;
        else delete cookie.path;
        break;
      case 'domain':
        if (value !== '') cookie.domain = value.replace(/^\./, '').toLowerCase();
        break;
      case 'max-age':
        if (/^-?\d+$/.test(value)) cookie.maxAge = Number(value);
        break;
      case 'expires': {
        const date = new Date(value);
        if (value !== '' && !Number.isNaN(date.getTime())) cookie.expires = date;
        break;
      }
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'samesite':
        cookie.sameSite = value;
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

/** The path part of a request target: `/a/b?x=1#y` → `/a/b`. */
function uriPath(requestPath: string): string {
  return requestPath.split(/[?#]/)[0] ?? '';
}

/** RFC 6265 §5.1.4 default-path: the request path up to (not including) its last slash, or `/`. */
export function defaultPath(requestPath: string): string {
  const path = uriPath(requestPath);
  if (!path.startsWith('/')) return '/';
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/** The path a browser stores the cookie under, for a response to `requestPath` (§5.2.4, §5.3 step 7). */
export function cookiePath(cookie: Pick<SetCookie, 'path'>, requestPath: string): string {
  return cookie.path ?? defaultPath(requestPath);
}

/** RFC 6265 §5.1.4 path-match: does a request to `requestPath` carry a cookie stored under `cookiePath`? */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  const path = uriPath(requestPath) || '/';
  if (path === cookiePath) return true;
  if (!path.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || path[cookiePath.length] === '/';
}

/** When the cookie expires, in epoch milliseconds; undefined for a session cookie. Max-Age wins over Expires (§5.3 step 3). */
export function expiresAt(
  cookie: Pick<SetCookie, 'maxAge' | 'expires'>,
  now = Date.now(),
): number | undefined {
  if (cookie.maxAge !== undefined) return now + cookie.maxAge * 1000;
  return cookie.expires?.getTime();
}

/** True when the cookie tells the browser to drop it now (Max-Age ≤ 0, or Expires in the past). */
export function isDeletion(cookie: Pick<SetCookie, 'maxAge' | 'expires'>, now = Date.now()): boolean {
  if (cookie.maxAge !== undefined) return cookie.maxAge <= 0;
  return cookie.expires !== undefined && cookie.expires.getTime() <= now;
}

/** True when the cookie outlives the browser session (a positive Max-Age or a future Expires). */
export function isPersistent(cookie: Pick<SetCookie, 'maxAge' | 'expires'>, now = Date.now()): boolean {
  if (cookie.maxAge !== undefined) return cookie.maxAge > 0;
  return cookie.expires !== undefined && cookie.expires.getTime() > now;
}

/**
 * Why a browser refuses a `__Host-` or `__Secure-` cookie (RFC 6265bis §4.1.3), or null. The
 * prefixes match case-insensitively, as in current browsers, so `__host-sid` cannot dodge the rule.
 */
export function prefixProblem(cookie: Pick<SetCookie, 'name' | 'secure' | 'path' | 'domain'>): string | null {
  const name = cookie.name.toLowerCase();
  if (name.startsWith('__host-')) {
    if (!cookie.secure) return 'a __Host- cookie must carry Secure';
    if (cookie.path !== '/') return 'a __Host- cookie must carry Path=/';
    if (cookie.domain !== undefined) return 'a __Host- cookie must not carry Domain';
  }
  if (name.startsWith('__secure-') && !cookie.secure) return 'a __Secure- cookie must carry Secure';
  return null;
}
