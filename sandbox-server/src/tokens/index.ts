/**
 * The token track: short-lived access JWTs (hono/jwt, HS256) with `sub`, `iat`, `exp`, `jti` and
 * `iss`; a denylist keyed by `jti`; and opaque refresh tokens that rotate on every use, remember
 * their family, and revoke the whole family when a used token comes back (RFC 9700 §4.14.2).
 *
 * hono/jwt's `sign` adds no claims at all, so `exp` and `jti` are added here; `verify` needs the
 * algorithm spelled out (required since hono 4.12).
 */
import { sign, verify } from 'hono/jwt';
import { randomToken, sha256Hex } from '../crypto';

export const ISSUER = 'logout-lab';
export const ALG = 'HS256';

export interface AccessClaims {
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  iss: string;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** Revoked keys, each kept until the moment its token would have expired anyway. */
export class Denylist {
  readonly #entries = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Deny `key` until `untilEpochSeconds` (the token's `exp`). */
  add(key: string, untilEpochSeconds: number): void {
    this.#prune();
    this.#entries.set(key, untilEpochSeconds);
  }

  /** Whether `key` (a token's `jti`) is denied now. */
  has(key: string): boolean {
    const until = this.#entries.get(key);
    return until !== undefined && until * 1000 > this.#now();
  }

  /** How many keys are denied now (expired entries are dropped first). */
  get size(): number {
    this.#prune();
    return this.#entries.size;
  }

  #prune(): void {
    const now = this.#now();
    for (const [key, until] of this.#entries) if (until * 1000 <= now) this.#entries.delete(key);
  }
}

export type RefreshStatus = 'active' | 'used' | 'revoked' | 'expired';

/** What the server knows about one refresh token. */
export interface RefreshGrant {
  readonly userId: string;
  /** Every token rotated from the same login shares one family id. */
  readonly family: string;
  readonly status: RefreshStatus;
}

interface RefreshRecord {
  userId: string;
  family: string;
  used: boolean;
  expiresAt: number;
}

/**
 * Opaque refresh tokens (256 random bits). Only their SHA-256 is stored, so a leaked table holds
 * no usable token.
 */
export class RefreshTokens {
  readonly #records = new Map<string, RefreshRecord>();
  readonly #revokedFamilies = new Set<string>();
  readonly #ttl: number;
  readonly #now: () => number;

  constructor(options: { ttlSeconds?: number; now?: () => number } = {}) {
    this.#ttl = (options.ttlSeconds ?? 14 * 24 * 3600) * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Start a new family (a login) or continue one (a rotation). */
  async issue(userId: string, family: string = randomToken(16)): Promise<string> {
    const token = randomToken(32);
    this.#records.set(await sha256Hex(token), {
      userId,
      family,
      used: false,
      expiresAt: this.#now() + this.#ttl,
    });
    return token;
  }

  /** Look a token up without changing anything. Unknown or non-string tokens give undefined. */
  async find(token: unknown): Promise<RefreshGrant | undefined> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 512) return undefined;
    const record = this.#records.get(await sha256Hex(token));
    if (!record) return undefined;
    const status: RefreshStatus = this.#revokedFamilies.has(record.family)
      ? 'revoked'
      : record.used
        ? 'used'
        : record.expiresAt <= this.#now()
          ? 'expired'
          : 'active';
    return { userId: record.userId, family: record.family, status };
  }

  /** Mark `token` as used and issue its successor in the same family. Throws if the token is not active. */
  async rotate(token: string): Promise<string> {
    const key = await sha256Hex(token);
    const record = this.#records.get(key);
    const grant = await this.find(token);
    if (!record || grant?.status !== 'active')
      throw new Error('rotate(): only an active refresh token can be rotated');
    record.used = true;
    return this.issue(record.userId, record.family);
  }

  /** Revoke every token of a family: the response to a replayed (already used) token. */
  revokeFamily(family: string): void {
    this.#revokedFamilies.add(family);
  }

  /** Revoke the family of `token` (RFC 7009: the grant, not just one token). Unknown tokens are fine. */
  async revoke(token: unknown): Promise<void> {
    const grant = await this.find(token);
    if (grant) this.revokeFamily(grant.family);
  }

  /** Revoke every family of one user ("log out everywhere"); returns how many families. */
  revokeAllFor(userId: string): number {
    const families = new Set<string>();
    for (const record of this.#records.values()) if (record.userId === userId) families.add(record.family);
    for (const family of families) this.revokeFamily(family);
    return families.size;
  }
}

