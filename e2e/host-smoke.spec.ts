/**
 * Smoke test of the web host in a real browser: the tokened page loads under the strict
 * CSP, the page can reach the API over its WebSocket, and the API refuses a socket without
 * the token or from another origin (the token's life in the browser: host-token.spec.ts). Uses the built renderer when there is one, otherwise a minimal
 * page (so the host can be checked before the renderer exists).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const BUILT = path.resolve(import.meta.dirname, '..', 'dist', 'renderer');
if (!process.env.WAYMARK_E2E_STATIC_DIR && !existsSync(path.join(BUILT, 'index.html'))) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-smoke-'));
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><title>Waymark</title><link rel="icon" href="data:,"></head><body><main>Waymark</main></body></html>',
  );
  test.use({ staticDir: dir });
}

/** Runs one API call from inside the page, over the page's own WebSocket. */
async function callFromPage(page: Page, token: string, method: string, params: unknown): Promise<unknown> {
  return page.evaluate(
    ({ method, params, token }) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/api?token=${token}`);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, method, params }));
        ws.onmessage = (m) => {
          resolve(JSON.parse(String(m.data)));
          ws.close();
        };
        ws.onerror = () => reject(new Error('websocket failed'));
      }),
    { method, params, token },
  );
}

test('the tokened page loads under the strict CSP, and its WebSocket reaches the API', async ({
  page,
  host,
  pageErrors,
}) => {
  const res = await page.request.get(host.url);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page).toHaveTitle(/Waymark/);
  const reply = await callFromPage(page, host.token, 'spec.validate', { text: '{"specVersion": 1, "nodes": []}' });
  expect(reply).toMatchObject({
    id: 1,
    result: { ok: false, problems: expect.arrayContaining([expect.objectContaining({ path: '$.id' })]) },
  });
  expect(pageErrors).toEqual([]);
});

test('without the token, or with a wrong one, the API socket is refused', async ({ page, host }) => {
  const outcome = (query: string) =>
    page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      `ws://127.0.0.1:${host.port}/api${query}`,
    );
  expect(await outcome('')).toBe('refused');
  expect(await outcome(`?token=${'0'.repeat(64)}`)).toBe('refused');
  expect(await outcome(`?token=${host.token}`)).toBe('open');
});

test('a page from another origin cannot open the API socket, even knowing the token', async ({ browser, host }) => {
  const evil = createServer((_req, res) => res.end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  const address = evil.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const outcome = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    `ws://127.0.0.1:${host.port}/api?token=${host.token}`,
  );
  expect(outcome).toBe('refused');
  await context.close();
  evil.close();
});
