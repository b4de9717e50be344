/**
 * POST /api/refresh: trade a refresh token for a new access token AND a new refresh token.
 * Rotation means the old refresh token is used up. If a used one ever comes back, two parties hold
 * copies (one of them an attacker) and the server cannot tell which: it revokes the whole family,
 * so everyone must log in again (RFC 9700 §4.14.2).
 */
import type { Context } from 'hono';
import type { LeafApp, LeafDeps } from '../app/types';
import { readJson } from '../http';

const invalidGrant = (c: Context) => c.json({ error: 'invalid_grant' }, 400);

export default function apiRefresh(app: LeafApp, { tokens }: LeafDeps): void {
  app.post('/api/refresh', async (c) => {
    const { refresh_token } = await readJson(c);
    const grant = await tokens.refresh.find(refresh_token);
    if (!grant || typeof refresh_token !== 'string') return invalidGrant(c);
    if (grant.status === 'used') {
      tokens.refresh.revokeFamily(grant.family); // reuse detected: nobody keeps this login
      return invalidGrant(c);
    }
    if (grant.status !== 'active') return invalidGrant(c);
    return c.json({
      access_token: await tokens.signAccess(grant.userId),
      refresh_token: await tokens.refresh.rotate(refresh_token),
      token_type: 'Bearer',
      expires_in: tokens.accessTtlSeconds,
    });
  });
}
