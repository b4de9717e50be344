/**
 * Mistake: GET /me answers 200 for everyone and puts `user: null` in the body for visitors.
 * Clients (and the checks) read the status first: a 200 says "you are signed in", so after logout
 * the app looks as if it still knows the user.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm } from '@sandbox/http';
import { isTheme } from '@sandbox/views';

export default function sessionDemo(app: LeafApp, { users }: LeafDeps): void {
  app.get('/me', (c) => {
    const user = users.byId(c.get('session').get('userId'));
    // Wrong: a signed-out visitor should get 401, not a 200 with an empty user.
    return c.json({ user: user ? { id: user.id, username: user.username, name: user.name } : null });
  });

  app.get('/prefs', (c) => c.json({ theme: c.get('session').get('theme') ?? 'light' }));

  app.post('/prefs', async (c) => {
    const { theme } = await readForm(c);
    if (!isTheme(theme)) return c.json({ error: 'theme must be "light" or "dark"' }, 400);
    c.get('session').set('theme', theme);
    return c.redirect('/settings', 303);
  });
}
