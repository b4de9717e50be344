/** Small helpers shared by the catalog files. */
import { cookieText, describe, type Reply } from '../harness';

/** `name=value` for a Cookie header. */
export const cookiePair = (name: string, value: string): string => `${name}=${value}`;

/** True for the answers a real logout may give: 200/204 or any redirect. */
export function accepted(reply: Reply): boolean {
  return reply.status === 200 || reply.status === 204 || (reply.status >= 300 && reply.status < 400);
}

/** A sentence explaining why a logout request did not go through, or '' when it did. */
export function logoutProblem(reply: Reply): string {
  if (accepted(reply)) return '';
  if (reply.status === 404 || reply.status === 405) {
    return ` (Note: POST ${reply.path} answered ${describe(reply)}, so no logout route ran; LO-03 checks that first.)`;
  }
  if (reply.status === 403)
    return ` (Note: POST ${reply.path} answered 403, so the logout was refused; LO-03 checks that first.)`;
  return ` (Note: POST ${reply.path} answered ${describe(reply)}.)`;
}

/** `the cookie sid=abc…` */
export const theCookie = (name: string, value: string | undefined): string => cookieText(name, value);

/** Parses `Cache-Control` into lower-case directive names. */
export function cacheDirectives(reply: Reply): string[] {
  const header = reply.headers.get('cache-control');
  if (header === null) return [];
  return header
    .split(',')
    .map((part) => part.trim().split('=')[0]?.trim().toLowerCase() ?? '')
    .filter(Boolean);
}
