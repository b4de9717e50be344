/**
 * Mistake: tokens rotate, and a used token is refused, but nothing else happens. If an attacker
 * used a stolen token first, the victim's later attempt is refused while the attacker keeps the
 * fresh token from that family. Reuse is the alarm bell: revoke the family.
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
    // Wrong: a 'used' token is just refused; its family (and the attacker's copy) lives on.
    if (!grant || grant.status !== 'active') return invalidGrant(c);
    return c.json({
      access_token: await tokens.signAccess(grant.userId),
      refresh_token: await tokens.refresh.rotate(refresh_token),
      token_type: 'Bearer',
      expires_in: tokens.accessTtlSeconds,
    });
  });
}
