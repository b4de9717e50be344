import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

type WebServer = Exclude<NonNullable<typeof base.webServer>, readonly unknown[]>;

/**
 * `npm run screenshots`: the lab workbench as a learner sees it, in light and dark, at 1280×800 and
 * 390×844, written to screenshots/ (not committed). Same browser and server as the e2e tests
 * (Debian's Chromium against the built site); run `npm run build` first.
 */
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.spec.ts',
  reporter: 'list',
  // Each picture is independent; the default 60 s covers a cold lab start.
  fullyParallel: true,
  // astro preview serves the repository's dist/, not one next to this file.
  webServer: {
    ...(base.webServer as WebServer),
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  },
});
