import { createServer } from 'node:net';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { inProcess } from '../../checks/transport';
import { auditCommand, isLoopback, type AuditIo } from './cli';

async function run(args: string[], extra: Partial<AuditIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await auditCommand(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { APP_PASSWORD: 'secret' },
    colour: false,
    ...extra,
  });
  return { code, stdout, stderr };
}

const base = ['--user', 'alice', '--password-env', 'APP_PASSWORD'];

describe('lab audit: bad input exits 2 with the fix', () => {
  it('only targets loopback addresses unless --allow-remote, and says why', async () => {
    const result = await run(['https://example.com', ...base]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'example.com is not a loopback address. The audit logs in and out of a real account, many times, so it only targets this machine (localhost, 127.0.0.1, ::1) unless you pass --allow-remote',
    );
    expect(['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'app.localhost'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', 'example.com', '127.0.0.1.nip.io', '::2'].some(isLoopback)).toBe(false);
  });

  it('refuses a password on the command line and an unset variable', async () => {
    const inline = await run(['http://127.0.0.1:9', '--user', 'alice', '--password', 'x']);
    expect(inline.code).toBe(2);
    expect(inline.stderr).toContain('--password is not accepted');
    const unset = await run(['http://127.0.0.1:9', '--user', 'alice', '--password-env', 'NOPE']);
    expect(unset.stderr).toContain(
      'The environment variable NOPE (from --password-env) is not set or empty.',
    );
    expect((await run(['http://127.0.0.1:9', '--password-env', 'APP_PASSWORD'])).stderr).toContain(
      '"audit" needs --user <name>',
    );
  });

  it('rejects unknown checks, formats and lessons', async () => {
    expect((await run(['http://127.0.0.1:9', ...base, '--format', 'xml'])).stderr).toContain(
      '--format must be one of text, json, junit, markdown, html, got "xml".',
    );
    const checks = await run(['http://127.0.0.1:9', ...base, '--checks', 'LO-99']);
    expect(checks.code).toBe(2);
    expect(checks.stderr).toContain('--checks: "LO-99" is not a check');
    expect((await run(['http://127.0.0.1:9', ...base, '--lesson', '9'])).stderr).toContain(
      '--lesson: no checks teach lesson "9"',
    );
    for (const spec of ['junit', 'xml=a.xml', 'junit='])
      expect((await run(['http://127.0.0.1:9', ...base, '--report', spec])).stderr).toContain(
        `--report takes FORMAT=FILE with FORMAT one of text, json, junit, markdown, html (e.g. --report junit=audit.xml), got "${spec}".`,
      );
  });

  it('says so when nothing listens at the address', async () => {
    // A port that was free a moment ago (fetch refuses "bad ports" such as 9 before connecting).
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const result = await run([`http://127.0.0.1:${port}`, ...base]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `Nothing could be reached: Could not connect to http://127.0.0.1:${port} (GET /): nothing is listening there (connection refused).`,
    );
  });

  it('an app that logs in with JavaScript gets a message naming the profile fields, never a half-audit', async () => {
    const app = new Hono();
    app.get('*', (c) => c.html('<div id="root"></div><script src="/app.js"></script>'));
    const result = await run(['http://127.0.0.1:5000', ...base], {
      audit: { inner: inProcess(app.fetch, 'http://127.0.0.1:5000') },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'No login form found: none of /, /login, /signin, /accounts/login/, /users/sign_in, /auth/login has a <form> with one password input. An app that logs in with JavaScript (a single-page app) or through a JSON API cannot be discovered; write a profile instead, filling login.page, login.action, login.fields.username, login.fields.password, proof.page, logout.action, logout.method and cookies.session (start from the example in sandbox-server/labs/audit/README.md), and pass it with --profile FILE.',
    );
  });
});
