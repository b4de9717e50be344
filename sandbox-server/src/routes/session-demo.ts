/**
 * Reading and writing the session: who am I (GET /me) and a harmless per-browser preference
 * (GET|POST /prefs). Lab 1 makes this file editable.
 */
import type { LeafApp, LeafDeps } from '../app/types';
import { readForm } from '../http';
import { isTheme } from '../views';

export default function sessionDemo(app: LeafApp, { loginManager }: LeafDeps): void {
  // 200 with the user, or 401: "denied" is a status code, never a 200 with an empty user.
  app.get('/me', async (c) => {
    const user = await loginManager.currentUser(c);
    if (!user) return c.json({ error: 'not_authenticated' }, 401);
    return c.json({ user });
  });

  app.get('/prefs', (c) => c.json({ theme: c.get('session').get('theme') ?? 'light' }));

  app.post('/prefs', async (c) => {
    const { theme } = await readForm(c);
    if (!isTheme(theme)) return c.json({ error: 'theme must be "light" or "dark"' }, 400);
    c.get('session').set('theme', theme);
    return c.redirect('/settings', 303);
  });
}
