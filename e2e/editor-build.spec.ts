/**
 * The acceptance path: build the refund-triage example from an empty canvas by
 * drag-and-drop only (palette → canvas), configure every node in the inspector, connect
 * the edges by dragging handles, put the payment step in a zone, save, reload, reopen
 * from Recent, and check the export is semantically the shipped example.
 *
 * The test is data-driven: it reads the target spec and performs, through the UI, what
 * each field needs (see editor-driver.ts), so it follows the example as it evolves.
 */
import type { Locator } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { NODE_CATALOG } from '../shared/nodes/catalog';
import type { BuiltinNodeType as NodeType } from '../shared/nodes/types';
import { SpecSchema, type WorkflowSpec } from '../shared/spec/schema';
import { connect, dropFromPalette, exportedText, node, problemsSettled, semantic } from './editor-helpers';
import { renameId, setCode, setParam, showJson } from './editor-driver';
import { expect, test } from './fixtures';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHIPPED = path.join(ROOT, 'resources', 'examples', 'refund-triage.waymark.json');
const FALLBACK = path.join(import.meta.dirname, 'editor-fixtures', 'refund-triage.waymark.json');
const ART = path.join(import.meta.dirname, 'artifacts');

// Canvas-relative drop points, after zooming out to fit ~16 steps: four columns of steps
// kept away from the canvas edges (connecting near an edge auto-pans the canvas), and the
// zone bottom-left (the minimap sits bottom-right).
const ZONE_CENTRE = { x: 300, y: 640 };
const gridPoint = (i: number) => ({ x: 150 + (i % 4) * 155, y: 90 + Math.floor(i / 4) * 120 });

async function openSection(scope: Locator, title: RegExp) {
  const details = scope
    .locator('details.wm-section')
    .filter({ has: scope.page().locator('summary', { hasText: title }) });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
}

test.use({ actionTimeout: 20_000 });

