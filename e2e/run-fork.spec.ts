/**
 * Time travel: a finished run is forked from its middle step with an edited output; the
 * fork opens on the spec snapshot, runs to the end, is listed under its parent in the
 * history, and the two runs compare node by node.
 */
import { expect, test } from './fixtures';
import { nodeState, openExample, setMonacoText, shot, startRun } from './run-helpers';

test.use({ actionTimeout: 20_000 });

test('fork a finished run from its middle step and compare', async ({ page, pageErrors }) => {
  await openExample(page);
  const parent = await startRun(page, { 'Ticket id': 'T-fork' });
  await page.getByTestId('runs-tab-approvals').click();
  await page.locator('.wm-inbox__item', { hasText: parent }).click();
  await page.getByTestId('approver-name').fill('alice');
  await page.getByTestId('approve').click();
  await page.getByTestId('runs-tab-trace').click();
  await expect(page.getByTestId('run-summary').getByTestId('run-status')).toHaveText('completed');

  // Fork after "Look up order" (step 3 of 9) with a smaller amount.
  await page.getByTestId('span-step:3').click();
  await page.getByTestId('fork-here').click();
  const dialog = page.getByTestId('fork-dialog');
  await dialog.getByTestId('fork-edit').check();
  await setMonacoText(
    page,
    'fork-editor',
    JSON.stringify({
      amountCents: 3000,
      currency: 'EUR',
      customer: 'Ada Lovelace',
      email: 'ada@example.com',
      id: 'ord_1001',
      refundedCents: 0,
      status: 'paid',
    }),
  );
  await dialog.getByTestId('fork-submit').click();
  await expect(dialog).toBeHidden();

  // The fork opens on the snapshot, read-only, and finishes on the auto path.
  await expect(page.getByTestId('snapshot-canvas')).toBeVisible();
  await expect(page.getByTestId('run-summary')).toContainText(`fork of ${parent}`);
  await expect(page.getByTestId('run-summary').getByTestId('run-status')).toHaveText('completed');
  await expect(nodeState(page, 'auto_refund')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeState(page, 'manager_approval')).toHaveAttribute('data-status', 'skipped');
  // Steps up to the fork point were reused, not executed again: painted done, marked reused.
  await expect(nodeState(page, 'lookup_order')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeState(page, 'lookup_order')).toContainText('reused');
  await shot(page, 'fork-snapshot-light');

  // History: the fork sits under its parent. Compare them.
  await page.getByTestId('runs-tab-history').click();
  const parentRow = page.getByTestId(`history-${parent}`);
  await expect(parentRow).toBeVisible();
  const forkRow = page.locator('.wm-hist__row', { hasText: '↳ @3' });
  await expect(forkRow).toHaveCount(1);
  await parentRow.getByRole('checkbox').check();
  await forkRow.getByRole('checkbox').check();
  await shot(page, 'history-light');
  await page.getByTestId('compare').click();
  const cmp = page.getByTestId('compare-dialog');
  await expect(cmp.getByTestId('compare-lookup_order')).toContainText('1 change');
  await expect(cmp.getByTestId('compare-classify')).toContainText('same');
  await expect(cmp.getByTestId('compare-manager_approval')).toContainText('only in one run');
  await cmp.getByTestId('compare-lookup_order').getByRole('button', { name: '1 change' }).click();
  await expect(cmp).toContainText('$.amountCents');
  await shot(page, 'compare-light');
  await cmp.getByRole('button', { name: 'Close' }).click();
  await expect(cmp).toBeHidden();

  // Back to the document: the editable canvas returns. The toolbar's Inspector switch
  // gives the inspector its column back.
  await page.getByTestId('snapshot-back').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByRole('group', { name: 'Right panel' }).getByRole('button', { name: 'Inspector' }).click();
  await expect(page.getByTestId('runs-panel')).toBeHidden();
  await expect(page.locator('.wm-editor__right')).toBeVisible();
  expect(pageErrors).toEqual([]);
});
