/**
 * Adding and connecting like n8n, driven with the mouse and real key presses: "+" on every
 * kind of output port, a connection dropped on empty canvas, right-click menus (step,
 * canvas, edge) operated by keyboard and mouse, the hover toolbar, paste at the cursor,
 * Delete step in the inspector, and connecting from the keyboard. Each test checks the
 * exported spec and the canvas.
 */
import type { Page } from '@playwright/test';
import {
  addFromPort,
  boxOf,
  canvasPoint,
  clickPortAdd,
  dragPortTo,
  links,
  paneMenu,
  picker,
  specOf,
  stepMenu,
} from './connect-helpers';
import { dropFromPalette, node } from './editor-helpers';
import { expect, test } from './fixtures';

test.use({ actionTimeout: 20_000 });

const nameField = (page: Page) => page.getByTestId('node-inspector').getByLabel('Name', { exact: true });

/** A new workflow with a Start step, the problems panel folded. */
async function newWithStart(page: Page): Promise<void> {
  await page.getByTestId('start-new').click();
  await dropFromPalette(page, 'start', 150, 200);
  await expect(node(page, 'start')).toBeVisible();
}

test('"+" on every kind of output port adds the picked step to its right, connected, named by typing', async ({
  page,
  pageErrors,
}) => {
  await newWithStart(page);
  await clickPortAdd(page, 'start', 'next');
  // Grouped like the palette, from the served catalog; a start step cannot follow a port.
  await expect(picker(page).getByRole('group', { name: 'AI' })).toBeVisible();
  await expect(picker(page).getByTestId('picker-start')).toHaveCount(0);
  await page.keyboard.type('llm');
  await expect(picker(page).getByRole('option', { selected: true })).toContainText('LLM');
  await page.keyboard.press('Enter');
  await expect(picker(page)).toBeHidden();
  // Selected, its name field focused with the name selected: typing renames it.
  await expect(node(page, 'llm')).toHaveClass(/is-selected/);
  await expect(nameField(page)).toBeFocused();
  await page.keyboard.type('Classify ticket');
  await expect(node(page, 'llm')).toContainText('Classify ticket');
  const [s, l] = [await boxOf(page, 'start'), await boxOf(page, 'llm')];
  expect(l.x).toBeGreaterThan(s.x + s.width);
  // A connected port has no "+" any more.
  await expect(page.getByTestId('port-add-start-next')).toHaveCount(0);

  await addFromPort(page, 'llm', 'error', 'end');
  await addFromPort(page, 'llm', 'next', 'decis');
  await addFromPort(page, 'decision', 'branch:yes', 'approval');
  await addFromPort(page, 'decision', 'branch:no', 'transf');
  await addFromPort(page, 'approval', 'branch:approved', 'http');
  await addFromPort(page, 'approval', 'branch:rejected', 'end');
  const spec = await specOf(page);
  expect(spec.nodes.map((n) => n.type)).toEqual([
    'start',
    'llm',
    'end',
    'decision',
    'approval',
    'transform',
    'tool',
    'end',
  ]);
  expect(links(spec)).toEqual(
    [
      'start>next>llm',
      'llm>error>end',
      'llm>next>decision',
      'decision>yes>approval',
      'decision>no>transform',
      'approval>approved>tool',
      'approval>rejected>end_2',
    ].sort(),
  );
  // No two steps on top of each other.
  for (const a of spec.nodes)
    for (const b of spec.nodes)
      if (a !== b)
        expect(Math.abs(a.position.x - b.position.x) + Math.abs(a.position.y - b.position.y)).toBeGreaterThan(40);
  expect(pageErrors).toEqual([]);
});

