/**
 * Canvas benchmark (run by `npm run bench -- canvas`, not by `npm test`): the production
 * build in headless Chromium through the real web host, every figure a ratio against the
 * empty canvas measured in the same run, or a count. Prints one table (bench/canvas.ts
 * passes the lines starting with `| ` through). Nothing is asserted: goals are reported.
 *
 * - open: Open clicked → the steps drawn (the file is local; reading it is ~ms), ms.
 * - pan / zoom / drag p95 frame interval, with the whole graph in view (fit) and at a
 *   readable zoom (the `full` look), × the empty canvas' p95 for the same gesture.
 * - the longest main-thread task during auto-layout (a `longtask` PerformanceObserver), ms.
 * - whether the minimum zoom fits a 1,000-step chain laid out in one row.
 * - 5,000 steps: open, pan p95.
 */
import type { Page } from '@playwright/test';
import { openSpecFile } from '../e2e/editor-helpers';
import { expect, test } from '../e2e/fixtures';

type Layout = 'grid' | 'row';

function bigSpec(n: number, layout: Layout = 'grid'): string {
  const cols = layout === 'row' ? n : Math.ceil(Math.sqrt(n * 2));
  const nodes = Array.from({ length: n }, (_, i) => {
    const type = i === 0 ? 'start' : i === n - 1 ? 'end' : 'transform';
    return {
      id: `n${i}`,
      type,
      name: `Step ${i}`,
      position: { x: (i % cols) * 300, y: Math.floor(i / cols) * 160 },
      config: type === 'transform' ? { expression: `prev + ${i}` } : {},
    };
  });
  const edges = nodes.slice(1).map((node, i) => ({ id: `e${i + 1}`, source: `n${i}`, target: node.id, kind: 'next' }));
  return JSON.stringify({ specVersion: 1, id: `big-${n}-${layout}`, name: `Big ${n} ${layout}`, nodes, edges });
}

/** p95 frame interval (ms) while `action` runs. */
async function p95(page: Page, action: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await action();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(2);
  });
  frames.sort((a, b) => a - b);
  return frames[Math.floor(frames.length * 0.95)] ?? frames.at(-1) ?? 0;
}

async function canvasBox(page: Page) {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  return box;
}

const gestures = {
  async pan(page: Page) {
    const box = await canvasBox(page);
    // Press on the background near the top-right corner (the minimap sits bottom-right).
    await page.mouse.move(box.x + box.width - 40, box.y + 30);
    await page.mouse.down();
    for (let i = 0; i < 40; i++) await page.mouse.move(box.x + box.width - 40 - i * 8, box.y + 30 + i * 4);
    await page.mouse.up();
  },
  async zoom(page: Page) {
    const box = await canvasBox(page);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down('Control');
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? -40 : 40);
    await page.keyboard.up('Control');
  },
  async drag(page: Page) {
    const node = page.locator('.react-flow__node-step').first();
    const nb = await node.boundingBox();
    if (!nb) return;
    await page.mouse.move(nb.x + Math.min(20, nb.width / 2), nb.y + Math.min(10, nb.height / 2));
    await page.mouse.down();
    for (let i = 0; i < 40; i++) await page.mouse.move(nb.x + 20 + i * 4, nb.y + 10 + i * 2);
    await page.mouse.up();
  },
};
type Gesture = keyof typeof gestures;

async function measureAll(page: Page): Promise<Record<Gesture, number>> {
  const out = {} as Record<Gesture, number>;
  for (const g of Object.keys(gestures) as Gesture[]) out[g] = await p95(page, () => gestures[g](page));
  // Undo the drag so the next view is the same graph.
  await page.keyboard.press('Control+Z');
  return out;
}

