/**
 * Attack: Kills its own process with SIGKILL inside the logout handler.
 * Contained when the grader stays alive, nothing outside is read or written, and the verdict is honest.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    process.kill(process.pid, 'SIGKILL');
    return c.redirect('/', 303);
  });
}
