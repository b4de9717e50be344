/**
 * Lab 6 solution: the token login.
 *
 * The access token lives 5 minutes. A stolen copy works at most that long, and logout's denylist
 * entry (kept until exp) stays small. The refresh token, which the server can revoke at logout,
 * is what keeps the user signed in beyond that.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readJson } from '@sandbox/http';

const FIVE_MINUTES = 5 * 60;

export default function apiLogin(app: LeafApp, { users, tokens, log }: LeafDeps): void {
  app.post('/api/login', async (c) => {
    const body = await readJson(c);
    const user = await users.verify(body.username, body.password);
    if (!user)
      return c.json({ error: 'invalid_credentials', error_description: 'Wrong username or password.' }, 401);
    log(`api login: ${user.username} got an access token and a refresh token`);
    return c.json({
      access_token: await tokens.signAccess(user.id, { expiresIn: FIVE_MINUTES }),
      refresh_token: await tokens.refresh.issue(user.id),
      token_type: 'Bearer',
      expires_in: FIVE_MINUTES,
    });
  });
}
