import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

/**
 * The production server (`npm start`) over the built dist/, in Debian's Chromium: real headers,
 * real CSP, real cross-origin isolation. Run after `npm run build`: `npm run test:e2e:server`.
 */
const port = Number(process.env['E2E_SERVER_PORT'] ?? 4330);
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 90_000,
  workers: 2,
  reporter: process.env['CI'] ? 'line' : 'list',
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'node src/server/main.ts',
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    env: { PORT: String(port), HOST: '127.0.0.1' },
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
