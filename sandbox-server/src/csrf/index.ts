/**
 * CSRF protection for the cookie-authenticated routes.
 *
 * Layer 1 (enforced): hono/csrf rejects unsafe form-like requests (POST etc.) unless
 * `Sec-Fetch-Site: same-origin` or a same-origin `Origin` header says the request comes from this
 * site. That is OWASP's Fetch-Metadata defence with its Origin fallback. GET is never checked, which
 * is why logout must not be a GET route.
 *
 * Layer 2 (defence in depth): pages carry a per-session token in their forms (`csrf_token`); when a
 * form sends one, it must match. Requests without the field still need layer 1.
 *
 * The token API (`/api/*`) is exempt: its credentials travel in the Authorization header or the
 * body, which a browser never attaches on its own.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { randomToken, timingSafeEqual, utf8 } from '../crypto';
import type { Session } from '../session';

export const CSRF_FIELD = 'csrf_token';
const SESSION_KEY = 'csrfToken';

/** The session's form token, created on first use. */
export function csrfToken(c: Context): string {
  const session = c.get('session') as Session;
  let token = session.get(SESSION_KEY);
  if (!token) {
    token = randomToken(16);
    session.set(SESSION_KEY, token);
  }
  return token;
}

export interface CsrfOptions {
  /** Extra origins to trust besides the request's own (for example a public URL behind a proxy). */
  origins?: readonly string[];
}

export function csrfProtection(options: CsrfOptions = {}): MiddlewareHandler {
  const extra = options.origins ?? [];
  const originCheck = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || extra.includes(origin),
  });
  return async (c, next) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return next();
    // Throws a 403 HTTPException when the request is cross-site; otherwise resolves.
    await originCheck(c, async () => {});
    const type = (c.req.header('Content-Type') ?? '').toLowerCase();
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (
      unsafe &&
      (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))
    ) {
      let sent: unknown;
      try {
        sent = (await c.req.parseBody())[CSRF_FIELD];
      } catch {
        sent = undefined;
      }
      if (sent !== undefined) {
        const expected = (c.get('session') as Session | undefined)?.get(SESSION_KEY) ?? '';
        if (typeof sent !== 'string' || expected === '' || !timingSafeEqual(utf8(sent), utf8(expected))) {
          return c.text(
            'Forbidden: the form token does not match this session. Reload the page and try again.',
            403,
          );
        }
      }
    }
    await next();
    return undefined;
  };
}
