/**
 * Attack: Allocates objects without end in the logout handler.
 * Contained when the grader stays alive, nothing outside is read or written, and the verdict is honest.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', () => {
    const kept: { n: number; s: string }[] = [];
    for (let n = 0; ; n++) kept.push({ n, s: `${Math.random()}`.repeat(8) });
  });
}
