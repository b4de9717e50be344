/**
 * Mistake: no CSRF guard, on the belief that a POST-only logout is safe. A hidden form on any
 * site can still POST /logout, and the browser sends the session cookie with it.
 */
import type { LeafApp } from '@sandbox/app/types';

export default function csrf(_app: LeafApp): void {
  // Nothing here: "POST-only routes are safe enough" (they are not).
}
