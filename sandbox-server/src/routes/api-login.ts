/**
 * POST /api/login: a password for an access token and the first refresh token of a new family.
 * A JWT cannot be called back once issued (only a denylist can refuse it), so its lifetime is the
 * window a stolen copy works in: keep it to minutes (OWASP JWT cheat sheet); the refresh token,
 * which the server can revoke, carries the login beyond that.
 */
import type { LeafApp, LeafDeps } from '../app/types';
import { readJson } from '../http';

export default function apiLogin(app: LeafApp, { users, tokens, log }: LeafDeps): void {
  app.post('/api/login', async (c) => {
    const body = await readJson(c);
    const user = await users.verify(body.username, body.password);
    if (!user)
      return c.json({ error: 'invalid_credentials', error_description: 'Wrong username or password.' }, 401);
    log(`api login: ${user.username} got an access token and a refresh token`);
    return c.json({
      access_token: await tokens.signAccess(user.id, { expiresIn: tokens.accessTtlSeconds }),
      refresh_token: await tokens.refresh.issue(user.id),
      token_type: 'Bearer',
      expires_in: tokens.accessTtlSeconds,
    });
  });
}
