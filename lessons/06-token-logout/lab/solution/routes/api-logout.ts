/**
 * Lab 6 solution: logging out of the token API.
 *
 * An access token is a signed JWT: the server can verify it without looking anything up, which
 * also means it stays valid until its `exp` unless the server keeps a list of revoked ones. Logout
 * therefore has two halves, and both live on the server:
 *   1. a guard that refuses denied tokens on every protected API request;
 *   2. POST /api/logout, which denies the access token and revokes the refresh token.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { bearerToken, readJson } from '@sandbox/http';

export default function apiLogout(app: LeafApp, { tokens }: LeafDeps): void {
  // 1. The guard runs before GET /api/me (the app registers that route after this file).
  app.use('/api/me', async (c, next) => {
    // verifyAccess checks signature, issuer and exp; it returns the claims or null.
    const claims = await tokens.verifyAccess(bearerToken(c));
    // Keyed by jti, the token's unique id: the same token can be spelled several ways (another
    // last signature character, a trailing '=') and still verify, but its jti never changes.
    if (claims && tokens.denylist.has(claims.jti)) {
      return c.json({ error: 'invalid_token', error_description: 'This token was revoked.' }, 401);
    }
    return next();
  });

  // 2. Logout: Authorization: Bearer <access token>, JSON body { "refresh_token": "..." }.
  app.post('/api/logout', async (c) => {
    const claims = await tokens.verifyAccess(bearerToken(c));
    // Deny the jti until the token would have expired anyway; after that the entry can go.
    if (claims) tokens.denylist.add(claims.jti, claims.exp);

    // Revoke the refresh token's whole family, or it would mint fresh access tokens tomorrow.
    const { refresh_token } = await readJson(c);
    await tokens.refresh.revoke(refresh_token);

    // RFC 7009: 200 whether or not the tokens were known or still valid. Logout is idempotent
    // and says nothing about which tokens exist.
    return c.json({ revoked: true });
  });
}
