/**
 * The audit profile: what discovery found about an app (or what its owner wrote), as JSON that
 * `--profile FILE` reuses and `--save-profile FILE` writes. Validated with zod; every problem is
 * worded like lab.json's (`Invalid audit profile in <file>: **<field>**: <what is wrong>. Fix: …`).
 * Its JSON Schema is published at sandbox-server/labs/audit/profile.schema.json (profileJsonSchema).
 */
import { z } from 'zod';
import { closest } from '../../did-you-mean';
import { formatPath } from '../../manifest';
import { jsonErrorPlace } from '../../json-text';

export const PROFILE_FORMAT = 'logout-lab/audit-profile@1';

/** A path on the audited app: starts with one "/" (never another origin). */
const path = z
  .string()
  .regex(/^\/(?![/\\])/, { error: 'must be a path on the app, starting with a single "/"' })
  .describe('A path on the audited app, such as "/login".');

const fieldName = z.string().min(1, { error: 'must not be empty' });

const csrf = z
  .strictObject({ field: fieldName.describe('The hidden field holding the token, e.g. "csrf_token".') })
  .describe('The form’s hidden CSRF field; the token is read fresh from the form’s page before every post.');

const cookieName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'must be a cookie name such as "session"' });

export const profileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editors read this to validate and complete the file.'),
    format: z.literal(PROFILE_FORMAT).describe('The version of this file format.'),
    login: z
      .strictObject({
        page: path.describe('The page that shows the login form.'),
        action: path.describe('Where the form posts.'),
        fields: z.strictObject({
          username: fieldName.describe('The username (or email) field.'),
          password: fieldName.describe('The password field.'),
          remember: z
            .strictObject({ name: fieldName, value: z.string() })
            .nullable()
            .describe('The remember-me checkbox and the value it sends, or null when the form has none.'),
        }),
        extra: z
          .record(z.string(), z.string())
          .default({})
          .describe('Other fields the form sends as they are (hidden defaults, a named submit button).'),
        csrf: csrf.nullable(),
      })
      .describe('The login form.'),
    proof: z
      .strictObject({
        page: path.describe('A page only a logged-in user sees (where login redirects).'),
        kind: z
          .enum(['username-in-body', 'status-200'])
          .describe(
            '"username-in-body": logged in when the page answers 200 with the username in it; "status-200": when it answers 200 at all (anonymous visitors get a redirect to the login page, 401 or 403).',
          ),
      })
      .describe('How to tell that a browser is logged in.'),
    logout: z
      .strictObject({
        page: path.describe('The logged-in page that holds the logout form or link.'),
        action: path.describe('Where the logout form posts, or where the link goes.'),
        method: z.enum(['POST', 'GET']),
        csrf: csrf.nullable(),
      })
      .describe('The logout control.'),
    cookies: z
      .strictObject({
        session: cookieName.describe('The session cookie the login sets.'),
        remember: cookieName.nullable().describe('The remember-me cookie, or null when login sets none.'),
      })
      .describe('The cookies login sets.'),
    store: z
      .enum(['server', 'cookie'])
      .describe(
        '"server": the session cookie is a random ID of a record on the server; "cookie": the cookie holds the session data itself (Flask’s default signed cookie).',
      ),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .describe('Extra request headers sent with every request (an API key for a staging proxy).'),
  })
  .describe('What `npm run lab -- audit` needs to know about an app.');

export type AuditProfile = z.infer<typeof profileSchema>;

/** The JSON Schema of the profile, as written to profile.schema.json. */
export function profileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(profileSchema, { io: 'input' }),
    title: 'Logout Lab audit profile',
  };
}

/** A valid example of each field, for the "Fix: …" part of a message. */
const EXAMPLES: Record<string, string> = {
  format: `"${PROFILE_FORMAT}"`,
  login: '{ "page": "/login", "action": "/login", "fields": { … }, "csrf": null }',
  fields: '{ "username": "username", "password": "password", "remember": null }',
  username: '"username"',
  password: '"password"',
  remember: 'null',
  proof: '{ "page": "/dashboard", "kind": "username-in-body" }',
  logout: '{ "page": "/dashboard", "action": "/logout", "method": "POST", "csrf": null }',
  cookies: '{ "session": "session", "remember": null }',
  session: '"session"',
  store: '"server"',
  page: '"/login"',
  action: '"/logout"',
  method: '"POST"',
  kind: '"username-in-body"',
  csrf: '{ "field": "csrf_token" } (or null)',
  field: '"csrf_token"',
  name: '"remember"',
  value: '"1"',
};

export class ProfileError extends Error {
  override name = 'ProfileError';
}

function keysAt(pathParts: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = profileSchema;
  for (const part of pathParts) {
    let inner: z.ZodType = schema;
    while (inner instanceof z.ZodNullable || inner instanceof z.ZodDefault || inner instanceof z.ZodOptional)
      inner = inner.unwrap() as z.ZodType;
    if (!(inner instanceof z.ZodObject)) return [];
    const next = (inner.shape as Record<string, z.ZodType>)[String(part)];
    if (next === undefined) return [];
    schema = next;
  }
  while (schema instanceof z.ZodNullable || schema instanceof z.ZodDefault || schema instanceof z.ZodOptional)
    schema = schema.unwrap() as z.ZodType;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function wording(issue: z.core.$ZodIssue): string[] {
  const at = issue.path.length === 0 ? '' : `**${formatPath(issue.path)}**: `;
  const field = String(issue.path.at(-1) ?? '');
  const example = EXAMPLES[field] ?? '…';
  if (issue.code === 'invalid_type' && issue.path.length === 0)
    return [
      `the file must hold one JSON object, got ${describeValue(issue.input)}. Fix: save a profile with --save-profile and edit it`,
    ];
  if (issue.code === 'unrecognized_keys') {
    const allowed = keysAt(issue.path);
    return issue.keys.map((key) => {
      const guess = closest(key, allowed);
      const fix = guess ? `rename it to "${guess}"` : `remove it (allowed fields: ${allowed.join(', ')})`;
      return `**${formatPath([...issue.path, key])}**: is not a known field. Fix: ${fix}`;
    });
  }
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined)
    return [`${at}required field is missing. Fix: add "${field}": ${example}`];
  if (issue.code === 'invalid_value')
    return [
      `${at}${describeValue(issue.input)} is not allowed. Fix: write one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
    ];
  if (issue.code === 'invalid_type')
    return [
      `${at}expected ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}, got ${describeValue(issue.input)}. Fix: write "${field}": ${example}`,
    ];
  return [`${at}${describeValue(issue.input)} ${issue.message}. Fix: write "${field}": ${example}`];
}

/** Validates parsed JSON; throws a ProfileError listing every problem at once. */
export function parseProfile(input: unknown, file: string): AuditProfile {
  const result = profileSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const lines = result.error.issues.flatMap(wording);
  throw new ProfileError(
    lines.length === 1
      ? `Invalid audit profile in ${file}: ${lines[0] ?? ''}`
      : `Invalid audit profile in ${file}:\n${lines.map((line) => `- ${line}`).join('\n')}`,
  );
}

/** Parses the text of a profile file, with a line and column for JSON syntax errors. */
export function parseProfileText(text: string, file: string): AuditProfile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where = jsonErrorPlace(text, message);
    throw new ProfileError(
      `Invalid audit profile in ${file}: the file is not valid JSON${where} (${message}). Fix: look just before that point for a missing or extra comma, or a missing quote`,
    );
  }
  return parseProfile(json, file);
}
