/**
 * The GitHub Actions example in README.md runs: its audit command, taken from the YAML as written,
 * goes through the CLI against a small app and writes a JUnit file and a Markdown summary at once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';
import { inProcess } from '../../checks/transport';
import { auditCommand } from './cli';

const README = readFileSync(new URL('README.md', import.meta.url), 'utf8');
const BASE = 'http://127.0.0.1:5000';

/** The arguments after `audit` of each folded `run: >` command in the workflow, up to `>>` or `||`. */
function workflowCommands(): string[][] {
  const lines = (/```yaml\n([\s\S]*?)```/.exec(README)?.[1] ?? '').split('\n');
  const indent = (line: string) => line.length - line.trimStart().length;
  const commands: string[][] = [];
  lines.forEach((line, i) => {
    if (line.trim() !== 'run: >') return;
    const folded: string[] = [];
    for (const next of lines.slice(i + 1)) {
      if (indent(next) <= indent(line)) break;
      folded.push(next.trim());
    }
    const words = folded.join(' ').split(/\s+/);
    const end = words.findIndex((word) => word === '>>' || word === '||');
    commands.push(words.slice(words.indexOf('audit') + 1, end === -1 ? undefined : end));
  });
  return commands;
}

function smallApp(): Hono {
  const app = new Hono();
  const form =
    '<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>';
  app.get('/login', (c) => c.html(form));
  app.get('/', (c) => c.redirect('/login'));
  app.post('/login', (c) => {
    setCookie(c, 'sid', crypto.randomUUID(), { httpOnly: true, sameSite: 'Lax', path: '/' });
    return c.redirect('/home', 303);
  });
  app.get('/home', (c) =>
    getCookie(c, 'sid') ? c.html('<p>alice</p><a href="/logout">Log out</a>') : c.redirect('/login'),
  );
  app.get('/logout', (c) => c.redirect('/login'));
  return app;
}

describe('README: the GitHub Actions example', () => {
  it('has one audit step writing the JUnit file and the job summary, which the CLI runs as written', async () => {
    const commands = workflowCommands();
    expect(commands).toHaveLength(1);
    const args = commands[0] ?? [];
    expect(args).toEqual([
      BASE,
      '--user',
      'alice',
      '--password-env',
      'APP_PASSWORD',
      '--report',
      'junit="$GITHUB_WORKSPACE/logout-audit.xml"',
      '--report',
      'markdown="$RUNNER_TEMP/logout-audit.md"',
    ]);
    expect(README).toContain('run: cat "$RUNNER_TEMP/logout-audit.md" >> "$GITHUB_STEP_SUMMARY"');
    expect(README).toContain('uses: actions/upload-artifact@v4');

    const dir = mkdtempSync(join(tmpdir(), 'audit-readme-'));
    try {
      const junitFile = join(dir, 'logout-audit.xml');
      const markdownFile = join(dir, 'logout-audit.md');
      // The shell's part: the variables expand and the quotes go.
      const expanded = args.map((a) =>
        a
          .replace('"$GITHUB_WORKSPACE/logout-audit.xml"', junitFile)
          .replace('"$RUNNER_TEMP/logout-audit.md"', markdownFile),
      );
      let stdout = '';
      const code = await auditCommand(expanded, {
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
        env: { APP_PASSWORD: 'pw' },
        colour: false,
        audit: { inner: inProcess(smallApp().fetch, BASE) },
      });
      // A logout that ends nothing fails LO-04: exit 1 fails the job, after both files are written.
      expect(code).toBe(1);
      expect(readFileSync(junitFile, 'utf8')).toMatch(
        /^<\?xml[\s\S]*<failure message="A copy of the session cookie still works/,
      );
      const summary = readFileSync(markdownFile, 'utf8');
      expect(summary.startsWith('## Logout audit of http\\://127.0.0.1:5000')).toBe(true);
      expect(summary).toContain('| LO-04 | ✘ fail | Old cookie replay is dead (server-side invalidation) |');
      // The log still shows the text report.
      expect(stdout).toContain('LO-04 Old cookie replay is dead');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
