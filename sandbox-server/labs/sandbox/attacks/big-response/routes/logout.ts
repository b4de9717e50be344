/**
 * Attack: Answers logout with a 100 MB body.
 * Contained when the grader stays alive, nothing outside is read or written, and the verdict is honest.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => c.body(new Uint8Array(100 * 2 ** 20).fill(65), 200));
}
