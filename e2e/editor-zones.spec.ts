/**
 * Zones are regions, in a real browser: dragging a member to the zone's edge grows the zone,
 * a resize stops at the zone's steps (and says so), a step dropped at a zone's edge joins it
 * and the zone grows around it. Screenshots of the shipped examples at fit view (1280 and
 * 1440 px, light and dark) show every zone around the steps it governs.
 */
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rectContains, stepBox, zoneRect } from '../shared/spec/geometry';
import { SpecSchema, type WorkflowSpec } from '../shared/spec/schema';
import { dropFromPalette, exportedText, node, openSpecFile, problemsSettled } from './editor-helpers';
import { expect, test } from './fixtures';

test.use({ actionTimeout: 20_000 });

const ART = path.resolve(import.meta.dirname, 'artifacts');
const EXAMPLES = path.resolve(import.meta.dirname, '..', 'resources', 'examples');
const example = (name: string): WorkflowSpec =>
  SpecSchema.parse(JSON.parse(readFileSync(path.join(EXAMPLES, `${name}.waymark.json`), 'utf8')));

/** start → "Pay supplier" (in zone "Money") → end; the zone fits its one member snugly. */
const SPEC = {
  specVersion: 1,
  id: 'zones-e2e',
  name: 'Zones',
  zones: [
    {
      id: 'money',
      name: 'Money',
      color: '#e5734a',
      position: { x: 300, y: 20 },
      size: { width: 320, height: 200 },
      policy: { unattended: ['read'], approval: ['financial'], forbidden: [] },
    },
  ],
  nodes: [
    { id: 'start', type: 'start', typeVersion: 1, name: 'Start', position: { x: 0, y: 100 }, config: {} },
    {
      id: 'pay',
      type: 'transform',
      typeVersion: 1,
      name: 'Pay supplier',
      position: { x: 340, y: 100 },
      zone: 'money',
      config: { expression: 'input' },
    },
    { id: 'end', type: 'end', typeVersion: 1, name: 'Done', position: { x: 760, y: 100 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'pay', kind: 'next' },
    { id: 'e2', source: 'pay', target: 'end', kind: 'next' },
  ],
};

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
}

/** Screen rectangle `inner` lies inside `outer` (1 px of rounding allowed). */
function inside(outer: { x: number; y: number; width: number; height: number }, inner: typeof outer): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}

async function exported(page: Page): Promise<WorkflowSpec> {
  return SpecSchema.parse(JSON.parse(await exportedText(page)));
}

/** Every member of every zone is inside the zone's rectangle, as exported. */
function membersOutside(spec: WorkflowSpec): string[] {
  return spec.nodes
    .filter((n) => {
      const z = spec.zones.find((x) => x.id === n.zone);
      return z && !rectContains(zoneRect(spec, z), stepBox(n.id, n.position));
    })
    .map((n) => n.name);
}

async function openZones(page: Page, workDir: string, name: string) {
  await page.getByTestId('start-new').click();
  await openSpecFile(page, workDir, name, JSON.stringify(SPEC));
  await expect(node(page, 'pay')).toBeVisible();
  await problemsSettled(page);
}

test('dragging a member to the zone edge grows the zone around it', async ({ page, host, pageErrors }) => {
  await openZones(page, host.workDir, 'zones-drag.waymark.json');
  const zone = page.getByTestId('zone-money');
  const z0 = await box(zone);
  const n0 = await box(node(page, 'pay'));
  expect(inside(z0, n0)).toBe(true);

  // Grab the step by its title and drag it right until it hangs over the zone's border (its centre still inside).
  const dx = z0.x + z0.width - (n0.x + n0.width / 2) - n0.width * 0.1;
  const grab = { x: n0.x + 40, y: n0.y + 16 };
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(grab.x + dx / 2, grab.y, { steps: 6 });
  await page.mouse.move(grab.x + dx, grab.y + 20, { steps: 6 });
  await page.mouse.up();

  const n1 = await box(node(page, 'pay'));
  expect(n1.x + n1.width).toBeGreaterThan(z0.x + z0.width + 10); // it really went past the old border
  await expect.poll(async () => (await box(zone)).width).toBeGreaterThan(z0.width + 10);
  const z1 = await box(zone);
  expect(inside(z1, n1)).toBe(true);
  expect(z1.x).toBeCloseTo(z0.x, 0); // grown on the side it was dragged to, not moved

  const spec = await exported(page);
  expect(spec.nodes.find((n) => n.id === 'pay')?.zone).toBe('money');
  expect(membersOutside(spec)).toEqual([]);
  await page.screenshot({ path: path.join(ART, 'zone-drag-grows.png') });

  // One undo step puts both the step and the zone back.
  await page.keyboard.press('Control+Z');
  await expect.poll(async () => (await box(zone)).width).toBeCloseTo(z0.width, 0);
  expect((await box(node(page, 'pay'))).x).toBeCloseTo(n0.x, 0);
  expect(pageErrors).toEqual([]);
});

