/**
 * Mistake: refresh hands back the same refresh token. It never wears out, so a copy taken once
 * keeps minting access tokens until it expires, and a stolen copy looks exactly like normal use.
 */
import type { Context } from 'hono';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readJson } from '@sandbox/http';

const invalidGrant = (c: Context) => c.json({ error: 'invalid_grant' }, 400);

export default function apiRefresh(app: LeafApp, { tokens }: LeafDeps): void {
  app.post('/api/refresh', async (c) => {
    const { refresh_token } = await readJson(c);
    if (typeof refresh_token !== 'string') return invalidGrant(c);
    const grant = await tokens.refresh.find(refresh_token);
    if (!grant || grant.status !== 'active') return invalidGrant(c);
    return c.json({
      access_token: await tokens.signAccess(grant.userId),
      refresh_token, // Wrong: the same token again, still valid
      token_type: 'Bearer',
      expires_in: tokens.accessTtlSeconds,
    });
  });
}
