/**
 * Lab 1: read and write the session.
 *
 * `c.get('session')` is a small key → value store that follows one browser from request to
 * request. In this lab it lives entirely in a signed cookie, like Flask's default session:
 *
 *   session=<base64url JSON>.<issued at>.<signature>
 *
 * After POST /prefs, copy the first part from the cookie jar and base64url-decode it: anyone can
 * READ a signed cookie. Now change one character and send it back: the signature no longer
 * matches, so the server ignores the whole cookie. Signed means "can't be edited", not "secret".
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm } from '@sandbox/http';
import { isTheme } from '@sandbox/views';

export default function sessionDemo(app: LeafApp, { users }: LeafDeps): void {
  // GET /me: who is signed in? POST /login stores the user's id in the session under 'userId'.
  app.get('/me', (c) => {
    const user = users.byId(c.get('session').get('userId'));
    if (!user) return c.json({ error: 'not_authenticated' }, 401);
    return c.json({ user: { id: user.id, username: user.username, name: user.name } });
  });

  // GET /prefs: this visitor's theme, signed in or not.
  app.get('/prefs', (c) => {
    // TODO: read the theme from the session (key 'theme'); answer "light" when there is none.
    return c.json({ theme: 'light' });
  });

  // POST /prefs with the form field "theme": remember this visitor's choice.
  app.post('/prefs', async (c) => {
    const { theme } = await readForm(c);
    if (!isTheme(theme)) return c.json({ error: 'theme must be "light" or "dark"' }, 400);
    // TODO: store the theme in the session under the key 'theme'.
    return c.redirect('/settings', 303);
  });
}
