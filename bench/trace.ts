/**
 * `npm run bench -- trace`: the trace panel with 100,000 spans stays smooth. A synthetic
 * run with 100,000 spans is written to a run database; the web host serves it and the
 * built renderer in Chromium; the run is opened from History (its 150,000 events paged in
 * from storage) and the span list is scrolled continuously for a few seconds while frame
 * times are recorded. Baseline: the same scroll loop over the empty trace panel, in the same
 * browser on the same machine. Reported: p95 frame time ratio (goal ≤ 1.5) and long tasks.
 */
import { chromium, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiService } from '../src-main/host/api-service';
import { appPaths } from '../src-main/host/paths';
import { startWebHost } from '../src-main/host/web-server';
import { writeBigTrace } from './trace-fixture';

const SPANS = 100_000;
const ROOT = path.resolve(import.meta.dirname, '..');

interface Frames {
  p50: number;
  p95: number;
  max: number;
  frames: number;
  longTasks: number;
}

/**
 * The in-page measuring loop, as source text: tsx would wrap a function literal with
 * `__name` helpers that do not exist in the page. Scrolls `selector` by `step` px per frame
 * for `ms`, bouncing at the ends, and records frame intervals and long tasks.
 */
const SCROLL_LOOP = `({ selector, ms, step }) => new Promise((resolve) => {
  const el = document.querySelector(selector);
  let longTasks = 0;
  const obs = new PerformanceObserver((l) => { longTasks += l.getEntries().length; });
  obs.observe({ entryTypes: ['longtask'] });
  const times = [];
  let dir = 1;
  const start = performance.now();
  let last = start;
  const frame = (now) => {
    times.push(now - last);
    last = now;
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) dir = -1;
    else if (el.scrollTop <= 0) dir = 1;
    el.scrollTop += dir * step;
    if (now - start < ms) requestAnimationFrame(frame);
    else {
      obs.disconnect();
      const t = times.slice(3).sort((a, b) => a - b);
      const q = (p) => t[Math.min(t.length - 1, Math.floor(t.length * p))] ?? 0;
      resolve({ p50: q(0.5), p95: q(0.95), max: t[t.length - 1] ?? 0, frames: t.length, longTasks });
    }
  };
  requestAnimationFrame(frame);
})`;

async function scrollFrames(page: Page, selector: string, ms: number, step: number): Promise<Frames> {
  return (await page.evaluate(`(${SCROLL_LOOP})(${JSON.stringify({ selector, ms, step })})`)) as Frames;
}

export default async function benchTrace(): Promise<void> {
  const staticDir = process.env.WAYMARK_E2E_STATIC_DIR ?? appPaths(ROOT).rendererDir;
  if (!existsSync(path.join(staticDir, 'index.html')))
    throw new Error(`${staticDir}/index.html is missing: run \`npm run build:renderer\` first`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-trace-'));
  const dbPath = path.join(dir, 'waymark.db');
  let t = performance.now();
  writeBigTrace(dbPath, 'bench-trace-run', SPANS);
  const writeMs = performance.now() - t;
  const service = createApiService({
    dataDir: dir,
    dbPath,
    examplesDir: appPaths(ROOT).examplesDir,
    workspace: dir,
    log: () => {},
  });
  const host = await startWebHost({ port: 0, host: '127.0.0.1', staticDir, service });
  const browser = await chromium.launch({
    executablePath: process.env.WAYMARK_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    await page.getByTestId('start-new').click();
    await page.getByTestId('toggle-runs').click();
    await page.getByTestId('trace-empty').waitFor();
    // Baseline: the same loop over the empty panel (nothing to scroll, same page and browser).
    const empty = await scrollFrames(page, '.wm-runs__body', 4000, 600);

    await page.getByTestId('runs-tab-history').click();
    await page.getByLabel('Filter by workflow').selectOption('all');
    t = performance.now();
    await page.getByTestId('history-bench-trace-run').locator('.wm-hist__main').click();
    await page.getByTestId('trace-list').waitFor();
    // Every span paged in from storage: the list's row count reaches 100,000.
    const list = page.getByTestId('trace-list');
    for (const deadline = Date.now() + 120_000; Number(await list.getAttribute('data-count')) < SPANS;) {
      if (Date.now() > deadline)
        throw new Error(`the trace did not load: ${await list.getAttribute('data-count')} rows`);
      await page.waitForTimeout(100);
    }
    const loadMs = performance.now() - t;
    const full = await scrollFrames(page, '[data-testid="trace-list"]', 4000, 600);
    // For people: what 100,000 spans look like mid-scroll (e2e/artifacts is not committed).
    await page.locator('[data-kind="llm"]').first().click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(ROOT, 'e2e', 'artifacts', 'trace-100k.png') });
    const timelineBtn = page.getByTestId('view-timeline');
    await timelineBtn.click();
    const timeline = await scrollFrames(page, '[data-testid="trace-list"]', 3000, 600);

    const ratio = full.p95 / Math.max(1, empty.p95);
    const fmt = (f: Frames) =>
      `p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms, ${f.frames} frames, ${f.longTasks} long tasks`;
    console.log('\nTrace panel, 100,000 spans (frame times while scrolling, built renderer in Chromium)');
    console.log(
      `  fixture written            ${writeMs.toFixed(0)} ms (${SPANS.toLocaleString()} spans, ${(SPANS * 1.5).toLocaleString()} events)`,
    );
    console.log(`  opened + paged from storage ${loadMs.toFixed(0)} ms`);
    console.log(`  empty panel (baseline)     ${fmt(empty)}`);
    console.log(`  100k spans, tree           ${fmt(full)}`);
    console.log(`  100k spans, timeline       ${fmt(timeline)}`);
    console.log(`  frame-time ratio (p95, tree vs empty) ${ratio.toFixed(2)}  goal ≤ 1.50 ${ratio <= 1.5 ? '✓' : '✗'}`);
  } finally {
    await browser.close();
    await host.close();
    service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