export interface TokenServiceOptions {
  secret: string;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  now?: () => number;
}

export class TokenService {
  /** Access tokens revoked before their `exp`, by `jti`: logout adds to it, the API guard reads it. */
  readonly denylist: Denylist;
  /** The refresh tokens: issued, rotated, revoked by family. */
  readonly refresh: RefreshTokens;
  /** How long an access token lives by default, in seconds. */
  readonly accessTtlSeconds: number;
  readonly #key: string;
  readonly #now: () => number;

  constructor(options: TokenServiceOptions) {
    if (typeof options.secret !== 'string' || options.secret.length < 16) {
      throw new TypeError('TokenService: secret must be a string of at least 16 characters');
    }
    const ttl = options.accessTtlSeconds ?? 300;
    // OWASP: access tokens should be short-lived; the checks accept at most 15 minutes.
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 900) {
      throw new TypeError('TokenService: accessTtlSeconds must be an integer between 1 and 900');
    }
    this.accessTtlSeconds = ttl;
    this.#key = `${options.secret}/access-token`;
    this.#now = options.now ?? Date.now;
    this.denylist = new Denylist(this.#now);
    this.refresh = new RefreshTokens({
      ...(options.refreshTtlSeconds !== undefined ? { ttlSeconds: options.refreshTtlSeconds } : {}),
      now: this.#now,
    });
  }

  /**
   * A signed access token for `userId` with a unique `jti`, valid for `expiresIn` seconds
   * (default accessTtlSeconds). The lifetime is the caller's choice, not capped here, so lab 6's
   * POST /api/login can get it wrong and LO-19 can say so.
   */
  async signAccess(userId: string, options: { expiresIn?: number } = {}): Promise<string> {
    const lifetime = options.expiresIn ?? this.accessTtlSeconds;
    if (!Number.isInteger(lifetime) || lifetime < 1) {
      throw new TypeError(
        `signAccess: expiresIn must be a whole number of seconds (at least 1), got ${String(lifetime)}`,
      );
    }
    const iat = Math.floor(this.#now() / 1000);
    const claims: AccessClaims = {
      sub: userId,
      iat,
      exp: iat + lifetime,
      jti: crypto.randomUUID(),
      iss: ISSUER,
    };
    return sign({ ...claims }, this.#key, ALG);
  }

  /**
   * The claims of a token whose signature, issuer and expiry check out, otherwise null.
   * This says nothing about revocation: that is the denylist's job.
   */
  async verifyAccess(token: string | undefined): Promise<AccessClaims | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
    try {
      const payload = await verify(token, this.#key, { alg: ALG, iss: ISSUER });
      const { sub, iat, exp, jti, iss } = payload;
      if (
        typeof sub !== 'string' ||
        typeof jti !== 'string' ||
        typeof exp !== 'number' ||
        typeof iat !== 'number'
      ) {
        return null;
      }
      if (exp * 1000 <= this.#now()) return null;
      return { sub, iat, exp, jti, iss: typeof iss === 'string' ? iss : ISSUER };
    } catch {
      return null;
    }
  }

  /** A login: a fresh access token and the first refresh token of a new family. */
  async issuePair(userId: string): Promise<TokenPair> {
    return {
      access_token: await this.signAccess(userId),
      refresh_token: await this.refresh.issue(userId),
      token_type: 'Bearer',
      expires_in: this.accessTtlSeconds,
    };
  }
}