test('a zone cannot be resized to cut a member out: it stops at the step', async ({ page, host, pageErrors }) => {
  await openZones(page, host.workDir, 'zones-resize.waymark.json');
  const zone = page.getByTestId('zone-money');
  await zone.locator('.wm-zone__head').click();
  const handle = page.locator('.react-flow__resize-control.handle.bottom.right');
  await expect(handle).toBeVisible();
  const h = await box(handle);
  const n0 = await box(node(page, 'pay'));
  // Drag the bottom-right corner far up and left, over the step.
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(n0.x + 20, n0.y + 10, { steps: 8 });
  // While dragging, the preview already stops at the step.
  expect(inside(await box(zone), n0)).toBe(true);
  await page.mouse.move(n0.x - 60, n0.y - 40, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByText('Zone “Money” stops at its steps')).toBeVisible();
  const z1 = await box(zone);
  expect(inside(z1, await box(node(page, 'pay')))).toBe(true);
  const spec = await exported(page);
  expect(spec.nodes.find((n) => n.id === 'pay')?.zone).toBe('money');
  expect(membersOutside(spec)).toEqual([]);

  // Growing it is fine: drag the corner out past the end step; the end step's centre is covered, so it joins.
  const h2 = await box(handle);
  const end = await box(node(page, 'end'));
  await page.mouse.move(h2.x + h2.width / 2, h2.y + h2.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width * 0.7, end.y + end.height + 20, { steps: 10 });
  await page.mouse.up();
  await expect.poll(async () => (await exported(page)).nodes.find((n) => n.id === 'end')?.zone).toBe('money');
  expect(membersOutside(await exported(page))).toEqual([]);
  expect(inside(await box(zone), await box(node(page, 'end')))).toBe(true);
  expect(pageErrors).toEqual([]);
});

test('a step dropped at a zone edge joins it and the zone grows around it', async ({ page, host, pageErrors }) => {
  await openZones(page, host.workDir, 'zones-add.waymark.json');
  const zone = page.getByTestId('zone-money');
  const z0 = await box(zone);
  const canvas = await box(page.getByTestId('canvas'));
  // Drop just inside the zone's bottom-right corner: the new step's centre is in the zone.
  await dropFromPalette(page, 'transform', z0.x + z0.width - 12 - canvas.x, z0.y + z0.height - 12 - canvas.y);
  await expect(page.getByTestId('node-inspector')).toBeVisible();
  await expect(page.getByTestId('node-inspector').getByLabel('Autonomy zone', { exact: true })).toHaveValue('money');
  const z1 = await box(zone);
  expect(z1.width).toBeGreaterThan(z0.width);
  expect(z1.height).toBeGreaterThan(z0.height);
  expect(inside(z1, await box(page.getByTestId('node-transform')))).toBe(true);
  expect(membersOutside(await exported(page))).toEqual([]);
  expect(pageErrors).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const)
  for (const width of [1280, 1440])
    test(`the shipped examples at fit view show each zone around its steps (${scheme}, ${width} px)`, async ({
      page,
      hostUrl,
      pageErrors,
    }) => {
      test.setTimeout(90_000);
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      for (const ex of ['invoice-processing', 'refund-triage', 'support-routing']) {
        await page.goto(hostUrl);
        await page.getByTestId(`example-${ex}`).click();
        await expect(page.locator('.react-flow__node-zone').first()).toBeVisible();
        await problemsSettled(page);
        for (const z of await page.locator('.react-flow__node-zone').all()) {
          const zb = await box(z);
          const id = ((await z.getAttribute('data-id')) ?? '').replace(/^zone:/, '');
          const members = example(ex)
            .nodes.filter((n) => n.zone === id)
            .map((n) => n.id);
          expect(members.length, `${ex}: zone ${id} governs steps`).toBeGreaterThan(0);
          for (const m of members) expect(inside(zb, await box(node(page, m))), `${ex}: ${m} inside ${id}`).toBe(true);
        }
        await page.waitForTimeout(300); // let the fit-view transition settle before the picture
        await page.screenshot({ path: path.join(ART, `zones-${ex}-${scheme}-${width}.png`) });
      }
      expect(pageErrors).toEqual([]);
    });