test('a connection dropped on empty canvas opens the picker there; Escape or a click outside adds nothing', async ({
  page,
  pageErrors,
}) => {
  await newWithStart(page);
  const drop = await canvasPoint(page, 520, 320);
  await dragPortTo(page, 'start', 'next', drop);
  await expect(picker(page)).toBeVisible();
  const pb = await picker(page).boundingBox();
  expect(pb && Math.abs(pb.x - drop.x) < 40 && Math.abs(pb.y - drop.y) < 40).toBe(true);
  await page.keyboard.press('Escape');
  await expect(picker(page)).toBeHidden();
  let spec = await specOf(page);
  expect(spec.nodes).toHaveLength(1);
  expect(spec.edges).toHaveLength(0);

  await dragPortTo(page, 'start', 'next', drop);
  await expect(picker(page)).toBeVisible();
  const far = await canvasPoint(page, 60, 60);
  await page.mouse.click(far.x, far.y);
  await expect(picker(page)).toBeHidden();
  expect((await specOf(page)).nodes).toHaveLength(1);

  await dragPortTo(page, 'start', 'next', drop);
  await page.keyboard.type('trans');
  await picker(page).getByTestId('picker-transform').click();
  await expect(node(page, 'transform')).toBeVisible();
  // Its input side where the connection was dropped.
  const t = await boxOf(page, 'transform');
  expect(Math.abs(t.x - drop.x)).toBeLessThan(16);
  expect(t.y < drop.y && drop.y < t.y + t.height).toBe(true);
  spec = await specOf(page);
  expect(links(spec)).toEqual(['start>next>transform']);
  expect(pageErrors).toEqual([]);
});

