import { describe, expect, it } from 'vitest';
import { defaultHsts, hstsFromEnv } from './index.ts';

describe('hstsFromEnv', () => {
  it('is off unless asked for: no HSTS, no https PUBLIC_URL', () => {
    expect(hstsFromEnv({})).toBeUndefined();
    expect(hstsFromEnv({ HSTS: '' })).toBeUndefined();
    expect(hstsFromEnv({ PUBLIC_URL: 'http://localhost:4321' })).toBeUndefined();
    expect(hstsFromEnv({ PUBLIC_URL: '' })).toBeUndefined();
  });

  it('HSTS=1 (or on/true/yes) sends the default policy, one year on this host only', () => {
    expect(defaultHsts).toBe('max-age=31536000');
    for (const value of ['1', 'on', 'true', 'yes', 'TRUE', ' 1 '])
      expect(hstsFromEnv({ HSTS: value }), value).toBe(defaultHsts);
  });

  it('an https PUBLIC_URL turns it on, and HSTS=0 turns it off again', () => {
    expect(hstsFromEnv({ PUBLIC_URL: 'https://course.example.org/' })).toBe(defaultHsts);
    expect(hstsFromEnv({ PUBLIC_URL: 'HTTPS://Course.Example.org' })).toBe(defaultHsts);
    for (const value of ['0', 'off', 'false', 'no'])
      expect(hstsFromEnv({ HSTS: value, PUBLIC_URL: 'https://course.example.org' }), value).toBeUndefined();
  });

  it('takes a policy of its own, normalised, when it is a valid one', () => {
    expect(hstsFromEnv({ HSTS: 'max-age=63072000; includeSubDomains' })).toBe(
      'max-age=63072000; includeSubDomains',
    );
    expect(hstsFromEnv({ HSTS: 'MAX-AGE="300";includesubdomains' })).toBe('max-age=300; includeSubDomains');
    expect(hstsFromEnv({ HSTS: 'max-age=63072000; includeSubDomains; preload' })).toBe(
      'max-age=63072000; includeSubDomains; preload',
    );
    // max-age=0 is how a site withdraws a policy it sent before (RFC 6797 §6.1.1).
    expect(hstsFromEnv({ HSTS: 'max-age=0' })).toBe('max-age=0');
  });

  it('refuses what a browser would ignore or what would be a trap, with a sentence that says why', () => {
    const cases: [string, RegExp][] = [
      ['2', /HSTS must be 1, 0 or a policy/],
      ['includeSubDomains', /needs max-age/],
      ['max-age=abc', /max-age must be a whole number of seconds/],
      ['max-age=-5', /max-age must be a whole number of seconds/],
      ['max-age=300; max-age=600', /max-age more than once/],
      ['max-age=300; includeSubDomains; includeSubDomains', /includeSubDomains more than once/],
      ['max-age=300; nosniff', /unknown directive "nosniff"/],
      ['max-age=300; preload', /preload needs includeSubDomains and a max-age of at least 31536000/],
      ['max-age=31536000\nX-Evil: 1', /HSTS must be 1, 0 or a policy/],
    ];
    for (const [value, problem] of cases) expect(() => hstsFromEnv({ HSTS: value }), value).toThrow(problem);
    expect(() => hstsFromEnv({ PUBLIC_URL: 'course.example.org' })).toThrow(
      /PUBLIC_URL must be an absolute URL such as https:\/\/course\.example\.org/,
    );
  });
});
