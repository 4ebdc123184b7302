/**
 * Helpers for the editor e2e specs: opening a spec through the UI, reading the exported
 * spec, comparing specs semantically, and driving the canvas by mouse like a person.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { SpecSchema } from '../shared/spec/schema';
import { expect } from './fixtures';

/** Writes spec text into the host's work dir and opens it through the Open dialog. */
export async function openSpecFile(
  page: Page,
  workDir: string,
  name: string,
  text: string,
  timeout = 10_000,
): Promise<string> {
  const file = path.join(workDir, name);
  await writeFile(file, text);
  await page.keyboard.press('Control+O');
  const dialog = page.getByTestId('open-dialog');
  await dialog.getByLabel('File path on this machine').fill(file);
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden({ timeout });
  return file;
}

/** Clicks Export and returns the downloaded text. */
export async function exportedText(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export').click();
  const d = await download;
  const stream = await d.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Waits for the backend validator to have answered for the current document. */
export async function problemsSettled(page: Page): Promise<void> {
  await expect(page.locator('.wm-problems__status')).not.toHaveText('Checking…');
}

/**
 * The parts of a spec that carry meaning: layout (positions, zone geometry) and edge ids
 * are dropped; edges are compared as a set of connections.
 */
export function semantic(specText: string): unknown {
  // Defaults applied on both sides: `"kind": "next"` written or implied means the same.
  const spec = SpecSchema.parse(JSON.parse(specText));
  const { $schema: _s, ...rest } = spec;
  return {
    ...rest,
    nodes: spec.nodes
      .map(({ position: _p, ...n }) => ({ ...n, config: dropEmpty(n.config) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    edges: spec.edges.map(({ id: _id, ...e }) => e).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    zones: spec.zones.map(({ position: _p, size: _z, ...z }) => z),
  };
}

/**
 * An empty list or map in a node config means the same as leaving it out (e.g. approval
 * `approvers: []` is "anyone"); the editor writes neither, so compare without them.
 */
function dropEmpty(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).filter(
      ([, v]) =>
        !(Array.isArray(v) && v.length === 0) &&
        !(v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0),
    ),
  );
}

export function node(page: Page, id: string): Locator {
  return page.getByTestId(`node-${id}`);
}

/**
 * Drags from one port handle to the input handle of another node, by mouse. Handle boxes
 * are re-measured after the press, since the canvas may auto-pan while connecting near its
 * edge.
 */
export async function connect(page: Page, from: string, port: string, to: string): Promise<void> {
  const edges = page.locator('.react-flow__edge');
  const before = await edges.count();
  const source = page.getByTestId(`handle-${from}-${port}`);
  const target = node(page, to).locator('.wm-handle--in');
  const centre = async (l: Locator) => {
    const b = await l.boundingBox();
    if (!b) throw new Error(`cannot connect ${from}/${port} → ${to}: handle not visible`);
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };
  const a = await centre(source);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + 12, a.y + 6, { steps: 3 });
  let b = await centre(target);
  await page.mouse.move(b.x, b.y, { steps: 8 });
  // Chase the handle if the canvas auto-panned under the pointer.
  for (let i = 0; i < 5; i++) {
    const now = await centre(target);
    if (Math.abs(now.x - b.x) < 1 && Math.abs(now.y - b.y) < 1) break;
    b = now;
    await page.mouse.move(b.x, b.y, { steps: 2 });
  }
  if (process.env.WAYMARK_E2E_DEBUG)
    await page.screenshot({ path: `e2e/artifacts/connect-${from}-${port.replace(':', '_')}.png` });
  await page.mouse.up();
  await expect(edges).toHaveCount(before + 1);
}

/** Drags a palette item onto the canvas at a point relative to the canvas' top-left. */
export async function dropFromPalette(page: Page, item: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-${item}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}
