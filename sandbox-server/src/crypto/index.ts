/**
 * Small WebCrypto helpers shared by the stores, the login manager and the token service.
 * Web-standard only (globalThis.crypto, TextEncoder, btoa/atob): the same code runs in Node,
 * a WebContainer and a browser Worker.
 */

const encoder = new TextEncoder();

/** Encode bytes as base64url without padding (RFC 4648 §5), the alphabet used in cookies and JWTs. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decode base64url (padding optional). Returns null for anything that is not valid base64url. */
export function base64UrlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return null;
  const base64 = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (base64.length % 4 === 1) return null;
  try {
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** `bytes` random bytes from the CSPRNG, base64url encoded. 16 bytes = 128 bits (OWASP, ASVS 5.0 7.2.3). */
export function randomToken(bytes = 16): string {
  if (!Number.isInteger(bytes) || bytes < 16)
    throw new RangeError('randomToken: use at least 16 bytes (128 bits)');
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** SHA-256 as lowercase hex: how tokens are stored at rest, so a leaked table holds no usable token. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Compare two byte strings in time that depends only on their length, not on where they differ,
 * so an attacker cannot learn a secret one byte at a time from response timings.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** An HMAC-SHA256 signer bound to one secret. The key is imported once, lazily. */
export function hmacSigner(secret: string): {
  sign(message: string): Promise<string>;
  verify(message: string, signature: string): Promise<boolean>;
} {
  let key: Promise<CryptoKey> | undefined;
  const getKey = () =>
    (key ??= crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]));
  return {
    async sign(message) {
      const mac = await crypto.subtle.sign('HMAC', await getKey(), utf8(message));
      return base64UrlEncode(new Uint8Array(mac));
    },
    async verify(message, signature) {
      const given = base64UrlDecode(signature);
      // Only the canonical (unpadded) encoding is accepted: one signature, one spelling.
      if (!given || signature.includes('=')) return false;
      const expected = new Uint8Array(await crypto.subtle.sign('HMAC', await getKey(), utf8(message)));
      return timingSafeEqual(given, expected) && base64UrlEncode(given) === signature;
    },
  };
}
