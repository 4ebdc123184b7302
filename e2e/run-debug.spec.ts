/**
 * Debugging from the editor: a breakpoint set on the canvas pauses the run before that
 * step; a watch expression reads the state; Step runs one node and pauses again; the
 * output of a finished step is edited at the pause, and Continue takes the path the edited
 * value leads to (a small amount: auto-approved, no gate).
 */
import { expect, test } from './fixtures';
import { nodeState, openExample, setMonacoText, shot, startRun } from './run-helpers';

test.use({ actionTimeout: 20_000 });

test('breakpoint, watch, step, edit state at a pause, continue', async ({ page, pageErrors }) => {
  await openExample(page);
  // F9 toggles a breakpoint on the selected step; the dot on the step's edge does too.
  await page.getByTestId('node-route_to_support').click();
  await page.keyboard.press('F9');
  await expect(page.getByTestId('bp-route_to_support')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('bp-route_to_support').click();
  await expect(page.getByTestId('bp-route_to_support')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('bp-lookup_order').click();
  await expect(page.getByTestId('bp-lookup_order')).toHaveAttribute('aria-pressed', 'true');
  await startRun(page, { 'Ticket id': 'T-debug' });

  // Paused before the breakpoint's node.
  await expect(page.getByTestId('run-summary').getByTestId('run-status')).toHaveText('paused');
  await expect(nodeState(page, 'lookup_order')).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('paused-note')).toContainText('Look up order');
  await page.getByLabel('Add a watch expression').fill('nodes.classify.category');
  await page.getByLabel('Add a watch expression').press('Enter');
  await expect(page.getByTestId('watch-value').first()).toHaveText('"damaged"');

  // Step (F10): one node runs, and the run pauses before the next.
  await page.getByTestId('trace-list').focus();
  await page.keyboard.press('F10');
  await expect(nodeState(page, 'lookup_order')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeState(page, 'amount_check')).toHaveAttribute('data-status', 'paused');

  // Edit what the order lookup returned: 30.00 instead of 129.00.
  await page.getByTestId('span-step:3').click();
  await page.getByTestId('edit-output').click();
  await setMonacoText(
    page,
    'edit-output-box',
    JSON.stringify({ id: 'ord_1001', amountCents: 3000, currency: 'EUR', refundedCents: 0 }),
  );
  await page.getByLabel('Your name (recorded with the edit)').fill('dora');
  await shot(page, 'debug-edit-light');
  await page.getByTestId('apply-edit').click();
  await expect(page.getByTestId('edit-output-box')).toBeHidden();

  // Continue: the edited amount is auto-approved, the gate is never reached.
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('run-summary').getByTestId('run-status')).toHaveText('completed');
  await expect(nodeState(page, 'auto_refund')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeState(page, 'manager_approval')).toHaveAttribute('data-status', 'skipped');
  await expect(page.locator('[data-kind="edit"]')).toHaveCount(1);
  await shot(page, 'debug-done-light');

  // Run one node on its own from the inspector, with a scope prefilled from the run.
  await page.getByTestId('toggle-runs').click();
  await page.getByTestId('node-classify').click();
  const inspector = page.getByTestId('node-inspector');
  await inspector.getByText('Debug', { exact: true }).click();
  await inspector.getByTestId('run-node-open').click();
  await expect(inspector.getByTestId('run-node-scope').locator('.monaco-editor')).toBeVisible();
  await inspector.getByTestId('run-node').click();
  const result = inspector.getByTestId('run-node-result');
  await expect(result).toContainText('done → next');
  await expect(result).toContainText('pinned');
  await result.scrollIntoViewIfNeeded();
  await expect(result.locator('.monaco-editor')).toBeVisible();
  await expect(result).toContainText('"damaged"');
  await shot(page, 'run-node-light');
  expect(pageErrors).toEqual([]);
});
