/**
 * Mistake: the user is added to the session the browser brought to the login form. The id does
 * not change, so an id known before login (planted, or copied on a shared computer) is now a
 * signed-in id: session fixation.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm, safeNext } from '@sandbox/http';

export default function login(app: LeafApp, { users, views, remember }: LeafDeps): void {
  app.post('/login', async (c) => {
    const form = await readForm(c);
    const user = await users.verify(form.username, form.password);
    if (!user) return c.html(views.loginPage({ error: 'Wrong username or password.' }), 401);

    // Wrong: no session.regenerate() before storing the user.
    c.get('session').set('userId', user.id);

    if (form.remember === '1') await remember.issue(c, user);
    return c.redirect(safeNext(form.next, '/dashboard'), 303);
  });
}
