/**
 * Lab 5 solution: login with a new session id.
 *
 * Session fixation: an attacker gets a session id they know into the victim's browser (a planted
 * cookie, a shared computer), the victim logs in, and if the server merely adds the user to that
 * same session, the attacker's copy of the id is now signed in too. A new id at login ends it.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm, safeNext } from '@sandbox/http';

export default function login(app: LeafApp, { users, views, remember }: LeafDeps): void {
  app.post('/login', async (c) => {
    const form = await readForm(c);
    const user = await users.verify(form.username, form.password);
    if (!user) return c.html(views.loginPage({ error: 'Wrong username or password.' }), 401);

    const session = c.get('session');
    // The data (the theme) moves to a fresh random id; the pre-login record is deleted now.
    session.regenerate();
    session.set('userId', user.id);

    // "Remember me": a random token stored (hashed) on the server, in an HttpOnly cookie.
    if (form.remember === '1') await remember.issue(c, user);

    return c.redirect(safeNext(form.next, '/dashboard'), 303);
  });
}
