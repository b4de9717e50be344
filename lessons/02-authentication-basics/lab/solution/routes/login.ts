/**
 * Lab 2 solution: the login route.
 *
 * The password check is the easy half. The half that is easy to forget: the signed-in session
 * must get a NEW id. Otherwise an id that existed before login (planted by an attacker, or left
 * on a shared computer) becomes a signed-in id too: session fixation.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm, safeNext } from '@sandbox/http';

export default function login(app: LeafApp, { users, views }: LeafDeps): void {
  app.post('/login', async (c) => {
    const form = await readForm(c);

    // PBKDF2 + constant-time compare; null for an unknown name and for a wrong password alike.
    const user = await users.verify(form.username, form.password);
    if (!user) {
      // Same words for both failures: no user enumeration.
      return c.html(views.loginPage({ error: 'Wrong username or password.' }), 401);
    }

    const session = c.get('session');
    // regenerate() moves the session's data (the theme) to a fresh random id and deletes the
    // pre-login record at once, so the old id is worthless from here on.
    session.regenerate();
    session.set('userId', user.id);

    return c.redirect(safeNext(form.next, '/dashboard'), 303);
  });
}
