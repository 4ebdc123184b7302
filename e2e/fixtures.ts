/**
 * Shared Playwright fixtures. Each worker starts the real web host in-process, on a random
 * loopback port, with a fresh temp data dir and work dir, serving the built renderer; each
 * test gets the tokened URL and a page already opened on it.
 *
 *   import { test, expect } from './fixtures';
 *   test('…', async ({ page, host }) => { … });
 *
 * Fixtures:
 *  - `staticDir` (worker option): what to serve; default `$WAYMARK_E2E_STATIC_DIR` or
 *    dist/renderer. Override with `test.use({ staticDir })`.
 *  - `nodeTypes` (worker option): `builtin` (default), or `test` for a host whose registry
 *    also has the test-only node types of test/fixtures/nodes (an embedder's host).
 *  - `host` (worker): `{ url, port, token, dataDir, workDir, service }`. `workDir` is where
 *    relative document paths (documents.save/open) resolve; it is removed afterwards.
 *  - `hostUrl`: the tokened page URL.
 *  - `pageErrors`: uncaught page errors, console errors and failed requests (with their
 *    paths) seen so far in this test; assert it is empty to catch CSP or asset breakage.
 *  - `page`: Playwright's page, already at `hostUrl`.
 */
import { test as base, expect } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApiService, type ApiService } from '../src-main/host/api-service';
import { memorySecretStore } from '../src-main/host/memory-secret-store';
import { appPaths } from '../src-main/host/paths';
import { startWebHost } from '../src-main/host/web-server';
import { testRegistry } from '../test/fixtures/nodes/registry';

export interface HostHandle {
  /** Page URL with `?token=`. */
  url: string;
  port: number;
  token: string;
  /** Recent files and other state (temp, per worker). */
  dataDir: string;
  /** Base for relative document paths (temp, per worker). */
  workDir: string;
  /** The host's API service: publish events or notices into the page from a test. */
  service: ApiService;
}

interface WorkerFixtures {
  staticDir: string;
  nodeTypes: 'builtin' | 'test';
  host: HostHandle;
}

interface TestFixtures {
  hostUrl: string;
  pageErrors: string[];
}

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_STATIC_DIR = process.env.WAYMARK_E2E_STATIC_DIR ?? appPaths(ROOT).rendererDir;

export const test = base.extend<TestFixtures, WorkerFixtures>({
  staticDir: [DEFAULT_STATIC_DIR, { scope: 'worker', option: true }],
  nodeTypes: ['builtin', { scope: 'worker', option: true }],

  host: [
    async ({ staticDir, nodeTypes }, use) => {
      if (!existsSync(path.join(staticDir, 'index.html'))) {
        throw new Error(`${staticDir}/index.html is missing: run \`npm run build:renderer\` before the e2e suite`);
      }
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'waymark-e2e-data-'));
      const workDir = await mkdtemp(path.join(os.tmpdir(), 'waymark-e2e-work-'));
      // As `npm run web` does: secrets entered in the editor are kept in the host's memory.
      const service = createApiService({
        dataDir,
        examplesDir: appPaths(ROOT).examplesDir,
        workspace: workDir,
        secretStore: memorySecretStore(),
        ...(nodeTypes === 'test' ? { registry: testRegistry() } : {}),
      });
      const host = await startWebHost({ port: 0, host: '127.0.0.1', staticDir, service });
      await use({ url: host.url, port: host.port, token: host.token, dataDir, workDir, service });
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(workDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],

  hostUrl: async ({ host }, use) => {
    await use(host.url);
  },

  pageErrors: async ({}, use) => {
    await use([]);
  },

  page: async ({ page, hostUrl, pageErrors }, use) => {
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Chromium's "Failed to load resource" omits the URL; the response hook below names it.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        pageErrors.push(`console.error: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) pageErrors.push(`http ${r.status()}: ${new URL(r.url()).pathname}`);
    });
    page.on('requestfailed', (r) =>
      pageErrors.push(`request failed: ${new URL(r.url()).pathname} (${r.failure()?.errorText ?? 'unknown'})`),
    );
    const res = await page.goto(hostUrl);
    if (!res?.ok()) throw new Error(`the web host answered ${res?.status()} for ${hostUrl}`);
    await use(page);
  },
});

export { expect };
