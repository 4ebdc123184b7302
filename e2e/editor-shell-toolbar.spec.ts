/**
 * The toolbar never overflows: from 1280 to 1920 px, in every run state (idle, running,
 * paused, waiting for approval, failed, completed), nothing on it is cut off or pushed off
 * screen, and every tool stays reachable — on the bar, or in the "More" menu (…) driven by
 * the keyboard. Screenshots of each state at 1280 and 1440 px, light and dark, go to
 * e2e/artifacts/toolbar-*.png. The theme toggle switches and remembers the theme.
 */
import type { Page } from '@playwright/test';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';
import { seriousViolations } from './governance-helpers';
import { openSpecFile, problemsSettled } from './editor-helpers';
import { ART, nodeState, openExample, startRun } from './run-helpers';
import { displayKeys, SHORTCUTS } from '../src-renderer/app/shortcuts';

test.use({ actionTimeout: 20_000 });

const WIDTHS = [1280, 1366, 1440, 1600, 1920];

/** Tools that must always be reachable, by accessible name (on the bar, or in the menu). */
const TOOLS = [
  'Save',
  'Export',
  'Open',
  'Auto-layout',
  'Policy view',
  'Inspector',
  'Spec JSON',
  'Secrets',
  'Keyboard shortcuts',
  'Settings',
];

/** Toolbar children sticking out of the toolbar, and whether its content overflows. */
async function overflow(page: Page): Promise<{ scroll: number; client: number; outside: string[] }> {
  return page.getByTestId('toolbar').evaluate((bar) => {
    const box = bar.getBoundingClientRect();
    const outside = [...bar.querySelectorAll<HTMLElement>('button, label, [role="group"], .wm-toolbar__doc')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
      })
      .map((el) => el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.className);
    return { scroll: bar.scrollWidth, client: bar.clientWidth, outside };
  });
}

/** Names of the tools on the bar and in the More menu (opened and closed with the keyboard). */
async function reachable(page: Page): Promise<string[]> {
  const bar = page.getByTestId('toolbar');
  const names = await bar
    .locator('button:visible')
    .evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()));
  const more = page.getByTestId('toolbar-more');
  if (await more.isVisible()) {
    await more.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByTestId('toolbar-more-menu');
    await expect(menu).toBeVisible();
    await expect(menu.locator('[role^="menuitem"]').first()).toBeFocused();
    names.push(
      ...(await menu
        .locator('[role^="menuitem"]')
        .evaluateAll((els) => els.map((e) => e.querySelector('.wm-menu__label')?.textContent?.trim() ?? ''))),
    );
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(more).toBeFocused();
  }
  return names;
}

/** At each width: nothing cut off, every tool reachable; screenshots (and axe, if asked) at 1280 and 1440. */
async function checkState(page: Page, state: string, axe = false): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 860 });
    // The fold level follows a ResizeObserver: wait until the bar has settled, not for a time.
    await expect
      .poll(async () => {
        const o = await overflow(page);
        return { cutOff: o.outside, overflows: o.scroll > o.client };
      }, `${state} at ${width}px`)
      .toEqual({ cutOff: [], overflows: false });
    // Read once the bar has settled: on a loaded machine the run state (and with it the fold
    // level) can still change just after the check above, and the bar and its menu must be read
    // at one level. What a person finds, every time they look, is every tool.
    let names: string[] = [];
    await expect
      .poll(
        async () => {
          names = await reachable(page);
          return TOOLS.filter(
            (tool) => !names.some((n) => n === tool || n.startsWith(`${tool} (`) || n.startsWith(`${tool}…`)),
          );
        },
        { message: `${state} at ${width}px: tools not reachable (bar and menu: ${names.join(', ')})` },
      )
      .toEqual([]);
    if (width === 1280 || width === 1440) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.waitForTimeout(100);
        await page.screenshot({ path: path.join(ART, `toolbar-${state}-${width}-${scheme}.png`) });
        if (axe && width === 1280 && (await page.getByTestId('toolbar-more').isVisible())) {
          // The More menu open, in both themes.
          await page.getByTestId('toolbar-more').click();
          await expect(page.getByTestId('toolbar-more-menu')).toBeVisible();
          await page.screenshot({ path: path.join(ART, `toolbar-${state}-menu-${width}-${scheme}.png`) });
          expect(await seriousViolations(page)).toEqual([]);
          await page.keyboard.press('Escape');
        } else if (axe) expect(await seriousViolations(page)).toEqual([]);
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
  }
  await page.setViewportSize({ width: 1440, height: 860 });
}

