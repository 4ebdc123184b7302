/**
 * The zone inspector and the policy view, end to end: open refund triage from the start
 * screen, select the Payments zone, forbid "financial" there; the policy view turns the
 * refund step red with the rule on hover, the validator reports it, and undo restores
 * everything. Screenshots (light and dark) go to e2e/artifacts/; axe scans each panel.
 */
import { exportedText, problemsSettled } from './editor-helpers';
import { expect, test } from './fixtures';
import { openExample, seriousViolations, shot } from './governance-helpers';

for (const scheme of ['light', 'dark'] as const) {
  test(`zone policy edit shows in the policy view and problems, and undoes (${scheme})`, async ({
    page,
    pageErrors,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openExample(page);
    const refund = page.getByTestId('node-issue_refund');
    const mark = page.getByTestId('risk-issue_refund');

    // Risk badges: the refund is financial and runs unattended in Payments; the lookup reads.
    await expect(mark).toHaveAttribute('data-risk', 'financial');
    await expect(mark).toHaveAttribute('data-decision', 'allow');
    await expect(mark).toHaveAttribute('aria-label', 'Risk: financial · runs unattended');
    await expect(page.getByTestId('risk-lookup_order')).toHaveAttribute('data-risk', 'read');
    await expect(page.getByTestId('risk-classify')).toHaveAttribute('data-risk', 'draft');
    await expect(page.getByTestId('risk-amount_check')).toHaveCount(0); // a decision makes no call

    // Select the zone: the inspector shows its policy.
    await page.getByTestId('zone-payments').locator('.wm-zone__head').click();
    const inspector = page.getByTestId('zone-inspector');
    await expect(inspector).toBeVisible();
    const financial = inspector.getByRole('radiogroup', { name: 'Financial' });
    await expect(financial.getByRole('radio', { name: 'Unattended' })).toBeChecked();
    await expect(
      inspector.getByRole('radiogroup', { name: 'Destructive' }).getByRole('radio', { name: 'Forbidden' }),
    ).toBeChecked();
    await expect(inspector.getByLabel('Max cost')).toHaveValue('1');
    // The policy sections at the top of the inspector for the screenshot.
    await page.locator('.wm-inspector').evaluate((el) => {
      const autonomy = el.querySelector('[data-testid="zone-risk-classes"]')?.closest('details');
      if (autonomy instanceof HTMLElement) el.scrollTop = autonomy.offsetTop - 8;
    });
    await shot(page, `zone-inspector-${scheme}`);
    expect(await seriousViolations(page, '[data-testid="zone-inspector"]')).toEqual([]);

    // Forbid financial calls here.
    await financial.getByRole('radio', { name: 'Forbidden' }).check();
    await expect(mark).toHaveAttribute('data-decision', 'forbid');
    await expect(page.getByTestId('undo')).toHaveAttribute('aria-label', 'Undo financial: forbidden');

    // The validator warns about it (counted in the folded problems panel's header: open it).
    await problemsSettled(page);
    await expect(page.getByTestId('problems-warnings')).not.toHaveText('0');
    await page.getByRole('button', { name: 'Show problems' }).click();
    const problem = page.getByTestId('problem').filter({ hasText: 'This step may never make its call' });
    await expect(problem).toHaveCount(1);

    // Policy view: the refund step turns red; the legend counts it; hover says why.
    await page.getByTestId('policy-view-toggle').click();
    await expect(page.getByTestId('policy-view-toggle')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('policy-legend')).toBeVisible();
    await expect(page.getByTestId('legend-forbid')).toContainText('1');
    await expect(mark).toHaveAttribute('data-policy-tone', 'forbid');
    const border = await refund.evaluate((el) => getComputedStyle(el).borderTopColor);
    const danger = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--danger)';
      document.body.append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    expect(border).toBe(danger);
    await expect(page.getByTestId('node-lookup_order').getByTestId('risk-lookup_order')).toHaveAttribute(
      'data-policy-tone',
      'allow',
    );
    // Centre the refund step at a readable zoom (Find) for the hover card and screenshot.
    await page.keyboard.press('Control+K');
    await page.getByLabel('Node name').fill('Issue refund');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('search-dialog')).toBeHidden();
    await page.waitForTimeout(500);
    await refund.hover();
    const tip = page.getByTestId('policy-tooltip');
    await expect(tip).toBeVisible();
    await expect(tip).toContainText('Forbidden');
    await expect(tip).toContainText('zone "payments" forbids "financial"');
    await shot(page, `policy-view-${scheme}`);
    expect(await seriousViolations(page, '[data-testid="policy-legend"]')).toEqual([]);

    // Undo restores the policy, the colour and the problems.
    await page.getByTestId('undo').click();
    await expect(mark).toHaveAttribute('data-policy-tone', 'allow');
    await expect(page.getByTestId('legend-forbid')).toContainText('0');
    await problemsSettled(page);
    await expect(problem).toHaveCount(0);
    await page.getByTestId('policy-view-toggle').click();
    await expect(page.getByTestId('policy-legend')).toBeHidden();
    await page.getByTestId('zone-payments').locator('.wm-zone__head').click();
    await expect(
      page
        .getByTestId('zone-inspector')
        .getByRole('radiogroup', { name: 'Financial' })
        .getByRole('radio', { name: 'Unattended' }),
    ).toBeChecked();
    expect(pageErrors).toEqual([]);
  });
}

test('budgets, allow-lists and the approval rule edit the zone through the store', async ({ page, pageErrors }) => {
  await openExample(page);
  await page.getByTestId('zone-payments').locator('.wm-zone__head').click();
  const inspector = page.getByTestId('zone-inspector');
  await inspector.getByLabel('Max wall time', { exact: true }).fill('10');
  await expect(inspector.getByLabel('Max wall time unit')).toHaveValue('min');
  await inspector.getByText('Connectors and secrets').click();
  await inspector.getByTestId('zone-allow-connectors').getByLabel('orders').check();
  // Only "orders" is allowed now: the LLM steps are outside the zone, the refund still runs.
  await expect(page.getByTestId('risk-issue_refund')).toHaveAttribute('data-decision', 'allow');
  await inspector.getByTestId('zone-allow-secrets').getByLabel('OPENAI_API_KEY').check();
  // ORDERS_TOKEN is not in the secrets allow-list: the refund's connector may not be used.
  await expect(page.getByTestId('risk-issue_refund')).toHaveAttribute('data-decision', 'forbid');
  await inspector.getByRole('button', { name: 'Add approver' }).click();
  await inspector.getByRole('textbox', { name: 'Approvers 1' }).fill('finance-lead');
  await inspector.getByLabel('Timeout', { exact: true }).fill('2');
  await inspector.getByRole('radiogroup', { name: 'On timeout' }).getByRole('radio', { name: 'Escalate' }).check();
  await expect(inspector.getByText('Escalation needs someone to escalate to.')).toBeVisible();
  await inspector.getByRole('button', { name: 'Add escalate to' }).click();
  await inspector.getByRole('textbox', { name: 'Escalate to 1' }).fill('cfo');

  // What is saved: the canonical spec.
  const saved = JSON.parse(await exportedText(page)) as { zones: Array<{ policy: Record<string, unknown> }> };
  expect(saved.zones[0]?.policy).toMatchObject({
    connectors: ['orders'],
    secrets: ['OPENAI_API_KEY'],
    budget: { maxCostUsd: 1, maxWallTimeMs: 600_000 },
    approvals: { approvers: ['finance-lead'], timeoutMs: 7_200_000, onTimeout: 'escalate', escalateTo: ['cfo'] },
  });
  expect(pageErrors).toEqual([]);
});
