/**
 * Open-redirect probes, run against every "local path" helper the course ships: the sandbox's own
 * `safeNext`, and the Flask and Hono `local_path` helpers that lesson 3 teaches (read from its MDX,
 * so the test follows the lesson's code). The Flask one runs in real Flask under /usr/bin/python3.
 *
 * A helper passes a probe when the Location it produces, resolved the way a browser resolves it
 * (WHATWG URL, dot segments removed), stays on this site. Returning the fallback is always safe.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from 'sucrase';
import { describe, expect, it } from 'vitest';
import { safeNext } from './index';

/** Hostile `next` values. Each one has made some real helper redirect off-site. */
export const OPEN_REDIRECT_PROBES: readonly string[] = [
  'https://evil.example/phish',
  '//evil.example/phish',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  // A path that a URL parser normalises into "//host": dot segments, raw or percent-encoded.
  '/.//evil.example',
  '/..//evil.example',
  '/%2e%2e//evil.example',
  '/%2E//evil.example',
  '/.%2e//evil.example',
  '/a/..//evil.example',
  '/x/%2e%2e/%2e%2e//evil.example',
  '/.///evil.example',
  '/./\\evil.example',
  '/.\t//evil.example',
  // Encoded slashes and backslashes stay encoded in a path: these must stay on the site.
  '/%2F%2Fevil.example',
  '/%5C%5Cevil.example',
  '/%2e%2e/%2F/evil.example',
  'javascript:alert(1)',
  ' /\\evil.example',
];

const SAFE: readonly string[] = ['/dashboard', '/a/b?x=1#top', '/settings?tab=//x', '/dash/../settings'];

const SITE = 'http://localhost';
const LOGOUT_URL = `${SITE}/logout`;

/** Where a browser goes for this Location header, or undefined when it cannot parse it. */
function lands(location: string): string | undefined {
  try {
    return new URL(location, LOGOUT_URL).origin;
  } catch {
    return undefined;
  }
}

const LESSON = fileURLToPath(new URL('../../../lessons/03-basic-logout-route/index.mdx', import.meta.url));

/** The fenced code block of `lang` in lesson 3 that defines `marker`. */
function lessonBlock(lang: string, marker: string): string {
  const text = readFileSync(LESSON, 'utf8');
  const blocks = [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(
    (m) => m[1] ?? '',
  );
  const block = blocks.find((b) => b.includes(marker));
  if (block === undefined)
    throw new Error(
      `lessons/03-basic-logout-route/index.mdx has no \`\`\`${lang} block defining ${marker}; the open-redirect table test reads the lesson's helper from there`,
    );
  return block;
}

/** The lesson's Hono `localPath`, compiled from the MDX (only the function and its PROBE constant). */
function lessonLocalPath(): (target: string | undefined, fallback?: string) => string {
  const block = lessonBlock('ts', 'function localPath');
  const probe = /const PROBE = .*\n/.exec(block)?.[0] ?? '';
  const start = block.indexOf('function localPath');
  const end = block.indexOf('\n}\n', start);
  const source = `${probe}${block.slice(start, end + 2)}\nreturn localPath;`;
  const js = transform(source, { transforms: ['typescript'] }).code;
  return new Function(js)() as (target: string | undefined, fallback?: string) => string;
}

const PYTHON = '/usr/bin/python3';

/** Runs lesson 3's Flask logout (with its local_path) in real Flask; the Location for each next. */
function flaskLocations(values: readonly string[]): string[] {
  if (!existsSync(PYTHON))
    throw new Error(
      `${PYTHON} is missing: this test runs the lesson's Flask helper in Debian's Flask (apt-get install python3-flask)`,
    );
  const program = `
import json, sys
from flask import Flask
app = Flask(__name__)
app.secret_key = "test-secret"
@app.get("/")
def index():
    return "home"
exec(compile(sys.argv[1], "lesson-03-flask", "exec"))
client = app.test_client()
out = []
for value in json.load(sys.stdin):
    res = client.post("/logout", query_string={"next": value})
    out.append(res.headers.get("Location", ""))
print(json.dumps(out))
`;
  const run = spawnSync(PYTHON, ['-c', program, lessonBlock('python', 'def local_path')], {
    input: JSON.stringify(values),
    encoding: 'utf8',
  });
  if (run.status !== 0)
    throw new Error(`Flask run failed (is python3-flask installed for ${PYTHON}?):\n${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

describe('open-redirect probes (sandbox safeNext and lesson 3 helpers)', () => {
  const helpers: [string, (value: string) => string][] = [
    ['sandbox safeNext', (value) => safeNext(value, '/')],
    ['lesson 3 Hono localPath', (value) => lessonLocalPath()(value, '/')],
  ];

  it.each(helpers)('%s keeps every hostile next on this site', (_name, helper) => {
    const escaped = OPEN_REDIRECT_PROBES.map((probe) => [probe, helper(probe)] as const).filter(
      ([, location]) => lands(location) !== SITE,
    );
    expect(escaped).toEqual([]);
  });

  it.each(helpers)('%s still accepts ordinary local paths', (_name, helper) => {
    for (const path of SAFE) expect(lands(helper(path))).toBe(SITE);
    expect(helper('/dashboard')).toBe('/dashboard');
  });

  it('lesson 3 Flask local_path keeps every hostile next on this site, in Flask 2.2 under /usr/bin/python3', () => {
    const locations = flaskLocations([...OPEN_REDIRECT_PROBES, ...SAFE]);
    const table = [...OPEN_REDIRECT_PROBES, ...SAFE].map((probe, i) => [probe, locations[i] ?? ''] as const);
    expect(table.filter(([, location]) => lands(location) !== SITE)).toEqual([]);
    // Not a helper that refuses everything: ordinary paths come back.
    expect(table.find(([probe]) => probe === '/dashboard')?.[1]).toMatch(/\/dashboard$/);
  });

  it('safeNext re-checks the normalised path: dot segments never turn into "//host"', () => {
    for (const probe of [
      '/.//evil.example',
      '/..//evil.example',
      '/%2e%2e//evil.example',
      '/a/..//evil.example',
    ]) {
      expect(safeNext(probe, '/home')).toBe('/home');
    }
    expect(safeNext('/dash/../settings')).toBe('/settings');
  });
});
