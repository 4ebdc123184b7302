/**
 * Playwright config for the browser benchmarks only (`npm run bench -- canvas` runs it):
 * `*.pw.ts` here are never part of `npm test`'s e2e run, so the test suite has no
 * timing-sensitive spec. Same browser and flags as the e2e config.
 */
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: /.*\.pw\.ts$/,
  outputDir: '../e2e/artifacts/bench-results',
  timeout: 900_000,
  reporter: 'line',
  use: { ...base.use, trace: 'off', screenshot: 'off' },
});
