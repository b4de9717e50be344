/**
 * Attack: Ends its process with `process.exit(0)` while loading (exit code 0, no output).
 * Contained when the grader stays alive, nothing outside is read or written, and the verdict is honest.
 */
import type { LeafApp } from '@sandbox/app/types';

process.exit(0);

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => c.redirect('/', 303));
}
