/**
 * Logging out of the token API. A JWT stays valid until its `exp` however the client feels about
 * it, so logout has two halves on the server:
 *   1. POST /api/logout records the access token's `jti` on the denylist (until its `exp`) and
 *      revokes the refresh token's whole family;
 *   2. a guard in front of the API refuses any token whose `jti` is denied.
 * The denylist is keyed by `jti`, never by the token string: the same token can be re-encoded
 * (another last signature character, a trailing '=') and still verify.
 */
import type { LeafApp, LeafDeps } from '../app/types';
import { bearerToken, readJson } from '../http';

export default function apiLogout(app: LeafApp, { tokens }: LeafDeps): void {
  app.use('/api/me', async (c, next) => {
    const claims = await tokens.verifyAccess(bearerToken(c));
    if (claims && tokens.denylist.has(claims.jti)) {
      return c.json({ error: 'invalid_token', error_description: 'This token was revoked.' }, 401);
    }
    return next();
  });

  app.post('/api/logout', async (c) => {
    const claims = await tokens.verifyAccess(bearerToken(c));
    if (claims) tokens.denylist.add(claims.jti, claims.exp);
    const { refresh_token } = await readJson(c);
    await tokens.refresh.revoke(refresh_token);
    // RFC 7009: answer 200 whether or not the tokens were known, so logout is idempotent.
    return c.json({ revoked: true });
  });
}
