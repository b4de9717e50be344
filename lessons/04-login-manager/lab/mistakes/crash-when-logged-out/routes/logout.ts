/**
 * Mistake: logout logs the user's name first, assuming someone is signed in. An anonymous or
 * repeated logout has no user, so .username throws and the answer is 500.
 */ import type { LeafApp, LeafDeps } from '@sandbox/app/types';

export default function logout(app: LeafApp, { loginManager }: LeafDeps): void {
  app.post('/logout', async (c) => {
    const user = (await loginManager.currentUser(c))!; // Wrong: null when nobody is signed in
    console.log(`logging out ${user.username}`);
    await loginManager.logoutUser(c);
    return c.redirect('/', 303);
  });
}
