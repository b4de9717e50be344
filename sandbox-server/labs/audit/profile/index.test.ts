import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfile, parseProfileText, PROFILE_FORMAT, ProfileError } from '.';
import { SCHEMA_FILE, schemaText } from './write-schema';

const good = {
  format: PROFILE_FORMAT,
  login: {
    page: '/login',
    action: '/login',
    fields: { username: 'username', password: 'password', remember: { name: 'remember', value: '1' } },
    csrf: { field: 'csrf_token' },
  },
  proof: { page: '/dashboard', kind: 'username-in-body' },
  logout: { page: '/dashboard', action: '/logout', method: 'POST', csrf: { field: 'csrf_token' } },
  cookies: { session: 'session', remember: 'remember_token' },
  store: 'server',
};

const problem = (input: unknown): string => {
  try {
    parseProfile(input, 'app.profile.json');
  } catch (error) {
    if (error instanceof ProfileError) return error.message;
    throw error;
  }
  throw new Error('the profile was accepted');
};

describe('audit profile', () => {
  it('accepts a complete profile and fills the optional parts', () => {
    expect(parseProfile(good, 'app.profile.json')).toEqual({
      ...good,
      login: { ...good.login, extra: {} },
      headers: {},
    });
  });

  it('words every problem with the field, what is wrong and the fix', () => {
    expect(problem([])).toBe(
      'Invalid audit profile in app.profile.json: the file must hold one JSON object, got an array. Fix: save a profile with --save-profile and edit it',
    );
    expect(problem({ ...good, logn: {} })).toBe(
      'Invalid audit profile in app.profile.json: **logn**: is not a known field. Fix: rename it to "login"',
    );
    expect(problem({ ...good, logout: { ...good.logout, metod: 'GET' } })).toBe(
      'Invalid audit profile in app.profile.json: **logout.metod**: is not a known field. Fix: rename it to "method"',
    );
    expect(problem({ ...good, store: 'redis' })).toBe(
      'Invalid audit profile in app.profile.json: **store**: string "redis" is not allowed. Fix: write one of "server", "cookie"',
    );
    expect(problem({ ...good, login: { ...good.login, page: 'https://evil.example/login' } })).toBe(
      'Invalid audit profile in app.profile.json: **login.page**: string "https://evil.example/login" must be a path on the app, starting with a single "/". Fix: write "page": "/login"',
    );
    expect(problem({ ...good, cookies: { session: 5, remember: null } })).toBe(
      'Invalid audit profile in app.profile.json: **cookies.session**: expected a string, got number 5. Fix: write "session": "session"',
    );
  });

  it('lists several problems at once', () => {
    const { proof: _proof, ...noProof } = good;
    expect(problem({ ...noProof, format: 'v0' })).toBe(
      [
        'Invalid audit profile in app.profile.json:',
        '- **format**: string "v0" is not allowed. Fix: write one of "logout-lab/audit-profile@1"',
        '- **proof**: required field is missing. Fix: add "proof": { "page": "/dashboard", "kind": "username-in-body" }',
      ].join('\n'),
    );
  });

  it('points at a JSON syntax error by line and column', () => {
    expect(() => parseProfileText('{\n  "format": "x",,\n}', 'app.profile.json')).toThrow(
      /^Invalid audit profile in app\.profile\.json: the file is not valid JSON at line 2, column 17 \(.*\)\. Fix: look just before that point for a missing or extra comma, or a missing quote$/,
    );
  });

  it('publishes its JSON Schema at sandbox-server/labs/audit/profile.schema.json, up to date', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    // Compared as data: prettier formats the committed file.
    expect(
      JSON.parse(committed),
      'profile.schema.json is out of date: run npx tsx sandbox-server/labs/audit/profile/write-schema.ts',
    ).toEqual(JSON.parse(schemaText()));
    const schema = JSON.parse(committed) as { required: string[]; additionalProperties: boolean };
    expect(schema.required).toEqual(['format', 'login', 'proof', 'logout', 'cookies', 'store']);
    expect(schema.additionalProperties).toBe(false);
  });
});
