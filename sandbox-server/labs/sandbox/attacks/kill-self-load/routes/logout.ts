/**
 * Attack: Kills its own process with SIGKILL while loading.
 * Contained when the grader stays alive, nothing outside is read or written, and the verdict is honest.
 */
import type { LeafApp } from '@sandbox/app/types';

process.kill(process.pid, 'SIGKILL');

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => c.redirect('/', 303));
}
