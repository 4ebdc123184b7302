/**
 * How the adding and connecting UI looks: the step picker, the step and canvas menus and
 * the hover toolbar at 1280 and 1440 px, light and dark (e2e/artifacts/connect-*.png,
 * looked at by a person), each scanned with axe: no serious or critical violation.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import path from 'node:path';
import { addFromPort, clickPortAdd, paneMenu, stepMenu } from './connect-helpers';
import { dropFromPalette, node } from './editor-helpers';
import { expect, test } from './fixtures';

const ART = path.resolve(import.meta.dirname, 'artifacts');

test.use({ actionTimeout: 20_000 });

async function serious(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [1280, 1440]) {
    test(`picker, menus and hover toolbar look right (${scheme}, ${width} px)`, async ({ page, pageErrors }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height: 860 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByTestId('start-new').click();
      await dropFromPalette(page, 'start', 100, 140);
      await addFromPort(page, 'start', 'next', 'decision');
      await page.keyboard.type('Route ticket');
      const shot = (name: string) =>
        page.screenshot({ path: path.join(ART, `connect-${name}-${scheme}-${width}.png`) });

      await clickPortAdd(page, 'decision', 'branch:yes');
      await page.keyboard.type('a');
      await shot('picker');
      expect(await serious(page)).toEqual([]);
      await page.keyboard.press('Escape');

      const menu = await stepMenu(page, 'decision');
      await page.keyboard.press('ArrowDown');
      await shot('step-menu');
      expect(await serious(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(menu).toBeHidden();

      await paneMenu(page, 300, 380);
      await shot('canvas-menu');
      expect(await serious(page)).toEqual([]);
      await page.keyboard.press('Escape');

      await node(page, 'decision')
        .locator('.wm-node__head')
        .hover({ position: { x: 40, y: 10 } });
      await expect(page.getByTestId('hover-toolbar-decision')).toBeVisible();
      await page.getByTestId('hover-toolbar-decision').getByTestId('hover-duplicate').hover();
      await shot('hover-toolbar');
      expect(await serious(page)).toEqual([]);

      await node(page, 'decision').locator('.wm-node__head').click();
      await page.keyboard.press('c');
      await expect(page.getByTestId('connect-chooser')).toBeVisible();
      await shot('connect-chooser');
      expect(await serious(page)).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  }
}
