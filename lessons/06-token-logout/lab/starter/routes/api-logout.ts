/**
 * Lab 6: logging out of the token API.
 *
 * Try this in the console: POST /api/login with {"username":"alice","password":"correct horse
 * battery staple"}, then GET /api/me with the header Authorization: Bearer <access_token>, then
 * POST /api/logout with the same header, then GET /api/me again. Still 200: the JWT is signed,
 * so the server accepts it until its exp, whatever "logout" said.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { bearerToken } from '@sandbox/http';

export default function apiLogout(app: LeafApp, { tokens, log }: LeafDeps): void {
  // A guard that runs before GET /api/me.
  // (`_c` is unused for now; rename it to `c` when you use it.)
  app.use('/api/me', async (_c, next) => {
    // TODO 1: read the token's claims, tokens.verifyAccess(bearerToken(c)), and answer 401 when
    //         tokens.denylist.has(claims.jti). Otherwise let the request through with next().
    return next();
  });

  // Authorization: Bearer <access token>, JSON body { "refresh_token": "..." }.
  app.post('/api/logout', async (c) => {
    const claims = await tokens.verifyAccess(bearerToken(c)); // the claims, or null
    if (claims) log(`api logout requested by user ${claims.sub}`);

    // TODO 2: deny the access token: tokens.denylist.add(claims.jti, claims.exp).
    // TODO 3: revoke the refresh token from the body: tokens.refresh.revoke(refresh_token)
    //         (readJson from '@sandbox/http' reads the body without throwing).
    return c.json({ message: 'Logged out. Please delete your tokens.' });
  });
}
