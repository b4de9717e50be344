/**
 * Mistake: the rotation and the reuse detection are right, but the new access token is signed for
 * the token family instead of the user (both are fields of the grant, side by side). The refresh
 * answers 200 with a well-formed JWT, yet GET /api/me refuses it: there is no user with that id.
 * A client that refreshes gets a token it cannot use, so the refresh does not refresh anything.
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
    if (!grant) return invalidGrant(c);
    if (grant.status === 'used') {
      tokens.refresh.revokeFamily(grant.family);
      return invalidGrant(c);
    }
    if (grant.status !== 'active') return invalidGrant(c);

    return c.json({
      // Wrong: signAccess wants the user's id (grant.userId); the family id names no user.
      access_token: await tokens.signAccess(grant.family),
      refresh_token: await tokens.refresh.rotate(refresh_token),
      token_type: 'Bearer',
      expires_in: tokens.accessTtlSeconds,
    });
  });
}
