/**
 * Attack: Loops for ever in the logout handler.
 * Contained when the grader stays alive, nothing outside is read or written, and the verdict is honest.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', () => {
    for (;;) {
      // never ends
    }
  });
}
