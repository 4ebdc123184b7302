/**
 * Canvas frame times while panning and dragging, at 100, 500 and 1,000 steps, against the
 * empty-canvas baseline, on the production build in headless Chromium. Prints a table and
 * fails only if 1,000 steps are grossly slower than the baseline (headless, software-
 * rendered timings are noisy; the ratios are the point).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openSpecFile } from './editor-helpers';

// Tracing snapshots the whole DOM after every input action, which would be measured too.
test.use({ trace: 'off', screenshot: 'off' });

function bigSpec(n: number): string {
  const cols = Math.ceil(Math.sqrt(n * 2));
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
  return JSON.stringify({ specVersion: 1, id: `big-${n}`, name: `Big ${n}`, nodes, edges });
}

/** Mean and p95 frame interval (ms) while `action` runs. */
async function frameTimes(page: Page, action: () => Promise<void>): Promise<{ mean: number; p95: number }> {
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
  const mean = frames.reduce((a, b) => a + b, 0) / Math.max(1, frames.length);
  return { mean, p95: frames[Math.floor(frames.length * 0.95)] ?? mean };
}

async function panAndDrag(page: Page): Promise<void> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  // Pan: drag the background.
  await page.mouse.move(box.x + box.width - 60, box.y + 40);
  await page.mouse.down();
  for (let i = 0; i < 40; i++) await page.mouse.move(box.x + box.width - 60 - i * 8, box.y + 40 + i * 4);
  await page.mouse.up();
  // Drag a step.
  const node = page.locator('.react-flow__node-step').first();
  const nb = await node.boundingBox();
  if (nb) {
    await page.mouse.move(nb.x + 20, nb.y + 10);
    await page.mouse.down();
    for (let i = 0; i < 40; i++) await page.mouse.move(nb.x + 20 + i * 4, nb.y + 10 + i * 2);
    await page.mouse.up();
  }
}

test('canvas frame times at 100, 500 and 1,000 steps vs the empty canvas', async ({ page, host }) => {
  test.setTimeout(180_000);
  await page.getByTestId('start-new').click();
  await page.getByTestId('palette-start').click(); // something to drag in the baseline
  const baseline = await frameTimes(page, () => panAndDrag(page));
  const rows = [{ steps: 0, ...baseline, ratio: 1 }];
  for (const n of [100, 500, 1000]) {
    page.once('dialog', (d) => void d.accept());
    const t0 = Date.now();
    await openSpecFile(page, host.workDir, `big-${n}.waymark.json`, bigSpec(n), 60_000);
    console.log(`opened ${n} steps in ${Date.now() - t0} ms`);
    await expect(page.getByTestId('doc-name')).toHaveText(`Big ${n}`);
    await page.waitForTimeout(500);
    const t = await frameTimes(page, () => panAndDrag(page));
    rows.push({ steps: n, ...t, ratio: t.mean / baseline.mean });
  }
  console.log('\ncanvas frame time while panning and dragging (headless Chromium, production build)');
  console.log('steps   mean ms   p95 ms   × empty');
  for (const r of rows)
    console.log(
      `${String(r.steps).padStart(5)}   ${r.mean.toFixed(1).padStart(7)}   ${r.p95.toFixed(1).padStart(6)}   ${r.ratio.toFixed(2).padStart(7)}`,
    );
  expect(rows.at(-1)?.ratio ?? 0).toBeLessThan(8);
});
