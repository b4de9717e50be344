import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests run in Debian's Chromium against the built site served by `astro preview`.
 * Never download a browser: CHROMIUM_PATH (default /usr/bin/chromium) must exist.
 */
const port = Number(process.env['E2E_PORT'] ?? 4322);
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  fullyParallel: true,
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
    // --ignore-lock: Astro 7 refuses a second preview of the same project (e.g. one a person left running).
    command: `npx astro preview --port ${port} --host 127.0.0.1 --ignore-lock`,
    url: `http://localhost:${port}/`,
    reuseExistingServer: !process.env['CI'],
    timeout: 60_000,
  },
});
