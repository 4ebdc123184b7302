/**
 * The editor's layout as a person uses it: palette, inspector and problems panel are
 * resized by dragging their splitters and with the keyboard, collapsed and opened again, and
 * remembered across a reload; the problems panel collapses when the last problem is fixed;
 * the runs panel docks beside the inspector on a wide window and takes the inspector's
 * column on a narrow one; closing the run view clears the run's colours from the canvas;
 * timeline labels never overlap durations. Screenshots in e2e/artifacts/layout-*.png.
 */
import type { Locator, Page } from '@playwright/test';
import path from 'node:path';
import { expect, test } from './fixtures';
import { seriousViolations } from './governance-helpers';
import { problemsSettled } from './editor-helpers';
import { ART, nodeState, openExample, startRun } from './run-helpers';

test.use({ actionTimeout: 20_000 });

async function width(l: Locator): Promise<number> {
  return Math.round((await l.boundingBox())?.width ?? 0);
}
async function height(l: Locator): Promise<number> {
  return Math.round((await l.boundingBox())?.height ?? 0);
}

/** Drags a splitter by (dx, dy) with the mouse, in small steps like a hand would. */
async function drag(page: Page, handle: Locator, dx: number, dy: number): Promise<void> {
  const b = await handle.boundingBox();
  if (!b) throw new Error('splitter not visible');
  const x = b.x + b.width / 2;
  const y = b.y + b.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
  await page.mouse.move(x + dx, y + dy, { steps: 4 });
  await page.mouse.up();
}

