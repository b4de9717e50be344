/**
 * The attack suite: each hostile submission in ./attacks is graded by `lab check --json` in the
 * sandbox. Contained means: the grader (this process) is alive, the canary beside the child's
 * bundle and the canary variable never reach the output, no marker file is written, and the
 * verdict is honest (never ok, exit 1 or 2 with JSON).
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { url as inspectorUrl } from 'node:inspector';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli';
import { childBundle } from '.';

const attacks = fileURLToPath(new URL('./attacks/', import.meta.url));
const secret = `canary-${Math.random().toString(36).slice(2)}`;
let beside = '';

beforeAll(async () => {
  beside = dirname(await childBundle());
  writeFileSync(join(beside, 'canary.txt'), secret);
  process.env.LOGOUT_LAB_CANARY = secret;
});

const markers = (name: string) => [
  join(beside, `pwned-${name}`),
  `/tmp/logout-lab-pwned-${name}`,
  `/tmp/logout-lab-pwned-${name}-dir`,
];

describe('attack suite: hostile submissions are contained', () => {
  it.each(readdirSync(attacks))('%s', { timeout: 120_000 }, async (name) => {
    for (const marker of markers(name)) rmSync(marker, { recursive: true, force: true });
    const out: string[] = [];
    const code = await main(['check', '3', '--dir', join(attacks, name), '--json'], {
      stdout: (t) => out.push(t),
      stderr: () => undefined,
      timeoutMs: 8000,
    });
    const text = out.join('\n');
    const report = JSON.parse(text) as {
      ok: boolean;
      results?: { status: string }[];
      error?: { message: string };
    };
    expect(report.ok).toBe(false);
    expect([1, 2]).toContain(code);
    if (code === 1)
      expect(report.results?.some((r) => r.status === 'fail' || r.status === 'error')).toBe(true);
    else expect(report.error?.message).toBeTruthy();
    expect(text).not.toContain(secret);
    expect(text).not.toContain('root:x:0:0');
    expect(text).not.toMatch(/ATTEMPT [^"]*: GOT (?!99)/);
    for (const marker of markers(name)) expect(existsSync(marker)).toBe(false);
    expect(inspectorUrl()).toBeUndefined();
    expect(process.exitCode ?? 0).toBe(0);
  });
});
