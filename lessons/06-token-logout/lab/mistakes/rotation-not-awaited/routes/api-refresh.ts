/**
 * Mistake: every step is right, but rotate() is not awaited. It returns a Promise, and
 * JSON.stringify turns a Promise into {}, so the client gets "refresh_token": {} and can never
 * refresh again. TypeScript would flag it; the sandbox does not type-check, so the checks do.
 */
import type { Context } from 'hono';
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readJson } from '@sandbox/http';

// OAuth's error for a bad refresh token (RFC 6749 §5.2). The same answer for every failure.
const invalidGrant = (c: Context) => c.json({ error: 'invalid_grant' }, 400);

export default function apiRefresh(app: LeafApp, { tokens }: LeafDeps): void {
  app.post('/api/refresh', async (c) => {
    const { refresh_token } = await readJson(c);
    if (typeof refresh_token !== 'string') return invalidGrant(c);

    // What the server knows about this token: its user, its family and its status
    // ('active', 'used', 'revoked' or 'expired'). Unknown tokens give undefined.
    const grant = await tokens.refresh.find(refresh_token);
    if (!grant) return invalidGrant(c);

    if (grant.status === 'used') {
      // Reuse detected: revoke every token of this family, including the newest one.
      tokens.refresh.revokeFamily(grant.family);
      return invalidGrant(c);
    }
    if (grant.status !== 'active') return invalidGrant(c);

    return c.json({
      access_token: await tokens.signAccess(grant.userId),
      // rotate() marks this token as used and issues its successor in the same family.
      refresh_token: tokens.refresh.rotate(refresh_token), // Wrong: no await
      token_type: 'Bearer',
      expires_in: tokens.accessTtlSeconds,
    });
  });
}
