/**
 * Legible at every zoom: the fit view of every shipped example, at 1280 and 1440 px, shows
 * each step's name at ≥ 11 px on screen and unclipped (the overview look); handles sit
 * input left-centre, outputs right; auto-layout (ELK in a worker, production build)
 * re-fits the view, leaves no overlap, draws ELK's routes with labels off the steps, and
 * shows its progress at 1,000 steps. Screenshots (light and dark) go to e2e/artifacts/.
 */
import type { Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { exportedText, openSpecFile } from './editor-helpers';

const ART = path.resolve(import.meta.dirname, 'artifacts');
const EXAMPLES = readdirSync(path.resolve(import.meta.dirname, '..', 'resources', 'examples'))
  .filter((f) => f.endsWith('.waymark.json'))
  .map((f) => f.replace(/\.waymark\.json$/, ''));
const MIN_NAME_PX = 11;

interface NameReading {
  id: string;
  name: string;
  shown: string;
  px: number;
  clipped: boolean;
}

/** Every rendered step's name: its on-screen type size and whether it is clipped. */
async function readNames(page: Page): Promise<{ zoom: number; level: string; names: NameReading[] }> {
  return page.evaluate(() => {
    const vp = document.querySelector('.react-flow__viewport') as HTMLElement;
    const zoom = Number(/scale\(([^)]+)\)/.exec(vp.style.transform)?.[1] ?? 'NaN');
    const level = document.querySelector('[data-testid="canvas"]')?.getAttribute('data-zoom-level') ?? '';
    const names = [...document.querySelectorAll<HTMLElement>('.react-flow__node-step')].map((n) => {
      const nameEl = n.querySelector<HTMLElement>('.wm-ov__name, .wm-node__name') as HTMLElement;
      const box = nameEl.closest<HTMLElement>('.wm-ov__face') ?? nameEl;
      return {
        id: n.getAttribute('data-id') ?? '',
        name: n.getAttribute('aria-label') ?? '',
        shown: nameEl.textContent ?? '',
        px: parseFloat(getComputedStyle(nameEl).fontSize) * zoom,
        clipped: box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight + 1,
      };
    });
    return { zoom, level, names };
  });
}

for (const width of [1280, 1440]) {
  test(`every shipped example is legible at fit view at ${width} px (light and dark)`, async ({ page, pageErrors }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 900 });
    for (const ex of EXAMPLES) {
      await page.goto(page.url());
      await page.getByTestId(`example-${ex}`).click();
      await expect(page.locator('.react-flow__node-step').first()).toBeVisible();
      // The fit view is applied on the next frame; wait for the look it lands in.
      await expect.poll(async () => (await readNames(page)).zoom).toBeLessThan(1);
      await page.waitForTimeout(300);
      const r = await readNames(page);
      expect(r.names.length, ex).toBeGreaterThan(5);
      for (const n of r.names) {
        expect(
          n.px,
          `${ex} at ${width}px: "${n.shown}" is ${n.px.toFixed(1)} px on screen (zoom ${r.zoom.toFixed(3)})`,
        ).toBeGreaterThanOrEqual(MIN_NAME_PX);
        expect(n.clipped, `${ex} at ${width}px: "${n.shown}" is clipped`).toBe(false);
        expect(n.name.startsWith(n.shown), `${ex}: the whole name is shown`).toBe(true);
      }
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: path.join(ART, `legible-${ex}-${width}-${scheme}.png`) });
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
    expect(pageErrors).toEqual([]);
  });
}

