/**
 * Demo users with PBKDF2-HMAC-SHA256 password hashes (WebCrypto), a constant-time comparison and
 * one fixed failure for "no such user" and "wrong password" alike, so a login form cannot be used
 * to find out which usernames exist (user enumeration).
 */
import { base64UrlDecode, base64UrlEncode, timingSafeEqual, utf8 } from '../crypto';

export interface User {
  readonly id: string;
  readonly username: string;
  readonly name: string;
}

/** The demo accounts. Passwords are only here to be hashed at start-up; they are never stored. */
export const DEMO_USERS: readonly (User & { password: string })[] = [
  { id: '1', username: 'alice', name: 'Alice Liddell', password: 'correct horse battery staple' },
  { id: '2', username: 'bob', name: 'Bob Tables', password: 'hunter2hunter2' },
];

/**
 * OWASP's Password Storage Cheat Sheet asks for 600,000 iterations of PBKDF2-HMAC-SHA256. The lab
 * uses fewer by default so a full run of checks (dozens of logins) stays fast; production code
 * should not copy this number.
 */
export const DEFAULT_ITERATIONS = 20_000;

export interface UserDirectoryOptions {
  iterations?: number;
  users?: readonly (User & { password: string })[];
}

interface StoredUser {
  user: User;
  hash: string; // pbkdf2_sha256$<iterations>$<salt>$<hash>
}

export async function hashPassword(password: string, iterations = DEFAULT_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(password, salt, iterations);
  return `pbkdf2_sha256$${iterations}$${base64UrlEncode(salt)}$${base64UrlEncode(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split('$');
  const saltBytes = base64UrlDecode(salt ?? '');
  const expected = base64UrlDecode(hash ?? '');
  const rounds = Number(iterations);
  if (scheme !== 'pbkdf2_sha256' || !saltBytes || !expected || !Number.isInteger(rounds) || rounds < 1)
    return false;
  return timingSafeEqual(await pbkdf2(password, saltBytes, rounds), expected);
}

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', utf8(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

export class UserDirectory {
  readonly #ready: Promise<Map<string, StoredUser>>;
  readonly #byId = new Map<string, User>();
  readonly #dummyHash: Promise<string>;

  constructor(options: UserDirectoryOptions = {}) {
    const iterations = options.iterations ?? DEFAULT_ITERATIONS;
    if (!Number.isInteger(iterations) || iterations < 1000) {
      throw new TypeError('UserDirectory: iterations must be an integer of at least 1000');
    }
    const users = options.users ?? DEMO_USERS;
    for (const { id, username, name } of users) this.#byId.set(id, Object.freeze({ id, username, name }));
    this.#ready = Promise.all(
      users.map(async ({ id, username, name, password }) => {
        const stored: StoredUser = {
          user: { id, username, name },
          hash: await hashPassword(password, iterations),
        };
        return [username, stored] as const;
      }),
    ).then((entries) => new Map(entries));
    // Unknown usernames are checked against this hash so they take as long as known ones.
    this.#dummyHash = hashPassword('not-a-real-password', iterations);
  }

  /**
   * The user when the username exists and the password matches, otherwise null. The caller must
   * show the same message for both failures.
   */
  async verify(username: unknown, password: unknown): Promise<User | null> {
    if (typeof username !== 'string' || typeof password !== 'string') return null;
    if (username.length > 200 || password.length > 1024) return null;
    const stored = (await this.#ready).get(username);
    const ok = await verifyPassword(password, stored?.hash ?? (await this.#dummyHash));
    return ok && stored ? stored.user : null;
  }

  /** The user with this id (e.g. the session's `userId`), or undefined. */
  byId(id: string | undefined): User | undefined {
    return id === undefined ? undefined : this.#byId.get(id);
  }
}

/** What the API shows about a user (never the hash). */
export function publicUser(user: User): User {
  return { id: user.id, username: user.username, name: user.name };
}