async function open(page: Page, dir: string, n: number, layout: Layout = 'grid'): Promise<number> {
  page.once('dialog', (d) => void d.accept());
  const t0 = Date.now();
  await openSpecFile(page, dir, `big-${n}-${layout}.waymark.json`, bigSpec(n, layout), 120_000);
  await expect(page.getByTestId('doc-name')).toHaveText(`Big ${n} ${layout}`, { timeout: 120_000 });
  await expect(page.locator('.react-flow__node-step').first()).toBeVisible({ timeout: 120_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return Date.now() - t0;
}

async function fit(page: Page) {
  await page.locator('.wm-controls').getByRole('button', { name: 'Fit view' }).click();
  await page.waitForTimeout(400);
}

async function toReadable(page: Page) {
  const canvas = page.getByTestId('canvas');
  for (let i = 0; i < 30 && (await canvas.getAttribute('data-zoom-level')) !== 'full'; i++)
    await page.locator('.wm-controls').getByRole('button', { name: 'Zoom In' }).click();
  await page.waitForTimeout(300);
}

async function zoomNow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const vp = document.querySelector('.react-flow__viewport') as HTMLElement;
    return Number(/scale\(([^)]+)\)/.exec(vp.style.transform)?.[1] ?? 'NaN');
  });
}

/** Longest main-thread task (ms) from clicking Auto-layout until it has been applied. */
async function layoutBlock(page: Page): Promise<{ longest: number; total: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __obs: PerformanceObserver };
    w.__long = [];
    w.__obs = new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration)));
    w.__obs.observe({ type: 'longtask', buffered: false });
  });
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await expect(page.getByTestId('layout-progress')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('layout-progress')).toBeHidden({ timeout: 600_000 });
  await page.waitForTimeout(800); // the apply and the re-fit
  const total = Date.now() - t0;
  const longs = await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __obs: PerformanceObserver };
    w.__obs.disconnect();
    return w.__long;
  });
  return { longest: Math.max(0, ...longs), total };
}

test('canvas at 1,000 and 5,000 steps vs the empty canvas', async ({ page, host }) => {
  const rows: string[] = [];
  const row = (...cells: (string | number)[]) => rows.push(`| ${cells.join(' | ')} |`);
  const ratio = (v: number, base: number) => `${v.toFixed(1)} ms (×${(v / base).toFixed(2)})`;

  await page.getByTestId('start-new').click();
  await page.getByTestId('palette-start').click(); // something to drag in the baseline
  const empty = await measureAll(page);
  row(
    'empty canvas',
    '—',
    `pan ${empty.pan.toFixed(1)} ms`,
    `zoom ${empty.zoom.toFixed(1)} ms`,
    `drag ${empty.drag.toFixed(1)} ms`,
  );

  const opened1000 = await open(page, host.workDir, 1000);
  await fit(page);
  const whole = await measureAll(page);
  row(
    '1,000 steps, whole graph in view',
    `open ${opened1000} ms`,
    `pan ${ratio(whole.pan, empty.pan)}`,
    `zoom ${ratio(whole.zoom, empty.zoom)}`,
    `drag ${ratio(whole.drag, empty.drag)}`,
  );
  await toReadable(page);
  const readable = await measureAll(page);
  row(
    '1,000 steps, readable zoom',
    '—',
    `pan ${ratio(readable.pan, empty.pan)}`,
    `zoom ${ratio(readable.zoom, empty.zoom)}`,
    `drag ${ratio(readable.drag, empty.drag)}`,
  );
  const block = await layoutBlock(page);
  row(
    '1,000 steps, auto-layout',
    `done in ${block.total} ms`,
    `longest main-thread task ${block.longest.toFixed(0)} ms`,
    '—',
    '—',
  );

  await open(page, host.workDir, 1000, 'row');
  await fit(page);
  const z = await zoomNow(page);
  const inView = await page.evaluate(() => {
    const c = document.querySelector('.wm-canvas .react-flow')!.getBoundingClientRect();
    const steps = [...document.querySelectorAll('.react-flow__node-step')].map((e) => e.getBoundingClientRect());
    return steps.length > 0 && steps.every((r) => r.left >= c.left - 1 && r.right <= c.right + 1);
  });
  row(
    '1,000-step chain in one row',
    `fit zoom ${z.toPrecision(2)}`,
    `whole chain in view: ${inView ? 'yes' : 'no'}`,
    '—',
    '—',
  );

  const opened5000 = await open(page, host.workDir, 5000);
  await fit(page);
  const pan5000 = await p95(page, () => gestures.pan(page));
  row('5,000 steps, whole graph in view', `open ${opened5000} ms`, `pan ${ratio(pan5000, empty.pan)}`, '—', '—');

  console.log('\n| canvas (p95 frame interval, × the empty canvas) | open / figure | pan | zoom | drag |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
});
