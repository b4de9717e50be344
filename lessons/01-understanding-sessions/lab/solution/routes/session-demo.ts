/**
 * Lab 1 solution: read and write the session.
 *
 * The session here is a signed cookie (like Flask's default): base64url JSON, a timestamp and an
 * HMAC signature. Anyone can read it; nobody without the server's secret can change it.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm } from '@sandbox/http';
import { isTheme } from '@sandbox/views';

export default function sessionDemo(app: LeafApp, { users }: LeafDeps): void {
  // GET /me: the user whose id the login stored, or 401. "Not signed in" is a status code,
  // not a 200 with an empty body: clients and the checks rely on it.
  app.get('/me', (c) => {
    const user = users.byId(c.get('session').get('userId'));
    if (!user) return c.json({ error: 'not_authenticated' }, 401);
    return c.json({ user: { id: user.id, username: user.username, name: user.name } });
  });

  // GET /prefs: the theme belongs to the browser, not to an account, so anonymous visitors have one too.
  app.get('/prefs', (c) => {
    const theme = c.get('session').get('theme') ?? 'light';
    return c.json({ theme });
  });

  // POST /prefs: validate, then write. Writing marks the session as changed, so the response
  // carries a freshly signed cookie (look for Set-Cookie in the console).
  app.post('/prefs', async (c) => {
    const { theme } = await readForm(c);
    if (!isTheme(theme)) return c.json({ error: 'theme must be "light" or "dark"' }, 400);
    c.get('session').set('theme', theme);
    // 303 See Other: after a POST, send the browser to a page it fetches with GET.
    return c.redirect('/settings', 303);
  });
}
