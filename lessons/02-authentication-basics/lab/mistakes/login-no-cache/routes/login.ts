/**
 * Mistake: the login marks its answer Cache-Control: no-cache, believing that keeps it out of
 * caches. no-cache still stores the response (it only revalidates); no-store is the one that
 * keeps responses that set a session cookie out of every cache.
 */ import type { LeafApp, LeafDeps } from '@sandbox/app/types';
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

    c.header('Cache-Control', 'no-cache'); // Wrong: no-cache still stores
    return c.redirect(safeNext(form.next, '/dashboard'), 303);
  });
}