/** A workflow whose steps all sit on top of each other: start → decide (yes/no) → … → end. */
function tangledSpec(n: number): string {
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    type: i === 0 ? 'start' : i === n - 1 ? 'end' : i % 5 === 1 ? 'decision' : 'transform',
    name: i === 0 ? 'Start' : i === n - 1 ? 'Done' : `Step ${i}`,
    position: { x: (i % 3) * 40, y: (i % 4) * 30 },
    config:
      i % 5 === 1 && i !== n - 1
        ? { rules: [{ when: 'true', branch: 'yes' }], defaultBranch: 'no' }
        : i === 0 || i === n - 1
          ? {}
          : { expression: `prev + ${i}` },
  }));
  const edges: object[] = [];
  for (let i = 1; i < n; i++) {
    const src = nodes[i - 1]!;
    if (src.type === 'decision') {
      edges.push({ id: `e${i}`, source: src.id, target: `n${i}`, kind: 'branch', branch: 'yes' });
      if (i + 1 < n) edges.push({ id: `f${i}`, source: src.id, target: `n${i + 1}`, kind: 'branch', branch: 'no' });
    } else edges.push({ id: `e${i}`, source: src.id, target: `n${i}`, kind: 'next' });
  }
  return JSON.stringify({ specVersion: 1, id: `tangled-${n}`, name: `Tangled ${n}`, nodes, edges });
}

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Clicks the zoom control, as a person does, until the canvas shows the `level` look. */
async function zoomTo(page: Page, level: 'full' | 'overview'): Promise<void> {
  const button = page.getByRole('button', { name: level === 'full' ? 'Zoom In' : 'Zoom Out' });
  const canvas = page.getByTestId('canvas');
  for (let i = 0; i < 16 && (await canvas.getAttribute('data-zoom-level')) !== level; i++) {
    await button.click();
    await page.waitForTimeout(120);
  }
  await expect(canvas).toHaveAttribute('data-zoom-level', level);
}

async function autoLayout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Auto-layout' }).click();
}

test('input handle on the left centre, outputs on the right, at full and overview zoom', async ({ page, host }) => {
  await page.getByTestId('start-new').click();
  await openSpecFile(page, host.workDir, 'handles.waymark.json', tangledSpec(4));
  await autoLayout(page);
  await expect(page.locator('.wm-edge-path.is-routed')).toHaveCount(4);
  for (const want of ['full', 'overview'] as const) {
    await zoomTo(page, want);
    const decide = page.getByTestId('node-n1');
    await expect(decide).toHaveAttribute('data-zoom-level', want);
    const nb = (await decide.boundingBox())!;
    const inp = (await decide.locator('.wm-handle--in').boundingBox())!;
    expect(Math.abs(inp.x + inp.width / 2 - nb.x), `${want}: input on the left edge`).toBeLessThan(5);
    expect(Math.abs(inp.y + inp.height / 2 - (nb.y + nb.height / 2)), `${want}: input at mid-height`).toBeLessThan(3);
    for (const port of ['branch:yes', 'branch:no']) {
      const h = (await page.getByTestId(`handle-n1-${port}`).boundingBox())!;
      expect(Math.abs(h.x + h.width / 2 - (nb.x + nb.width)), `${want}: ${port} on the right edge`).toBeLessThan(5);
    }
    // Every edge leaves its source to the right and enters its target from the left (no U-turns).
    const paths = await page
      .locator('.react-flow__edge-path')
      .evaluateAll((els) => els.map((e) => (e.getAttribute('d') ?? '').match(/-?\d+(\.\d+)?/g)!.map(Number)));
    for (const p of paths) expect(p[p.length - 2]!).toBeGreaterThan(p[0]!);
  }
});