test('the step menu works from the keyboard: arrows, Enter, Escape; rename, duplicate, delete, zone, breakpoint, run', async ({
  page,
  pageErrors,
}) => {
  await newWithStart(page);
  await addFromPort(page, 'start', 'next', 'transform');
  await addFromPort(page, 'transform', 'next', 'end');
  let menu = await stepMenu(page, 'transform');
  await expect(menu).toHaveAttribute('role', 'menu');
  await expect(menu.getByRole('menuitem', { name: 'Rename' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: /^Duplicate/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await expect(node(page, 'transform_2')).toBeVisible();

  // Escape closes and changes nothing; so does a click outside.
  menu = await stepMenu(page, 'transform');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  menu = await stepMenu(page, 'transform');
  const far = await canvasPoint(page, 40, 40);
  await page.mouse.click(far.x, far.y);
  await expect(menu).toBeHidden();
  expect((await specOf(page)).nodes).toHaveLength(4);

  // End then Enter: Delete (the last entry).
  menu = await stepMenu(page, 'transform_2');
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: /^Delete/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(node(page, 'transform_2')).toHaveCount(0);

  // Rename: the inspector's name field, ready to type over.
  menu = await stepMenu(page, 'transform');
  await menu.getByRole('menuitem', { name: 'Rename' }).click();
  await expect(nameField(page)).toBeFocused();
  await page.keyboard.type('Shape reply');
  await expect(node(page, 'transform')).toContainText('Shape reply');

  // Breakpoint: a checkable entry that shows its state.
  menu = await stepMenu(page, 'transform');
  const bp = menu.getByRole('menuitemcheckbox', { name: 'Pause before this step' });
  await expect(bp).toHaveAttribute('aria-checked', 'false');
  await bp.click();
  menu = await stepMenu(page, 'transform');
  await expect(bp).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');
  await page.getByTestId('node-inspector').getByText('Debug', { exact: true }).click();
  await expect(page.getByTestId('bp-before')).toBeChecked();

  // Run this step: the inspector's Debug section runs it and shows how it ended.
  menu = await stepMenu(page, 'transform');
  await menu.getByRole('menuitem', { name: 'Run this step' }).click();
  await expect(page.getByTestId('run-node-result')).toContainText('done');

  // Wrap in a zone.
  menu = await stepMenu(page, 'transform');
  await menu.getByRole('menuitem', { name: 'Wrap in a zone' }).click();
  const spec = await specOf(page);
  expect(spec.zones).toHaveLength(1);
  expect(spec.nodes.find((n) => n.id === 'transform')?.zone).toBe(spec.zones[0]?.id);
  expect(spec.nodes.find((n) => n.id === 'transform')?.name).toBe('Shape reply');
  expect(pageErrors).toEqual([]);
});

test('canvas menu: add a step here, paste here, auto-layout; edge menu: delete; menus stay on screen', async ({
  page,
  context,
  pageErrors,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await newWithStart(page);
  let menu = await paneMenu(page, 500, 360);
  await expect(menu.getByRole('menuitem', { name: 'Add a step here…' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(picker(page)).toBeVisible();
  await page.keyboard.type('end');
  await page.keyboard.press('Enter');
  const at = await canvasPoint(page, 500, 360);
  const e = await boxOf(page, 'end');
  expect(Math.abs(e.x + e.width / 2 - at.x)).toBeLessThan(16);
  expect(Math.abs(e.y + e.height / 2 - at.y)).toBeLessThan(24);

  // Copy the end step, paste it at another point through the menu.
  await node(page, 'end').locator('.wm-node__head').click();
  await page.keyboard.press('Control+C');
  menu = await paneMenu(page, 260, 420);
  await menu.getByRole('menuitem', { name: 'Paste here' }).click();
  await expect(node(page, 'end_2')).toBeVisible();
  const p = await boxOf(page, 'end_2');
  const there = await canvasPoint(page, 260, 420);
  expect(Math.abs(p.x - there.x)).toBeLessThan(12);
  expect(Math.abs(p.y - there.y)).toBeLessThan(12);

  // Auto-layout from the menu moves the steps (ELK places them in a row).
  const before = await specOf(page);
  menu = await paneMenu(page, 600, 120);
  await menu.getByRole('menuitem', { name: 'Auto-layout' }).click();
  await expect
    .poll(async () => JSON.stringify((await specOf(page)).nodes.map((n) => n.position)))
    .not.toBe(JSON.stringify(before.nodes.map((n) => n.position)));

  // Near the bottom-right corner the menu opens up-left, fully on screen.
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  menu = await paneMenu(page, box.width - 200, box.height - 150);
  const mb = await menu.boundingBox();
  const vp = page.viewportSize();
  expect(mb && vp && mb.x >= 0 && mb.y >= 0 && mb.x + mb.width <= vp.width && mb.y + mb.height <= vp.height).toBe(true);
  await page.keyboard.press('Escape');

  // Edge menu: connect start → end, right-click the edge, delete it.
  await addFromPort(page, 'start', 'next', 'transform');
  const edge = page.locator('.react-flow__edge').first();
  const point = await edge.evaluate((g) => {
    const path = g.querySelector('path.react-flow__edge-path') as SVGPathElement;
    const pt = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM();
    if (!m) throw new Error('no CTM');
    return { x: pt.x * m.a + pt.y * m.c + m.e, y: pt.x * m.b + pt.y * m.d + m.f };
  });
  await page.mouse.click(point.x, point.y, { button: 'right' });
  const edgeMenu = page.getByTestId('context-menu-edge');
  await expect(edgeMenu.getByRole('menuitem', { name: 'Delete connection' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  expect((await specOf(page)).edges).toHaveLength(0);
  expect(pageErrors).toEqual([]);
});

test('hover toolbar: duplicate, delete, more…', async ({ page, pageErrors }) => {
  await newWithStart(page);
  await addFromPort(page, 'start', 'next', 'transform');
  const head = (id: string) => node(page, id).locator('.wm-node__head');
  await head('transform').hover({ position: { x: 30, y: 10 } });
  const bar = page.getByTestId('hover-toolbar-transform');
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('role', 'toolbar');
  await bar.getByTestId('hover-duplicate').click();
  await expect(node(page, 'transform_2')).toBeVisible();
  await head('transform').hover({ position: { x: 30, y: 10 } });
  await bar.getByTestId('hover-more').click();
  await expect(page.getByTestId('context-menu-node')).toBeVisible();
  await page.keyboard.press('Escape');
  await head('transform_2').hover({ position: { x: 30, y: 10 } });
  await page.getByTestId('hover-toolbar-transform_2').getByTestId('hover-delete').click();
  await expect(node(page, 'transform_2')).toHaveCount(0);
  // Leaving the step hides its toolbar.
  await page.mouse.move(5, 5);
  await expect(bar).toBeHidden();
  expect((await specOf(page)).nodes.map((n) => n.id)).toEqual(['start', 'transform']);
  expect(pageErrors).toEqual([]);
});

test('paste lands at the cursor, or offset from the original with the cursor off the canvas, never on top', async ({
  page,
  context,
  pageErrors,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await newWithStart(page);
  await addFromPort(page, 'start', 'next', 'transform');
  await node(page, 'transform').locator('.wm-node__head').click();
  await page.keyboard.press('Control+C');
  const original = await boxOf(page, 'transform');

  const target = await canvasPoint(page, 300, 480);
  await page.mouse.move(target.x, target.y);
  await page.keyboard.press('Control+V');
  const p2 = await boxOf(page, 'transform_2');
  expect(Math.abs(p2.x - target.x)).toBeLessThan(12);
  expect(Math.abs(p2.y - target.y)).toBeLessThan(12);

  // The cursor right on the original's corner: shifted, not stacked.
  await page.mouse.move(original.x + 4, original.y + 4);
  await page.keyboard.press('Control+V');
  const p3 = await boxOf(page, 'transform_3');
  expect(Math.abs(p3.x - original.x) + Math.abs(p3.y - original.y)).toBeGreaterThan(30);

  // Cursor off the canvas (over the palette): offset down-right from the original.
  await page.getByTestId('palette-end').hover();
  await page.keyboard.press('Control+V');
  const spec = await specOf(page);
  const orig = spec.nodes.find((n) => n.id === 'transform')?.position;
  const p4 = spec.nodes.find((n) => n.id === 'transform_4')?.position;
  if (!orig || !p4) throw new Error('missing steps');
  expect(p4.x - orig.x).toBe(p4.y - orig.y);
  expect(p4.x - orig.x).toBeGreaterThanOrEqual(40);
  expect(pageErrors).toEqual([]);
});

test('Delete step in the inspector removes the step and its connections', async ({ page, pageErrors }) => {
  await newWithStart(page);
  await addFromPort(page, 'start', 'next', 'transform');
  await page.getByTestId('node-inspector').getByRole('button', { name: 'Delete step' }).click();
  await expect(node(page, 'transform')).toHaveCount(0);
  const spec = await specOf(page);
  expect(spec.nodes.map((n) => n.id)).toEqual(['start']);
  expect(spec.edges).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('connecting from the keyboard: C, type the target, Enter; a refused connection says why', async ({
  page,
  pageErrors,
}) => {
  await newWithStart(page);
  await addFromPort(page, 'start', 'next', 'decision');
  await page.getByTestId('palette-end').click();
  await page.getByTestId('palette-transform').click();
  // Select the decision with the keyboard focus on the canvas, then C.
  await node(page, 'decision').locator('.wm-node__head').click();
  await page.keyboard.press('c');
  const chooser = page.getByTestId('connect-chooser');
  await expect(chooser).toBeVisible();
  await expect(chooser.getByRole('combobox', { name: 'Target step' })).toBeFocused();
  // The first free port is preselected; Shift+Tab reaches the port choice.
  await expect(chooser.getByLabel('From port')).toHaveValue('branch:yes');
  await page.keyboard.press('Shift+Tab');
  await expect(chooser.getByLabel('From port')).toBeFocused();
  await page.keyboard.press('ArrowDown'); // → no
  await expect(chooser.getByLabel('From port')).toHaveValue('branch:no');
  await page.keyboard.press('Tab');
  await page.keyboard.type('en');
  await expect(chooser.getByRole('listbox').getByRole('option', { selected: true })).toContainText('End');
  await page.keyboard.press('Enter');
  await expect(chooser).toBeHidden();

  // Arrows choose among the targets.
  await node(page, 'decision').locator('.wm-node__head').click();
  await page.keyboard.press('c');
  await expect(chooser.getByLabel('From port')).toHaveValue('branch:yes');
  await page.keyboard.type('t');
  await expect(chooser.getByRole('listbox').getByRole('option', { selected: true })).toContainText('Transform');
  await page.keyboard.press('Enter');
  await expect(chooser).toBeHidden();

  // Start's only port already leads somewhere: refused, with the canvas' reason, and nothing drawn.
  await node(page, 'start').locator('.wm-node__head').click();
  await page.keyboard.press('c');
  await page.keyboard.type('end');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connect-refusal')).toHaveText(
    'That port of "Start" already leads to "Decision". Delete that edge first.',
  );
  await page.keyboard.press('Escape');
  await expect(chooser).toBeHidden();
  await expect(page.locator('.react-flow__node[data-id="start"]')).toBeFocused();
  const spec = await specOf(page);
  expect(links(spec)).toEqual(['decision>no>end', 'decision>yes>transform', 'start>next>decision']);

  // The shortcut sheet lists the key.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toContainText('Connect the selected step');
  expect(pageErrors).toEqual([]);
});