test('palette and inspector resize by mouse and keyboard, collapse, and are remembered', async ({
  page,
  hostUrl,
  pageErrors,
}) => {
  // Each test has a fresh browser context, so the layout starts from the defaults.
  await page.setViewportSize({ width: 1440, height: 860 });
  await openExample(page);
  const palette = page.getByTestId('palette-panel');
  const right = page.getByTestId('right-panel');
  const w0 = await width(palette);
  expect(w0).toBe(236);

  // Drag the palette's edge 100 px to the right.
  await drag(page, page.getByTestId('palette-resize'), 100, 0);
  await expect.poll(() => width(palette)).toBe(336);
  // Keyboard: focus the splitter, two steps narrower, then a big step wider (Shift).
  const paletteHandle = page.getByRole('separator', { name: 'Resize the steps palette' });
  await paletteHandle.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => width(palette)).toBe(304);
  await expect(paletteHandle).toHaveAttribute('aria-valuenow', '304');
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => width(palette)).toBe(368);
  await page.keyboard.press('End');
  await expect(paletteHandle).toHaveAttribute('aria-valuenow', '420');
  await page.keyboard.press('Home');
  await expect(paletteHandle).toHaveAttribute('aria-valuenow', '180');
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => width(palette)).toBe(244);

  // The inspector's splitter is on its left edge: dragging left widens it.
  const rw = await width(right);
  await drag(page, page.getByTestId('right-resize'), -80, 0);
  await expect.poll(() => width(right)).toBe(rw + 80);
  await page.getByRole('separator', { name: 'Resize the inspector' }).focus();
  await page.keyboard.press('ArrowRight'); // narrower by a step
  await expect.poll(() => width(right)).toBe(rw + 64);

  // Collapse: Enter on the splitter, the toolbar toggle, or Ctrl+B / Ctrl+Alt+B.
  await paletteHandle.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('palette-expand')).toBeVisible();
  expect(await width(palette)).toBe(40);
  await expect(page.getByTestId('toggle-palette')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('node-classify').click(); // the canvas has the keys
  await page.keyboard.press('Control+Alt+b');
  await expect(page.getByTestId('right-expand')).toBeVisible();
  await expect(page.getByTestId('toggle-inspector')).toHaveAttribute('aria-pressed', 'false');
  await page.screenshot({ path: path.join(ART, 'layout-collapsed-1440-light.png') });
  expect(await seriousViolations(page)).toEqual([]);

  // Remembered across a reload, collapsed panels included.
  // The layout is saved a moment after the last change: wait until it is stored.
  await expect
    .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('waymark.layout') ?? '{}')))
    .toMatchObject({ paletteCollapsed: true, rightCollapsed: true });
  const before = pageErrors.length;
  await page.goto(hostUrl);
  // Reloading cancels what was still loading (Monaco's worker): the browser's doing, not an error.
  const during = pageErrors.splice(before);
  pageErrors.push(...during.filter((e) => !e.endsWith('(net::ERR_ABORTED)')));
  await openExample(page);
  await expect(page.getByTestId('palette-expand')).toBeVisible();
  await expect(page.getByTestId('right-expand')).toBeVisible();
  await page.getByTestId('palette-expand').click();
  await page.getByTestId('node-classify').click();
  await page.keyboard.press('Control+b'); // toggles it off again…
  await expect(page.getByTestId('palette-expand')).toBeVisible();
  await page.keyboard.press('Control+b'); // …and on
  await expect.poll(() => width(page.getByTestId('palette-panel'))).toBe(244);
  await page.getByTestId('toggle-inspector').click();
  await expect.poll(() => width(page.getByTestId('right-panel'))).toBe(rw + 64);
  await expect(page.getByTestId('node-inspector')).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('the problems panel collapses when empty, opens with problems, and resizes', async ({ page, pageErrors }) => {
  await page.setViewportSize({ width: 1440, height: 860 });
  await openExample(page);
  const panel = page.getByTestId('problems-panel');
  // A valid example: the panel is only its header.
  await expect(page.getByTestId('problems-list')).toBeHidden();
  await expect(panel).toContainText('No problems: ready to run');
  expect(await height(panel)).toBeLessThan(45);

  // Break a step: the header counts it, the canvas does not jump.
  await page.getByTestId('node-classify').click();
  const name = page.getByTestId('node-inspector').getByLabel('Name', { exact: true });
  await name.click();
  await name.press('Control+a');
  await name.press('Delete');
  await problemsSettled(page);
  await expect(page.getByTestId('problems-errors')).toHaveText('1');
  await expect(page.getByTestId('problems-list')).toBeHidden();
  await expect(panel).toContainText('1 error — open the panel to see them');

  // Open it (Ctrl+Shift+M from the field works everywhere), resize it by drag and keys.
  await page.keyboard.press('Control+Shift+M');
  await expect(page.getByTestId('problems-list')).toBeVisible();
  const h = await height(panel);
  await drag(page, page.getByTestId('problems-resize'), 0, -60);
  await expect.poll(() => height(panel)).toBe(h + 60);
  await page.getByRole('separator', { name: 'Resize the problems panel' }).focus();
  await page.keyboard.press('ArrowDown'); // smaller by a step
  await expect.poll(() => height(panel)).toBe(h + 44);
  await page.screenshot({ path: path.join(ART, 'layout-problems-1440-light.png') });

  // Fix it by typing: the last problem goes, the panel folds away.
  await name.click();
  await page.keyboard.type('Classify the ticket');
  await problemsSettled(page);
  await expect(page.getByTestId('problems-errors')).toHaveText('0');
  await expect(page.getByTestId('problems-list')).toBeHidden();
  // Its height is kept for next time.
  await page.keyboard.press('Control+Shift+M');
  await expect.poll(() => height(panel)).toBe(h + 44);
  expect(pageErrors).toEqual([]);
});

