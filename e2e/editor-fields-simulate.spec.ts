/**
 * Simulate readiness and honest outcomes. Before a simulated run starts, the Run dialog
 * names every step that would fail it for want of a pinned output, with "Pin from last
 * run" and "Add pinned output"; Run stays disabled until none is left. A run whose error
 * edge caught a failure is "completed with errors" — in the run panel, the history and on
 * the canvas (the caught step) — never plain green. Screenshots in light and dark.
 */
import path from 'node:path';
import { openSpecFile } from './editor-helpers';
import { expect, test } from './fixtures';
import { ART, nodeState, openExample, runStatus, startRun } from './run-helpers';

test.use({ actionTimeout: 20_000 });

const caught = {
  specVersion: 1,
  id: 'stock_check',
  name: 'Stock check',
  nodes: [
    { id: 'start', type: 'start', name: 'Start', position: { x: 0, y: 0 } },
    {
      id: 'check',
      type: 'transform',
      name: 'Check stock',
      config: { expression: '$error("out of stock")' },
      position: { x: 260, y: 0 },
    },
    { id: 'ok', type: 'end', name: 'In stock', position: { x: 520, y: -80 } },
    { id: 'fallback', type: 'end', name: 'Back-order', config: { outcome: 'backorder' }, position: { x: 520, y: 80 } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'check' },
    { id: 'e2', source: 'check', target: 'ok' },
    { id: 'e3', source: 'check', target: 'fallback', kind: 'error' },
  ],
};

for (const scheme of ['light', 'dark'] as const) {
  test(`a simulated run is checked before it starts (${scheme})`, async ({ page, pageErrors }) => {
    test.setTimeout(150_000);
    await page.emulateMedia({ colorScheme: scheme });
    await openExample(page);
    // A first simulated run: its outputs can be pinned from later.
    await startRun(page, {}, true);
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toMatch(/waiting|completed/);

    // Back to the inspector (the runs panel took its column), then unpin two steps.
    await page.getByRole('button', { name: 'Close runs panel' }).click();
    await expect(page.getByTestId('runs-panel')).toBeHidden();
    for (const id of ['classify', 'lookup_order']) {
      await page.getByTestId(`node-${id}`).click();
      const ni = page.getByTestId('node-inspector');
      const pin = ni.getByRole('switch', { name: 'Use a pinned output in simulation' });
      const section = ni
        .locator('details.wm-section')
        .filter({ has: page.locator('summary', { hasText: /^Pinned output/ }) });
      if (!(await section.evaluate((d) => (d as HTMLDetailsElement).open))) await section.locator('summary').click();
      await pin.uncheck({ force: true });
    }

    await page.getByTestId('run').click();
    const dialog = page.getByTestId('run-dialog');
    const toggle = dialog.getByTestId('simulate-toggle');
    if (!(await toggle.isChecked())) await toggle.setChecked(true, { force: true });
    const ready = dialog.getByTestId('simulate-readiness');
    await expect(ready).toContainText('2 steps have no pinned output');
    await expect(ready.getByTestId('pin-gap-classify')).toContainText('calls a model');
    await expect(ready.getByTestId('pin-gap-lookup_order')).toContainText('calls an API');
    await expect(dialog.getByTestId('run-submit')).toBeDisabled();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ART, `simulate-readiness-${scheme}.png`) });

    // One from the last run, one seeded from its declared output.
    await ready
      .getByTestId('pin-gap-classify')
      .getByRole('button', { name: /from run/ })
      .click();
    await expect(ready.getByTestId('pin-gap-classify')).toHaveCount(0);
    await ready
      .getByTestId('pin-gap-lookup_order')
      .getByRole('button', { name: /Add a pinned output/ })
      .click();
    await expect(ready).toHaveCount(0);
    await expect(dialog.getByTestId('run-submit')).toBeEnabled();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // What was pinned: the model's reply recorded by the first run; the lookup seeded from its response schema.
    await page.getByTestId('node-classify').click();
    const ni = page.getByTestId('node-inspector');
    // As a form (one control per declared field), with the recorded values.
    await expect(ni.getByLabel(/^category/)).toHaveValue('"damaged"');
    await expect(ni.getByLabel(/^confidence/)).toHaveValue('0.94');
    await page.getByTestId('node-lookup_order').click();
    await expect(ni.getByLabel(/^amountCents/)).toHaveValue('0');
    expect(pageErrors).toEqual([]);
  });

  test(`a run whose error edge caught a failure is "completed with errors" (${scheme})`, async ({
    page,
    host,
    pageErrors,
  }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByTestId('start-new').click();
    await openSpecFile(page, host.workDir, `stock-${scheme}.waymark.json`, JSON.stringify(caught));
    await expect(page.getByTestId('node-check')).toBeVisible();
    await startRun(page, {}, false);
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toBe('completed with errors');
    await expect(page.getByTestId('run-summary').getByTestId('run-status')).toHaveClass(
      /wm-pill--completed_with_errors/,
    );
    await expect(nodeState(page, 'check')).toHaveText('failed · caught');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ART, `completed-with-errors-${scheme}.png`) });

    await page.getByTestId('runs-tab-history').click();
    const row = page.getByTestId('history-panel').locator('[data-testid^="history-"]').first();
    await expect(row.getByTestId('run-status')).toHaveText('completed with errors');
    await page.screenshot({ path: path.join(ART, `history-completed-with-errors-${scheme}.png`) });
    expect(pageErrors).toEqual([]);
  });
}
