/**
 * Helpers for adding and connecting steps like a person does on the canvas: "+" on a
 * port, a connection dragged onto empty canvas, right-click menus, the hover toolbar,
 * and reading back the spec the editor exports.
 */
import type { Locator, Page } from '@playwright/test';
import { exportedText, node } from './editor-helpers';
import { expect } from './fixtures';

export interface SpecLike {
  nodes: Array<{ id: string; type: string; name: string; position: { x: number; y: number }; zone?: string }>;
  edges: Array<{ id: string; source: string; target: string; kind?: string; branch?: string }>;
  zones: Array<{ id: string }>;
}

/** The spec as the editor exports it. */
export async function specOf(page: Page): Promise<SpecLike> {
  return JSON.parse(await exportedText(page)) as SpecLike;
}

/** `source>port>target` of every edge, sorted. */
export function links(spec: SpecLike): string[] {
  return spec.edges.map((e) => `${e.source}>${e.branch ?? e.kind ?? 'next'}>${e.target}`).sort();
}

export function picker(page: Page): Locator {
  return page.getByTestId('step-picker');
}

/** Clicks the "+" of a port; the picker opens with its search focused. */
export async function clickPortAdd(page: Page, from: string, port: string): Promise<void> {
  await page.getByTestId(`port-add-${from}-${port}`).click();
  await expect(picker(page)).toBeVisible();
  await expect(picker(page).getByRole('combobox', { name: 'Search step types' })).toBeFocused();
}

/** "+" on a port, type to search, Enter: the new step is focused in the inspector's Name field. */
export async function addFromPort(page: Page, from: string, port: string, search: string): Promise<void> {
  await clickPortAdd(page, from, port);
  await page.keyboard.type(search);
  await page.keyboard.press('Enter');
  await expect(picker(page)).toBeHidden();
}

async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error('element not visible');
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Drags a connection from a port and drops it at a page point (over empty canvas). */
export async function dragPortTo(page: Page, from: string, port: string, to: { x: number; y: number }): Promise<void> {
  const a = await centre(page.getByTestId(`handle-${from}-${port}`));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + 12, a.y + 6, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}

/** A page point inside the canvas, relative to its top-left. */
export async function canvasPoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  return { x: box.x + x, y: box.y + y };
}

/** Right-clicks a step's header; the step menu opens. */
export async function stepMenu(page: Page, id: string): Promise<Locator> {
  await node(page, id).locator('.wm-node__head').click({ button: 'right' });
  const menu = page.getByTestId('context-menu-node');
  await expect(menu).toBeVisible();
  return menu;
}

/** Right-clicks empty canvas at a point relative to the canvas; the canvas menu opens. */
export async function paneMenu(page: Page, x: number, y: number): Promise<Locator> {
  const p = await canvasPoint(page, x, y);
  await page.mouse.click(p.x, p.y, { button: 'right' });
  const menu = page.getByTestId('context-menu-pane');
  await expect(menu).toBeVisible();
  return menu;
}

/** A step's on-screen box. */
export async function boxOf(page: Page, id: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await node(page, id).boundingBox();
  if (!b) throw new Error(`step ${id} not visible`);
  return b;
}
