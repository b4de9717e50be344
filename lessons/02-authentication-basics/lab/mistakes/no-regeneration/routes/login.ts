/**
 * Mistake: the user is written into the session the browser already had. With server-side
 * sessions that means the pre-login id is now a signed-in id: whoever knew it before login
 * (an attacker who planted it, the previous user of a shared computer) is signed in too.
 */
import type { LeafApp, LeafDeps } from '@sandbox/app/types';
import { readForm, safeNext } from '@sandbox/http';

export default function login(app: LeafApp, { users, views }: LeafDeps): void {
  app.post('/login', async (c) => {
    const form = await readForm(c);
    const user = await users.verify(form.username, form.password);
    if (!user) return c.html(views.loginPage({ error: 'Wrong username or password.' }), 401);

    // Wrong: no regenerate(), so the id stays the same across login.
    c.get('session').set('userId', user.id);

    return c.redirect(safeNext(form.next, '/dashboard'), 303);
  });
}