test('auto-layout routes edges around steps with labels off them, and a moved step lets go of its routes', async ({
  page,
  host,
}) => {
  await page.getByTestId('start-new').click();
  await openSpecFile(page, host.workDir, 'tangled-12.waymark.json', tangledSpec(12));
  await autoLayout(page);
  const edges = page.locator('.react-flow__edge');
  const total = await edges.count();
  await expect(page.locator('.wm-edge-path.is-routed')).toHaveCount(total);
  // Drag a step well away: its edges fall back to the generic path, the others keep their routes.
  const own = await page
    .locator('.react-flow__edge')
    .evaluateAll((els) => els.filter((e) => /from n3 to|to n3(\s|$)/.test(e.getAttribute('aria-label') ?? '')).length);
  expect(own).toBe(3);
  const step = page.getByTestId('node-n3');
  const b = (await step.boundingBox())!;
  await page.mouse.move(b.x + 30, b.y + 12);
  await page.mouse.down();
  await page.mouse.move(b.x + 30, b.y + 260, { steps: 10 });
  await page.mouse.up();
  await expect(page.locator('.wm-edge-path.is-routed')).toHaveCount(total - own);
  // Undo puts the step back where the layout put it: its edges take their routes again.
  await page.keyboard.press('Control+Z');
  await expect(page.locator('.wm-edge-path.is-routed')).toHaveCount(total);

  // Zoom in to where labels show, then check none sits on a step.
  await zoomTo(page, 'full');
  const labels = await page
    .locator('.wm-edge-label')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as Box));
  const steps = await page
    .locator('.react-flow__node-step')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as Box));
  expect(labels.length).toBeGreaterThan(0);
  for (const l of labels) for (const s of steps) expect(overlap(l, s)).toBe(false);
  // Routed edges do not cross any step (sampled along each path).
  const crossings = await page.evaluate(() => {
    const stepRects = [...document.querySelectorAll('.react-flow__node-step')].map((e) => e.getBoundingClientRect());
    let hits = 0;
    for (const p of document.querySelectorAll<SVGPathElement>('.wm-edge-path.is-routed')) {
      const len = p.getTotalLength();
      const m = p.getScreenCTM()!;
      for (let d = 12; d < len - 12; d += 6) {
        const pt = p.getPointAtLength(d).matrixTransform(m);
        if (stepRects.some((r) => pt.x > r.left + 2 && pt.x < r.right - 2 && pt.y > r.top + 2 && pt.y < r.bottom - 2))
          hits++;
      }
    }
    return hits;
  });
  expect(crossings).toBe(0);
});

test('auto-layout at 1,000 steps runs off the main thread with progress, re-fits and leaves no overlap (production build)', async ({
  page,
  host,
  pageErrors,
}) => {
  test.setTimeout(240_000);
  await page.getByTestId('start-new').click();
  await openSpecFile(page, host.workDir, 'tangled-1000.waymark.json', tangledSpec(1000), 60_000);
  await expect(page.getByTestId('doc-name')).toHaveText('Tangled 1000');
  await autoLayout(page);
  await expect(page.getByTestId('layout-progress')).toBeVisible();
  await expect(page.getByTestId('layout-progress')).toContainText('1,000 steps');
  // While ELK works in its worker the page still answers: a frame gets painted.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await expect(page.getByTestId('layout-progress')).toBeHidden({ timeout: 180_000 });
  await page.waitForTimeout(600); // the re-fit animates for 300 ms
  const spec = JSON.parse(await exportedText(page)) as { nodes: { id: string; position: { x: number; y: number } }[] };
  const boxes = spec.nodes.map((n) => ({ ...n.position, width: 240, height: 76 }));
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i]!, boxes[j]!)) overlaps++;
  expect(overlaps).toBe(0);
  // Re-fitted: the whole laid-out workflow is inside the canvas.
  const fit = await page.evaluate((b) => {
    const vp = document.querySelector('.react-flow__viewport') as HTMLElement;
    const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.e]+)\)/.exec(vp.style.transform)!;
    const [tx, ty, z] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const c = document.querySelector('.wm-canvas .react-flow') as HTMLElement;
    const xs = b.map((r) => r.x);
    const ys = b.map((r) => r.y);
    const left = Math.min(...xs) * z + tx;
    const right = (Math.max(...xs) + 240) * z + tx;
    const top = Math.min(...ys) * z + ty;
    const bottom = (Math.max(...ys) + 76) * z + ty;
    return { left, right, top, bottom, w: c.clientWidth, h: c.clientHeight };
  }, boxes);
  expect(fit.left).toBeGreaterThanOrEqual(-1);
  expect(fit.top).toBeGreaterThanOrEqual(-1);
  expect(fit.right).toBeLessThanOrEqual(fit.w + 1);
  expect(fit.bottom).toBeLessThanOrEqual(fit.h + 1);
  // Fills the canvas (one way or the other), not a speck in it.
  expect(Math.max((fit.right - fit.left) / fit.w, (fit.bottom - fit.top) / fit.h)).toBeGreaterThan(0.6);
  await page.screenshot({ path: path.join(ART, 'legible-1000-laid-out.png') });
  expect(pageErrors).toEqual([]);
});
