/**
 * Lab 6: the refresh endpoint.
 *
 * Right now a refresh token works forever and can be used any number of times: whoever copies
 * it once can mint access tokens for two weeks, and nobody would notice.
 */
import type { Context } from 'hono';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readJson } from '@sandbox/http';

const invalidGrant = (c: Context) => c.json({ error: 'invalid_grant' }, 400);

export default function apiRefresh(app: LeafApp, { tokens }: LeafDeps): void {
  app.post('/api/refresh', async (c) => {
    const { refresh_token } = await readJson(c);
    if (typeof refresh_token !== 'string') return invalidGrant(c);

    // { userId, family, status: 'active' | 'used' | 'revoked' | 'expired' } or undefined.
    const grant = await tokens.refresh.find(refresh_token);
    if (!grant || grant.status !== 'active') return invalidGrant(c);

    // TODO 1: rotate: hand back tokens.refresh.rotate(refresh_token) instead of the same token
    //         (it marks this one as used and issues its successor in the same family).
    // TODO 2: reuse detection: when grant.status is 'used', revoke the whole family
    //         (tokens.refresh.revokeFamily(grant.family)) before refusing.
    return c.json({
      access_token: await tokens.signAccess(grant.userId),
      refresh_token,
      token_type: 'Bearer',
      expires_in: tokens.accessTtlSeconds,
    });
  });
}
