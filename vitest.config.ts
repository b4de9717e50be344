import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { completionsPlugin } from './src/lab/completions/build.ts';
import { labSourcesPlugin } from './src/lab/files/plugin.ts';

export default defineConfig({
  // virtual:lab-completions and the per-lab source modules, as the site build serves them (src/lab/completions, src/lab/files).
  plugins: [completionsPlugin(), labSourcesPlugin()],
  resolve: {
    // Learner files import sandbox modules as @sandbox/<module>, the same specifier every runtime maps.
    alias: { '@sandbox': fileURLToPath(new URL('./sandbox-server/src', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts', 'sandbox-server/**/*.test.ts', 'src/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 20_000,
    // Vitest's default is one worker fewer than the cores: a single worker on CI's 2 cores. Most of
    // the slow files wait on child processes and builds, so two workers halve the unit step
    // (240 s → 128 s measured on 2 cores) and keep .ci/run well inside its 15 minutes.
    maxWorkers: 2,
  },
});
