/**
 * The server (src/, except the Node entry src/node/), the checks and the pure lab tooling must run
 * in a browser Worker: no Node modules or globals. labs/load, labs/cli and labs/isolate are the
 * Node-only side and are left out on purpose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('web-standard only', () => {
  const nodeEntry = join(serverDir, 'src/node');
  const pure = [
    ...sources(join(serverDir, 'src')).filter((file) => !file.startsWith(`${nodeEntry}/`)),
    ...sources(join(serverDir, 'checks')),
    ...sources(join(serverDir, 'shared')),
    ...sources(join(serverDir, 'labs/host')),
    ...sources(join(serverDir, 'labs/manifest')),
    ...sources(join(serverDir, 'labs/verify')),
    ...sources(join(serverDir, 'labs/handin')),
    ...sources(join(serverDir, 'labs/did-you-mean')),
    ...sources(join(serverDir, 'labs/slugify')),
    join(serverDir, 'labs/index.ts'),
  ];

  it('covers the app, its services and the default leaves', () => {
    const names = pure.map((file) => relative(serverDir, file));
    for (const expected of [
      'src/app/index.ts',
      'src/session/index.ts',
      'src/loader/index.ts',
      'src/routes/logout.ts',
      'src/testing/index.ts',
    ])
      expect(names).toContain(expected);
    expect(names.some((name) => name.startsWith('src/node/'))).toBe(false);
  });

  it.each(pure.map((file) => [relative(serverDir, file), file]))(
    '%s imports no node: module and uses no Node globals',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(/from ['"](node:|fs|path|url|os|child_process)/);
      expect(text).not.toMatch(/(?<![-\w])(process|Buffer|require)\s*[.(]/);
      expect(text).not.toMatch(/from ['"]\.\.\/load|from ['"]\.\.\/cli|@hono\/node-server/);
    },
  );
});