test('build the refund-triage example from an empty canvas by drag and drop', async ({ page, host, pageErrors }) => {
  test.setTimeout(300_000);
  const targetText = readFileSync(existsSync(SHIPPED) ? SHIPPED : FALLBACK, 'utf8');
  const target: WorkflowSpec = SpecSchema.parse(JSON.parse(targetText));

  await page.getByTestId('start-new').click();
  await expect(page.getByTestId('workflow-inspector')).toBeVisible();

  // Workflow settings (nothing selected).
  const wf = page.getByTestId('workflow-inspector');
  await wf.getByLabel('Name', { exact: true }).fill(target.name);
  await wf.getByLabel('Id', { exact: true }).fill(target.id);
  if (target.description) await wf.getByLabel('Description', { exact: true }).fill(target.description);
  await showJson(wf, 'Input schema');
  await setCode(page, wf, 'Input schema', JSON.stringify(target.input));
  if (target.output) {
    await showJson(wf, 'Output schema');
    await setCode(page, wf, 'Output schema', JSON.stringify(target.output));
  }
  await showJson(wf, 'Connectors');
  await setCode(page, wf, 'Connectors', JSON.stringify(target.connectors));
  if (target.secrets.length) {
    await openSection(wf, /^Secrets/);
    await showJson(wf, 'Secrets');
    await setCode(page, wf, 'Secrets', JSON.stringify(target.secrets));
  }
  if (target.defaults) {
    await openSection(wf, /^Defaults/);
    await setCode(page, wf, 'Defaults', JSON.stringify(target.defaults));
  }

  // Room to work: hide the problems list and zoom out (by the canvas' own zoom control).
  const canvas = page.getByTestId('canvas');
  await page.getByRole('button', { name: 'Hide problems' }).click();
  for (let i = 0; i < 3; i++) await canvas.getByRole('button', { name: /zoom out/i }).click();

  // Zones first, so their members can be dropped straight into them.
  for (const z of target.zones) {
    await dropFromPalette(page, 'zone', ZONE_CENTRE.x, ZONE_CENTRE.y);
    const zi = page.getByTestId('zone-inspector');
    await expect(zi).toBeVisible();
    await renameId(zi, z.id);
    await zi.getByLabel('Name', { exact: true }).fill(z.name);
    await zi.getByLabel('Custom colour').fill(z.color.toLowerCase());
    if (z.description) await zi.getByLabel('Description', { exact: true }).fill(z.description);
    // The whole policy in one go through its JSON view (the per-class controls are covered by
    // e2e/governance-policy.spec.ts); the section starts collapsed.
    await zi.locator('summary', { hasText: 'Policy as JSON' }).click();
    await setCode(page, zi, 'Zone policy', JSON.stringify(z.policy));
  }

  // Steps: drag each from the palette, then configure it in the inspector.
  let free = 0;
  let inZone = 0;
  for (const n of target.nodes) {
    const at = n.zone ? { x: ZONE_CENTRE.x, y: ZONE_CENTRE.y + 10 + inZone++ * 50 } : gridPoint(free++);
    const before = await page.locator('.react-flow__node-step').count();
    await dropFromPalette(page, n.type, at.x, at.y);
    await expect(page.locator('.react-flow__node-step')).toHaveCount(before + 1);
    const ni = page.getByTestId('node-inspector');
    await expect(ni).toBeVisible();
    await renameId(ni, n.id);
    await ni.getByLabel('Name', { exact: true }).fill(n.name);
    const desc = NODE_CATALOG[n.type as NodeType];
    const params = ni
      .locator('details.wm-section')
      .filter({ has: page.locator('summary', { hasText: /^Parameters/ }) });
    for (const p of desc.params) await setParam(page, params, p, n.config[p.key]);
    if (n.timeoutMs !== undefined || n.retry) {
      await openSection(ni, /^Execution/);
      if (n.timeoutMs !== undefined)
        await ni.getByLabel('Step timeout (ms)', { exact: true }).fill(String(n.timeoutMs));
      if (n.retry) {
        await ni.getByRole('switch', { name: 'Retry on failure' }).check({ force: true });
        await ni.getByLabel('Attempts', { exact: true }).fill(String(n.retry.maxAttempts));
        await ni.getByLabel('First delay (ms)', { exact: true }).fill(String(n.retry.initialDelayMs));
        await ni.getByLabel('Backoff ×', { exact: true }).fill(String(n.retry.backoffMultiplier));
        await ni.getByLabel('Max delay (ms)', { exact: true }).fill(String(n.retry.maxDelayMs));
        await ni.getByLabel('Jitter (0–1)', { exact: true }).fill(String(n.retry.jitter));
      }
    }
    if (n.pinned) {
      await openSection(ni, /^Pinned output/);
      await ni.getByRole('switch', { name: 'Use a pinned output in simulation' }).check({ force: true });
      await showJson(ni, 'Pinned output');
      await setCode(page, ni, 'Pinned output', JSON.stringify(n.pinned.output));
      if (n.pinned.port)
        await ni.getByLabel('Leave by port', { exact: true }).selectOption(n.pinned.port.replace(/^branch:/, ''));
    }
    if (n.notes) {
      await openSection(ni, /^Notes/);
      await ni.getByLabel('Notes for people reading this workflow').fill(n.notes);
    }
    // Zone membership came from where it was dropped.
    await openSection(ni, /^Execution/);
    await expect(ni.getByLabel('Autonomy zone', { exact: true })).toHaveValue(n.zone ?? '');
  }

  // Edges: drag from each port handle to the target's input handle.
  for (const [i, e] of target.edges.entries()) {
    const port = e.kind === 'branch' ? `branch:${e.branch}` : e.kind;
    await connect(page, e.source, port, e.target);
    const id = `e${i + 1}`;
    await expect(page.getByTestId(`rf__edge-${id}`)).toHaveCount(1);
    if (e.maxTraversals !== undefined) {
      await page.getByTestId(`rf__edge-${id}`).focus();
      await page.keyboard.press('Enter');
      const ei = page.getByTestId('edge-inspector');
      await ei.getByLabel('Max traversals', { exact: true }).fill(String(e.maxTraversals));
    }
  }
  await expect(canvas.locator('.react-flow__edge')).toHaveCount(target.edges.length);

  // Tidy up, look at it, and check it against the example.
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.waitForTimeout(600);
  const showProblems = page.getByRole('button', { name: 'Show problems' });
  if (await showProblems.isVisible()) await showProblems.click();
  await problemsSettled(page);
  await page.screenshot({ path: path.join(ART, 'built-refund-triage.png') });
  await expect(page.getByTestId('problems-errors')).toHaveText('0');
  const exported = await exportedText(page);
  expect(semantic(exported)).toEqual(semantic(targetText));

  // Save as, reload, reopen from Recent: the same bytes come back.
  const file = path.join(host.workDir, 'built-refund-triage.waymark.json');
  await page.keyboard.press('Control+Shift+S');
  const dialog = page.getByTestId('saveas-dialog');
  // The dialog lists the workspace and completes the suggested name there; type once it has.
  const pathField = dialog.getByLabel('File path on this machine');
  await expect(pathField).toHaveValue(path.join(host.workDir, 'refund-triage.waymark.json'));
  // As a person does: select what is there, type the path key by key.
  await pathField.press('Control+A');
  await pathField.pressSequentially(file);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0);
  expect(await readFile(file, 'utf8')).toBe(exported);

  await page.reload();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page
    .getByTestId('recent-list')
    .getByRole('button', { name: /built-refund-triage/ })
    .click();
  await expect(node(page, target.nodes[0]?.id ?? 'start')).toBeVisible();
  expect(await exportedText(page)).toBe(exported);
  expect(pageErrors).toEqual([]);
});
