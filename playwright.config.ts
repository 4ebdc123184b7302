/**
 * Playwright drives the web build (the same renderer and backend as the desktop app) in
 * Debian's Chromium, never a downloaded browser. Each worker starts its own web host
 * in-process (see e2e/fixtures.ts); nothing here builds the renderer: run
 * `npm run build:renderer` first (CI does).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/test-results',
  // 2-core machines: one browser at a time keeps timings (and the canvas benchmark) honest.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.WAYMARK_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