/** An HTTP API that answers only when told to, so a real (not simulated) run stays running. */
function slowApi() {
  const waiting: http.ServerResponse[] = [];
  let status = 200;
  const server = http.createServer((_req, res) => {
    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"no such order"}');
      return;
    }
    waiting.push(res);
  });
  return {
    server,
    listen: () =>
      new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port))),
    fail(code: number) {
      status = code;
    },
    release() {
      for (const res of waiting.splice(0))
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function apiSpec(port: number) {
  return JSON.stringify({
    specVersion: 1,
    id: 'slow-lookup',
    name: 'Slow lookup',
    connectors: { shop: { kind: 'http', baseUrl: `http://127.0.0.1:${port}`, risk: 'read' } },
    nodes: [
      { id: 'start', type: 'start', name: 'Start', position: { x: 0, y: 0 } },
      {
        id: 'lookup',
        type: 'tool',
        name: 'Look up the order',
        position: { x: 260, y: 0 },
        timeoutMs: 120000,
        config: { connector: 'shop', method: 'GET', path: '/orders/1' },
      },
      { id: 'end', type: 'end', name: 'Done', position: { x: 520, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'lookup' },
      { id: 'e2', source: 'lookup', target: 'end' },
    ],
  });
}

test('the toolbar fits from 1280 to 1920 px: idle, paused at a breakpoint, waiting for approval', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(420_000);
  await openExample(page);
  await checkState(page, 'idle', true);

  // Paused at a breakpoint: Step and Continue join the run group (the widest state).
  await page.getByTestId('node-lookup_order').click();
  await page.keyboard.press('F9');
  await startRun(page, { 'Ticket id': 'T-toolbar' });
  await expect(page.getByTestId('step')).toBeVisible();
  await checkState(page, 'paused', true);
  await page.getByTestId('continue').click();

  // Waiting for approval: the gate badge.
  await expect(nodeState(page, 'manager_approval')).toHaveAttribute('data-status', 'waiting');
  await checkState(page, 'waiting');
  expect(pageErrors).toEqual([]);
});

test('the toolbar fits from 1280 to 1920 px: running, completed, failed', async ({ page, host, pageErrors }) => {
  test.setTimeout(420_000);
  const api = slowApi();
  const port = await api.listen();
  try {
    await page.getByTestId('start-new').click();
    await openSpecFile(page, host.workDir, 'slow.waymark.json', apiSpec(port));
    await problemsSettled(page);
    // Running for real against an API that does not answer yet: Stop and Pause.
    await startRun(page, {}, false);
    await expect(page.getByTestId('stop')).toBeVisible();
    await expect(page.getByTestId('pause')).toBeVisible();
    await checkState(page, 'running');
    api.release();
    await expect(page.getByTestId('run-summary').getByTestId('run-status')).toHaveText('completed');
    await checkState(page, 'completed');

    // Failed: the API refuses the lookup and nothing catches it.
    api.fail(404);
    await startRun(page, {}, false);
    await expect(page.getByTestId('run-summary').getByTestId('run-status')).toHaveText('failed');
    // The run says where it stopped, by the step's name.
    await expect(page.getByTestId('failed-note')).toContainText('Failed at Look up the order');
    await checkState(page, 'failed');
  } finally {
    api.release();
    await api.close();
  }
  expect(pageErrors).toEqual([]);
});

test('the theme toggle switches light and dark and remembers the choice', async ({ page, hostUrl }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openExample(page);
  const toggle = page.getByTestId('toggle-theme');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await bg()).not.toBe(light);
  // Remembered across a reload.
  await page.goto(hostUrl);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await openExample(page);
  await expect(page.getByTestId('toggle-theme')).toHaveAttribute('aria-pressed', 'true');
  // Back to light, which is also what the OS says: the override is dropped.
  await page.getByTestId('toggle-theme').click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await bg()).toBe(light);
  // From the More menu on a window narrow enough to fold it there, by keyboard.
  await page.setViewportSize({ width: 820, height: 700 });
  await expect(page.getByTestId('toggle-theme')).toBeHidden();
  await page.getByTestId('toolbar-more').focus();
  await page.keyboard.press('Enter');
  const item = page.getByTestId('menu-theme');
  await expect(item).toHaveAttribute('aria-checked', 'false');
  await page.keyboard.press('d'); // a typed letter moves to "Dark theme"
  await expect(item).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('toolbar-more-menu')).toBeHidden();
});

test('the shortcuts sheet lists every shortcut, the debugger keys included', async ({ page, pageErrors }) => {
  await openExample(page);
  await page.getByTestId('node-classify').click();
  await page.keyboard.press('Shift+?');
  const sheet = page.getByTestId('shortcuts-dialog');
  await expect(sheet).toBeVisible();
  for (const s of SHORTCUTS) {
    // `has` is relative to the row: the row whose own <dt> says this.
    const dt = page.locator('dt').getByText(s.description, { exact: true });
    const row = sheet.locator('.wm-shortcuts__row').filter({ has: dt });
    await expect(row, s.description).toHaveCount(1);
    for (const k of s.keys) await expect(row.locator('kbd'), `${s.description}: ${k}`).toContainText([displayKeys(k)]);
  }
  for (const k of ['F5', 'Shift+F5', 'F9', 'F10', 'Shift+P', 'Ctrl+B', 'Ctrl+Alt+B'])
    await expect(sheet.locator('kbd', { hasText: new RegExp(`^${k.replace(/\+/g, '\\+')}$`) })).toHaveCount(1);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(ART, `shortcuts-sheet-1440-${scheme}.png`) });
    expect(await seriousViolations(page)).toEqual([]);
  }
  await expect(sheet).toContainText('Move the selected steps');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  // What the sheet says about steps holds: the selected step moves with the arrow keys.
  const node = page.locator('.react-flow__node[data-id="classify"]');
  const x0 = (await node.boundingBox())?.x ?? 0;
  await node.click();
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(async () => ((await node.boundingBox())?.x ?? 0) > x0).toBe(true);
  expect(pageErrors).toEqual([]);
});
