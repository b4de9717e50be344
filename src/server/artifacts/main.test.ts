/** The postbuild entry's command line: it refuses what it does not take before touching dist/. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

describe('node src/server/artifacts/main.ts', () => {
  it('exits 2 with the usage for an unknown option', () => {
    const result = run('--runtime-script', 'x.ts#y');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'deploy-artifacts: unknown option --runtime-script.\nUsage: node src/server/artifacts/main.ts [dist]\n',
    );
  });

  it('exits 2 for more than one folder', () => {
    const result = run('dist', 'other');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'deploy-artifacts: one dist folder, got 2.\nUsage: node src/server/artifacts/main.ts [dist]\n',
    );
  });
});
