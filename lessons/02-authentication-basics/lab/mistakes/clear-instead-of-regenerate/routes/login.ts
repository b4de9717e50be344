/**
 * Mistake: session.clear() before storing the user, as the Flask tutorial does. With Flask's
 * cookie session that is a fine defence (the whole cookie is rewritten). With server-side
 * sessions, clear() empties the record but KEEPS ITS ID, so fixation is still possible, and the
 * visitor's theme is thrown away as a bonus.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm, safeNext } from '@sandbox/http';

export default function login(app: LeafApp, { users, views }: LeafDeps): void {
  app.post('/login', async (c) => {
    const form = await readForm(c);
    const user = await users.verify(form.username, form.password);
    if (!user) return c.html(views.loginPage({ error: 'Wrong username or password.' }), 401);

    const session = c.get('session');
    // Wrong here: clear() drops the data (the theme too) but not the id.
    session.clear();
    session.set('userId', user.id);

    return c.redirect(safeNext(form.next, '/dashboard'), 303);
  });
}
