/**
 * Strict-Transport-Security for `npm start`, opt-in from the environment. The Node server speaks
 * plain HTTP behind the deployer's TLS proxy, and only the deployer knows whether every visitor
 * reaches the site over HTTPS, so the header is off until they say so: `HSTS=1`, or a `PUBLIC_URL`
 * that starts with `https:`. A browser ignores the header on a plain-HTTP response (RFC 6797
 * §8.1), so it does no harm on a local http:// run, but once obeyed it pins the host to HTTPS for
 * `max-age` seconds; a wrong value cannot be taken back before that, hence the strict parsing.
 */

/** One year, this host only: subdomains may still serve plain HTTP, so they are left out by default. */
export const defaultHsts = 'max-age=31536000';

const on = /^(?:1|on|true|yes)$/i;
const off = /^(?:0|off|false|no)$/i;

/** hstspreload.org accepts a host only with includeSubDomains and a max-age of a year or more. */
const preloadMinimum = 31_536_000;

export interface HstsEnv {
  /** `1`/`on`, `0`/`off`, or a whole policy such as `max-age=63072000; includeSubDomains`. */
  HSTS?: string | undefined;
  /** The site's public address; `https://…` turns HSTS on unless `HSTS=0`. */
  PUBLIC_URL?: string | undefined;
}

class HstsError extends Error {}

/** Validates a policy (RFC 6797 §6.1 plus the `preload` token) and writes it in one canonical form. */
function parsePolicy(text: string): string {
  // Only the characters a policy can contain: no line breaks or other header smuggling.
  if (!/^[A-Za-z0-9=;" \t-]+$/.test(text) || /^\d+$/.test(text))
    throw new HstsError(
      `HSTS must be 1, 0 or a policy such as "max-age=31536000", got ${JSON.stringify(text)}`,
    );
  let maxAge: number | undefined;
  let subdomains = false;
  let preload = false;
  for (const part of text.split(';')) {
    const directive = part.trim();
    if (!directive) continue;
    const [rawName = '', ...rest] = directive.split('=');
    const name = rawName.trim().toLowerCase();
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'max-age') {
      if (maxAge !== undefined) throw new HstsError('HSTS names max-age more than once');
      if (!/^\d{1,10}$/.test(value))
        throw new HstsError(`HSTS max-age must be a whole number of seconds, got ${JSON.stringify(value)}`);
      maxAge = Number(value);
    } else if (name === 'includesubdomains' && rest.length === 0) {
      if (subdomains) throw new HstsError('HSTS names includeSubDomains more than once');
      subdomains = true;
    } else if (name === 'preload' && rest.length === 0) {
      preload = true;
    } else
      throw new HstsError(
        `HSTS has an unknown directive "${directive}" (known: max-age, includeSubDomains, preload)`,
      );
  }
  if (maxAge === undefined) throw new HstsError('HSTS needs max-age, for example "max-age=31536000"');
  if (preload && !(subdomains && maxAge >= preloadMinimum))
    throw new HstsError(
      `HSTS preload needs includeSubDomains and a max-age of at least ${preloadMinimum} (hstspreload.org refuses anything less)`,
    );
  return [
    `max-age=${maxAge}`,
    ...(subdomains ? ['includeSubDomains'] : []),
    ...(preload ? ['preload'] : []),
  ].join('; ');
}

/**
 * The Strict-Transport-Security value to send, or undefined for none. Throws an Error whose message
 * says what is wrong, so `npm start` can refuse to start rather than send a policy nobody meant.
 */
export function hstsFromEnv(env: HstsEnv): string | undefined {
  const hsts = env.HSTS?.trim() ?? '';
  const publicUrl = env.PUBLIC_URL?.trim() ?? '';
  let https = false;
  if (publicUrl) {
    try {
      https = new URL(publicUrl).protocol === 'https:';
    } catch {
      throw new HstsError(
        `PUBLIC_URL must be an absolute URL such as https://course.example.org, got ${JSON.stringify(publicUrl)}`,
      );
    }
  }
  if (off.test(hsts)) return undefined;
  if (on.test(hsts)) return defaultHsts;
  if (hsts) return parsePolicy(hsts);
  return https ? defaultHsts : undefined;
}
