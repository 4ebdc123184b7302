// The Cost panel as a person uses it: open an example, open Cost from the toolbar, type a
// volume key by key, read the figure (checked against the backend's own projection of the
// same spec), swap a step's model, and set an edge's probability prior in the inspector.
// Screenshots at 1280 and 1440 px, light and dark, go to e2e/artifacts/.
import type { Page } from '@playwright/test';
import { formatUsd } from '../shared/cost';
import { expect, test } from './fixtures';
import { openExample, shot } from './run-helpers';

/** Shows a right-column panel from the toolbar, or from its "More tools" menu when the toolbar folded it. */
async function showRight(page: Page, panel: 'cost' | 'inspector'): Promise<void> {
  const bar = page.getByRole('group', { name: 'Right panel' });
  if (await bar.isVisible()) {
    await bar.getByRole('button', { name: panel === 'cost' ? 'Cost' : 'Inspector', exact: true }).click();
    return;
  }
  await page.getByRole('button', { name: 'More tools' }).click();
  await page.getByRole('menuitemradio', { name: panel === 'cost' ? 'Cost' : 'Inspector', exact: true }).click();
}

async function openCost(page: Page): Promise<void> {
  await showRight(page, 'cost');
  await expect(page.getByTestId('cost-panel')).toBeVisible();
  await expect(page.getByTestId('cost-per-month')).toBeVisible();
}

async function typeVolume(page: Page, text: string): Promise<void> {
  const field = page.getByTestId('cost-volume');
  await field.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await field.pressSequentially(text);
}

test('typing a volume shows the projected monthly cost the backend computes', async ({ page, host }) => {
  await openExample(page, 'support-routing');
  await openCost(page);
  await typeVolume(page, '250000');
  // What the backend projects for this very spec at this volume (the same module as `waymark cost`).
  const { text } = await host.service.handlers['examples.read']({ name: 'support-routing' });
  const expected = await host.service.handlers['cost.project']({
    text,
    options: { volume: '250000', basis: 'auto', whatIf: [], infraMultiplier: 1 },
  });
  await expect(page.getByTestId('cost-per-month')).toHaveText(formatUsd(expected.perMonth.expected));
  await expect(page.getByTestId('cost-per-run')).toHaveText(formatUsd(expected.perRun.expected));
  await expect(page.getByTestId('cost-range')).toContainText(formatUsd(expected.perMonth.high));
  await expect(page.getByTestId('cost-chart')).toBeVisible();
  await expect(page.getByTestId('cost-driver-draft_answer')).toBeVisible();

  // Ten times the volume, ten times the cost.
  await typeVolume(page, '2500000');
  await expect(page.getByTestId('cost-per-month')).toHaveText(formatUsd(expected.perMonth.expected * 10));

  // A bad volume is named, and the figure is not replaced by a wrong one.
  await typeVolume(page, 'lots');
  await expect(page.getByTestId('cost-error')).toContainText('is not a number of runs per period');
});

test('a model swap and an edge prior change the projection', async ({ page }) => {
  await openExample(page, 'support-routing');
  await openCost(page);
  await typeVolume(page, '100000');
  const figure = page.getByTestId('cost-per-month');
  await expect(page.getByTestId('cost-driver-draft_answer')).toBeVisible();
  const before = (await figure.textContent()) ?? '';
  // gpt-4.1-nano is cheaper than the workflow's gpt-4o-mini on output: the what-if lowers the figure.
  await page.getByTestId('cost-swap-draft_answer').selectOption('openai/gpt-4.1-nano');
  await expect(page.getByTestId('cost-baseline')).toHaveText(before);
  await expect(figure).not.toHaveText(before);
  const money = (s: string | null) => Number((s ?? '').replace(/[$,]/g, ''));
  expect(money(await figure.textContent())).toBeLessThan(money(before));
  await page.getByTestId('cost-swap-draft_answer').selectOption('');
  await expect(figure).toHaveText(before);

  // The route step's branch to the knowledge base at 90%: Draft answer runs more often.
  await showRight(page, 'inspector');
  await page.getByTestId('rf__edge-e5').focus();
  await page.keyboard.press('Enter');
  const prior = page.getByTestId('edge-inspector').getByLabel('Probability (cost projection)');
  await prior.click();
  await prior.pressSequentially('0.9');
  await expect(prior).toHaveValue('0.9');
  await openCost(page);
  await expect(figure).not.toHaveText(before);
  expect(money(await figure.textContent())).toBeGreaterThan(money(before));
});

for (const scheme of ['light', 'dark'] as const)
  for (const width of [1280, 1440])
    test(`cost panel screenshot ${width} ${scheme}`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await openExample(page, 'refund-triage');
      await openCost(page);
      await typeVolume(page, '100000');
      await expect(page.getByTestId('cost-driver-draft_reply')).toBeVisible();
      await shot(page, `cost-panel-${width}-${scheme}`);
      // The lower half: zone budgets and the assumptions, opened.
      await page.getByTestId('cost-notes').locator('summary').click();
      await page.getByTestId('cost-panel').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await expect(page.getByTestId('cost-budgets')).toBeInViewport();
      await shot(page, `cost-panel-${width}-${scheme}-lower`);
    });
