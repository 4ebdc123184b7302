/**
 * Crash recovery from the UI: a live run is mid-request (a slow loopback service) when the
 * backend is killed — host and database closed, nothing finished or cancelled. A new
 * backend on the same data dir lists the run as interrupted at start; Resume continues it
 * from its last checkpoint on the spec snapshot it ran with, and it completes. The service
 * sees the in-flight request again with the same idempotency key, and nothing before it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApiService } from '../src-main/host/api-service';
import { appPaths } from '../src-main/host/paths';
import { startWebHost } from '../src-main/host/web-server';
import { openSpecFile } from './editor-helpers';
import { expect, test } from './fixtures';
import { nodeState, shot, startRun } from './run-helpers';

test.use({ actionTimeout: 20_000 });

function slowService(delayMs: number) {
  const seen: { path: string; key: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', key: req.headers['idempotency-key'] as string | undefined });
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, n: seen.length }));
    }, delayMs);
  });
  return new Promise<{ url: string; seen: typeof seen; close(): void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => server.close() }),
    ),
  );
}

function flow(baseUrl: string) {
  return {
    specVersion: 1,
    id: 'slow-flow',
    name: 'Slow lookup',
    connectors: { svc: { kind: 'http', baseUrl, risk: 'read' } },
    nodes: [
      { id: 'start', type: 'start', name: 'Start', position: { x: 0, y: 0 } },
      {
        id: 'fetch',
        type: 'tool',
        name: 'Slow lookup',
        position: { x: 280, y: 0 },
        config: { connector: 'svc', method: 'GET', path: '/slow' },
      },
      {
        id: 'shape',
        type: 'transform',
        name: 'Shape',
        position: { x: 560, y: 0 },
        config: { expression: '{ "ok": nodes.fetch.ok }' },
      },
      { id: 'end', type: 'end', name: 'End', position: { x: 840, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'fetch' },
      { id: 'e2', source: 'fetch', target: 'shape' },
      { id: 'e3', source: 'shape', target: 'end' },
    ],
  };
}

test('kill the backend during a run, restart it, resume from the UI', async ({ page, staticDir, pageErrors }) => {
  const svc = await slowService(2500);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'waymark-crash-data-'));
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'waymark-crash-work-'));
  const backend = async () => {
    const service = createApiService({
      dataDir,
      dbPath: path.join(dataDir, 'waymark.db'),
      examplesDir: appPaths(path.resolve(import.meta.dirname, '..')).examplesDir,
      workspace: workDir,
      log: () => {},
    });
    const host = await startWebHost({ port: 0, host: '127.0.0.1', staticDir, service });
    return { service, host };
  };
  let b = await backend();
  try {
    await page.goto(b.host.url);
    await page.getByTestId('start-new').click();
    await openSpecFile(page, workDir, 'slow.waymark.json', JSON.stringify(flow(svc.url)));
    const runId = await startRun(page, {}, false);
    await expect(nodeState(page, 'fetch')).toHaveAttribute('data-status', 'running');
    await expect.poll(() => svc.seen.length).toBe(1);

    // The backend dies with the request in flight.
    await b.host.close();
    b.service.close();
    b = await backend();

    // Start again: the run is offered for resuming.
    await page.goto(b.host.url);
    const banner = page.getByTestId('interrupted-runs');
    await expect(banner).toContainText('Slow lookup');
    await shot(page, 'interrupted-light');
    await banner.getByTestId(`resume-${runId}`).click();
    await expect(page.getByTestId('snapshot-canvas')).toBeVisible();
    await expect(page.getByTestId('run-summary').getByTestId('run-status')).toHaveText('completed', {
      timeout: 15_000,
    });
    await expect(nodeState(page, 'shape')).toHaveAttribute('data-status', 'succeeded');
    await expect(page.locator('[data-kind="resume"]')).toHaveCount(1);
    await expect(banner).toBeHidden();
    await page.getByTestId('view-timeline').click();
    await page.locator('[data-kind="http"]').last().click();
    await shot(page, 'timeline-resumed-light');

    // The in-flight request was delivered again with the same key; nothing else repeated.
    expect(svc.seen.map((s) => s.path)).toEqual(['/slow', '/slow']);
    expect(new Set(svc.seen.map((s) => s.key)).size).toBe(1);
    expect(svc.seen[0]?.key).toBe(`wm-${runId}-1`);
    expect(pageErrors.filter((e) => !/websocket|request failed|ERR_CONNECTION/i.test(e))).toEqual([]);
  } finally {
    await b.host.close();
    b.service.close();
    svc.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  }
});
