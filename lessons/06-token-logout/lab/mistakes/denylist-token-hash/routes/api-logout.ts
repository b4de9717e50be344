/**
 * Mistake: the denylist is keyed by SHA-256 of the token string (older OWASP advice, still in
 * many tutorials). But one JWT has several spellings that all verify: change the last signature
 * character to a sibling that decodes to the same bytes, or add a trailing '='. Each spelling has
 * a different hash, so the "revoked" token walks right past the list. Key by jti.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { sha256Hex } from '@sandbox/crypto';
import { bearerToken, readJson } from '@sandbox/http';

export default function apiLogout(app: LeafApp, { tokens }: LeafDeps): void {
  app.use('/api/me', async (c, next) => {
    const token = bearerToken(c);
    // Wrong key: the hash of this exact spelling of the token.
    if (token && tokens.denylist.has(await sha256Hex(token))) {
      return c.json({ error: 'invalid_token', error_description: 'This token was revoked.' }, 401);
    }
    return next();
  });

  app.post('/api/logout', async (c) => {
    const token = bearerToken(c);
    const claims = await tokens.verifyAccess(token);
    if (token && claims) tokens.denylist.add(await sha256Hex(token), claims.exp);
    const { refresh_token } = await readJson(c);
    await tokens.refresh.revoke(refresh_token);
    return c.json({ revoked: true });
  });
}
