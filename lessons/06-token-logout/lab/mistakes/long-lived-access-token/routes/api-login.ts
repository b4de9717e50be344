/**
 * Mistake: a one-day access token, "so users are not logged out while they work". A stolen copy
 * works for a day, and the denylist must remember every logged-out token that long.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readJson } from '@sandbox/http';

const ONE_DAY = 24 * 60 * 60;

export default function apiLogin(app: LeafApp, { users, tokens }: LeafDeps): void {
  app.post('/api/login', async (c) => {
    const body = await readJson(c);
    const user = await users.verify(body.username, body.password);
    if (!user) return c.json({ error: 'invalid_credentials' }, 401);
    return c.json({
      access_token: await tokens.signAccess(user.id, { expiresIn: ONE_DAY }),
      refresh_token: await tokens.refresh.issue(user.id),
      token_type: 'Bearer',
      expires_in: ONE_DAY,
    });
  });
}
