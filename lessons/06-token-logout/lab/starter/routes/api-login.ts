/**
 * Lab 6: the token login.
 *
 * POST /api/login checks the password and hands out an access token (a signed JWT) and a refresh
 * token. Once issued, a JWT is valid until its `exp`: the server checks the signature and the
 * clock, nothing else, unless you add a denylist. So the lifetime you choose here is how long a
 * stolen copy keeps working.
 *
 * tokens.signAccess(userId, { expiresIn }) signs { sub, iat, exp: iat + expiresIn, jti, iss } with
 * a fresh jti (crypto.randomUUID()) in every token.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readJson } from '@sandbox/http';

const THIRTY_DAYS = 30 * 24 * 60 * 60;

export default function apiLogin(app: LeafApp, { users, tokens, log }: LeafDeps): void {
  app.post('/api/login', async (c) => {
    const body = await readJson(c);
    const user = await users.verify(body.username, body.password);
    if (!user)
      return c.json({ error: 'invalid_credentials', error_description: 'Wrong username or password.' }, 401);
    log(`api login: ${user.username} got an access token and a refresh token`);

    // TODO: "stay signed in for a month" is the refresh token's job, which the server can revoke.
    //       Give the access token a lifetime of minutes instead (the checks accept at most 15).
    const expiresIn = THIRTY_DAYS;
    return c.json({
      access_token: await tokens.signAccess(user.id, { expiresIn }),
      refresh_token: await tokens.refresh.issue(user.id),
      token_type: 'Bearer',
      expires_in: expiresIn,
    });
  });
}