test('the runs panel docks beside the inspector when there is room; closing it clears the run from the canvas', async ({
  page,
  pageErrors,
}) => {
  await page.setViewportSize({ width: 1920, height: 1000 });
  await openExample(page);
  await startRun(page, { 'Ticket id': 'T-dock' });
  await expect(nodeState(page, 'manager_approval')).toHaveAttribute('data-status', 'waiting');
  // Wide: palette, canvas, runs and inspector side by side.
  await expect(page.getByTestId('editor-body')).toHaveClass(/is-docked/);
  await expect(page.getByTestId('palette-panel')).toBeVisible();
  await expect(page.getByTestId('right-panel')).toBeVisible();
  const runs = page.getByTestId('runs-panel');
  const rb = await runs.boundingBox();
  const ib = await page.getByTestId('right-panel').boundingBox();
  expect(rb && ib && rb.x + rb.width <= ib.x + 1).toBe(true);
  expect(await width(page.locator('.wm-editor__main'))).toBeGreaterThanOrEqual(520);
  await page.getByTestId('node-classify').click();
  await expect(page.getByTestId('node-inspector')).toBeVisible(); // the inspector works beside the run
  await page.screenshot({ path: path.join(ART, 'layout-docked-1920-light.png') });

  // The runs panel is resizable too (its splitter is on its left edge).
  const w = await width(runs);
  await drag(page, page.getByTestId('runs-resize'), 40, 0);
  await expect.poll(() => width(runs)).toBe(w - 40);

  // Narrower: the runs panel takes the inspector's column; the palette stays.
  await page.setViewportSize({ width: 1440, height: 860 });
  await expect(page.getByTestId('editor-body')).not.toHaveClass(/is-docked/);
  await expect(page.getByTestId('right-panel')).toBeHidden();
  await expect(page.getByTestId('palette-panel')).toBeVisible();
  await expect(runs).toBeVisible();
  await page.screenshot({ path: path.join(ART, 'layout-stacked-1440-light.png') });
  // Collapsing the palette makes room: it docks again.
  await page.getByTestId('toggle-palette').click();
  await expect(page.getByTestId('editor-body')).toHaveClass(/is-docked/);
  await expect(page.getByTestId('right-panel')).toBeVisible();
  await page.getByTestId('palette-expand').click();
  // The Inspector switch gives the column back (the run view closes).
  await page.getByRole('group', { name: 'Right panel' }).getByRole('button', { name: 'Inspector' }).click();
  await expect(runs).toBeHidden();
  await expect(page.getByTestId('right-panel')).toBeVisible();

  // The run view is closed: its colours are gone from the canvas; opening it brings them back.
  await expect(nodeState(page, 'classify')).toHaveCount(0);
  await expect(page.locator('.wm-noderun')).toHaveCount(0);
  await page.getByTestId('toggle-runs').click();
  await expect(nodeState(page, 'classify')).toHaveAttribute('data-status', 'succeeded');
  await page.getByTestId('runs-panel').getByRole('button', { name: 'Close runs panel' }).click();
  await expect(page.locator('.wm-noderun')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('timeline labels never overlap durations, even in a narrow runs panel', async ({ page, pageErrors }) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await openExample(page);
  await startRun(page, { 'Ticket id': 'T-timeline' });
  await expect(nodeState(page, 'manager_approval')).toHaveAttribute('data-status', 'waiting');
  await page.getByRole('button', { name: 'Timeline' }).click();
  // The narrowest runs panel.
  await page.getByRole('separator', { name: 'Resize the runs panel' }).focus();
  await page.keyboard.press('Home');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(200);
    await page.getByTestId('runs-panel').screenshot({ path: path.join(ART, `layout-timeline-narrow-${scheme}.png`) });
  }
  const clashes = await page.getByTestId('trace-list').evaluate((list) => {
    const out: string[] = [];
    for (const row of list.querySelectorAll<HTMLElement>('.wm-span')) {
      const name = row.querySelector('.wm-span__name')?.getBoundingClientRect();
      const label = row.querySelector('.wm-span__label')?.getBoundingClientRect();
      const track = row.querySelector('.wm-span__track')?.getBoundingClientRect();
      const dur = row.querySelector('.wm-span__dur')?.getBoundingClientRect();
      if (!name || !label || !track || !dur) {
        out.push(`${row.dataset.testid}: missing a part`);
        continue;
      }
      if (label.right > name.right + 0.5) out.push(`${row.dataset.testid}: label runs past its column`);
      if (name.right > track.left + 0.5) out.push(`${row.dataset.testid}: name overlaps the bar`);
      if (track.right > dur.left + 0.5) out.push(`${row.dataset.testid}: bar overlaps the duration`);
      if (!/\d/.test(row.querySelector('.wm-span__dur')?.textContent ?? ''))
        out.push(`${row.dataset.testid}: no duration`);
    }
    return out;
  });
  expect(clashes).toEqual([]);
  expect(pageErrors).toEqual([]);
});
