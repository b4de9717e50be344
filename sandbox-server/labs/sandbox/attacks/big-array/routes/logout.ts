/**
 * Attack: Fills a 4 GB `Uint8Array` in the logout handler: memory outside the JavaScript heap.
 * Contained when the grader stays alive, nothing outside is read or written, and the verdict is honest.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function logout(app: LeafApp): void {
  app.post('/logout', (c) => {
    const bytes = new Uint8Array(4 * 2 ** 30).fill(1);
    return c.text(String(bytes.length));
  });
}
