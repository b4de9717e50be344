import { describe, expect, it } from 'vitest';
import {
  base64UrlDecode,
  base64UrlEncode,
  hmacSigner,
  randomToken,
  sha256Hex,
  timingSafeEqual,
  utf8,
} from './index';

describe('crypto helpers', () => {
  it('round-trips base64url without padding and rejects garbage', () => {
    for (const bytes of [
      new Uint8Array([]),
      new Uint8Array([255, 254, 253]),
      crypto.getRandomValues(new Uint8Array(33)),
    ]) {
      const text = base64UrlEncode(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(base64UrlDecode(text)).toEqual(bytes);
    }
    for (const bad of ['a', '!!!!', 'ab+/', 'a=b']) expect(base64UrlDecode(bad)).toBeNull();
  });

  it('makes 128-bit tokens by default and refuses shorter ones', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomToken(32)).toHaveLength(43);
    expect(() => randomToken(8)).toThrow(/128 bits/);
  });

  it('hashes with SHA-256 and compares in constant time', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(timingSafeEqual(utf8('same'), utf8('same'))).toBe(true);
    expect(timingSafeEqual(utf8('same'), utf8('sane'))).toBe(false);
    expect(timingSafeEqual(utf8('short'), utf8('longer'))).toBe(false);
  });

  it('accepts only the canonical spelling of an HMAC signature', async () => {
    const signer = hmacSigner('a-secret-a-secret');
    const sig = await signer.sign('message');
    expect(await signer.verify('message', sig)).toBe(true);
    expect(await signer.verify('message', `${sig}=`)).toBe(false);
    expect(await signer.verify('other', sig)).toBe(false);
    // The last base64url character carries 2 unused bits: its siblings decode to the same bytes.
    const last = sig.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[(alphabet.indexOf(last) ^ 1) % 64]!;
    expect(await signer.verify('message', sig.slice(0, -1) + sibling)).toBe(false);
  });
});
