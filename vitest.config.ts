import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Learner files import sandbox modules as @sandbox/<module>, the same specifier every runtime maps.
    alias: { '@sandbox': fileURLToPath(new URL('./sandbox-server/src', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts', 'sandbox-server/**/*.test.ts', 'src/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 20_000,
  },
});
