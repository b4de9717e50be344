/**
 * Mistake: "send them back where they came from" with an unchecked ?next=. A link to
 * /logout?next=https://evil.example turns your site into a trampoline to a phishing page that
 * looks like your login form. Use safeNext() from '@sandbox/http', or a fixed target.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    c.get('session').pop('userId');
    return c.redirect(c.req.query('next') ?? '/', 303);
  });
}
