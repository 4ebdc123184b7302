/**
 * The audit log and the secrets panel, end to end: a simulated run of refund triage is
 * opened in the Audit tab, filtered by kind, its payload shown, and the chain verified;
 * the secrets panel explains where values come from on the web host, and on a host with a
 * secret store (as in the desktop app) sets and deletes a value without ever showing it.
 */
import { expect, test } from './fixtures';
import {
  desktopLikeTest,
  KEYRING_WARNING,
  openExample,
  seriousViolations,
  shot,
  startSimulatedRun,
} from './governance-helpers';

test.use({ actionTimeout: 20_000 });

test("a run's audit log: filter by kind, payload, verify the chain", async ({ page, pageErrors }) => {
  await openExample(page);
  await startSimulatedRun(page, { 'Ticket id': 'T-audit' });
  await expect(page.getByTestId('run-state-manager_approval')).toHaveAttribute('data-status', 'waiting');

  await page.getByTestId('audit-open').click();
  const panel = page.getByTestId('audit-panel');
  await expect(panel).toBeVisible();
  // Seqs number the whole chain: earlier tests on this worker's host may own the first ones.
  await expect(panel.locator('.wm-gov-row').first()).toBeVisible();
  await expect(panel.locator('[data-kind="run.started"]')).toHaveCount(1);
  await expect(panel.locator('[data-kind="approval.requested"]')).toHaveCount(1);

  await panel.getByTestId('audit-kind').selectOption('decision.taken');
  await expect(panel.locator('.wm-gov-row')).toHaveCount(2);
  await expect(panel.locator('.wm-gov-row').first()).toHaveAttribute('data-kind', 'decision.taken');
  await expect(panel.getByTestId('audit-count')).toContainText('2 of');
  await panel.locator('.wm-gov-row').first().click();
  const entry = panel.getByTestId('audit-entry');
  await expect(entry).toContainText('decision.taken');
  await expect(entry.getByTestId('json-payload')).toContainText('branch');

  await panel.getByTestId('audit-verify').click();
  await expect(panel.getByTestId('audit-verify-result')).toContainText('Chain intact');
  await shot(page, 'audit-log');
  expect(await seriousViolations(page, '[data-testid="audit-panel"]')).toEqual([]);

  await panel.getByTestId('audit-kind').selectOption('');
  await panel.getByTestId('audit-search').fill('approval');
  await expect(panel.locator('.wm-gov-row').first()).toBeVisible();
  for (const kind of await panel
    .locator('.wm-gov-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind'))))
    expect(kind).toMatch(/approval|decision|run/);
  expect(pageErrors).toEqual([]);
});

test('the web host keeps secrets entered in the editor in its memory, and says so', async ({ page, pageErrors }) => {
  await openExample(page);
  await page.getByTestId('tab-secrets').click();
  const panel = page.getByTestId('secrets-panel');
  await expect(panel.getByTestId('secrets-warning')).toContainText('in its memory only, until it stops');
  await expect(panel.getByTestId('secret-source-ORDERS_TOKEN')).toHaveText(/Missing|Environment/);
  await expect(panel.getByTestId('secret-OPENAI_API_KEY')).toContainText('used by "gpt"');
  await expect(panel.getByRole('button', { name: 'Set ORDERS_TOKEN' })).toBeVisible();
  expect(await seriousViolations(page, '[data-testid="secrets-panel"]')).toEqual([]);
  expect(pageErrors).toEqual([]);
});

desktopLikeTest(
  'with a secret store: set (write-only) and delete, with the keyring warning',
  async ({ page, pageErrors, secretStore }) => {
    await openExample(page);
    await page.getByTestId('tab-secrets').click();
    const panel = page.getByTestId('secrets-panel');
    await expect(panel.getByTestId('secrets-warning')).toHaveText(KEYRING_WARNING);
    const row = panel.getByTestId('secret-ORDERS_TOKEN');
    await expect(row.getByTestId('secret-source-ORDERS_TOKEN')).toHaveText('Missing');
    await row.getByRole('button', { name: 'Set ORDERS_TOKEN' }).click();
    const field = row.getByLabel('New value for ORDERS_TOKEN');
    await expect(field).toHaveAttribute('type', 'password');
    await field.fill('tok-e2e-planted-1234');
    await shot(page, 'secrets-set');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect(row.getByTestId('secret-source-ORDERS_TOKEN')).toHaveText('Stored');
    expect(secretStore.values.get('ORDERS_TOKEN')).toBe('tok-e2e-planted-1234');
    // Never shown back: not in the page, not in any input.
    await expect(page.locator('body')).not.toContainText('tok-e2e-planted-1234');
    expect(
      await page
        .locator('input')
        .evaluateAll((els) => els.some((e) => (e as HTMLInputElement).value.includes('tok-e2e'))),
    ).toBe(false);
    await shot(page, 'secrets-stored');
    expect(await seriousViolations(page, '[data-testid="secrets-panel"]')).toEqual([]);

    await row.getByRole('button', { name: 'Delete ORDERS_TOKEN' }).click();
    await expect(row.getByTestId('secret-source-ORDERS_TOKEN')).toHaveText('Missing');
    expect(secretStore.values.has('ORDERS_TOKEN')).toBe(false);
    expect(pageErrors).toEqual([]);
  },
);
