/**
 * The import rules of `npm run lint` really fire: the project's own ESLint configuration
 * (eslint.config.js, built for another root) runs on a planted repository with the same folder
 * names (test/fixtures/lint-imports), which the normal lint run ignores. Each planted mistake must
 * be reported by its rule, and nothing else may be.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { config } from '../eslint.config.js';

const root = fileURLToPath(new URL('./fixtures/lint-imports/', import.meta.url));

async function lint(): Promise<string[]> {
  // typescript-eslint's config type is ESLint's with looser language options: the same objects.
  const overrideConfig = config(root) as Linter.Config[];
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig });
  const results = await eslint.lintFiles(['.']);
  return results.flatMap((result) =>
    result.messages.map(
      (message) => `${relative(root, result.filePath)}: ${message.ruleId ?? message.message}`,
    ),
  );
}

describe('import rules (eslint.config.js)', () => {
  it('report backward imports and cycles, and let the allowed directions and type-only cycles through', async () => {
    const reported = await lint();
    expect(reported.sort()).toEqual(
      [
        // sandbox-server never imports src: a value, a type, or through a tsconfig path alias.
        'sandbox-server/uses-site.ts: import-x/no-restricted-paths',
        'sandbox-server/uses-site-types.ts: import-x/no-restricted-paths',
        'sandbox-server/by-alias.ts: import-x/no-restricted-paths',
        // src never imports scripts.
        'src/uses-script.ts: import-x/no-restricted-paths',
        // A two-file cycle, reported in both files; one closed by a dynamic import() too.
        'src/cycle-a.ts: import-x/no-cycle',
        'src/cycle-b.ts: import-x/no-cycle',
        'src/lazy-a.ts: import-x/no-cycle',
        'src/lazy-b.ts: import-x/no-cycle',
      ].sort(),
    );
  }, 120_000);
});
