/**
 * An embedder's node type in the editor: a web host started with a registry that adds the
 * test-only Hold node (test/fixtures/nodes) serves it in its catalog, so it appears in the
 * palette, gets a form generated from its params, is validated by its own rules, and runs:
 * the run parks durably in Hold's `timer` wait state and the host's sweeper continues it
 * when the time has come. (Restart survival is driven through the API in
 * test/nodes-embedder.test.ts.)
 */
import path from 'node:path';
import { connect, dropFromPalette, problemsSettled } from './editor-helpers';
import { expect, test } from './fixtures';
import { ART, nodeState, runStatus, startRun } from './run-helpers';

test.use({ nodeTypes: 'test', actionTimeout: 20_000 });

test('an embedder node appears in the palette, gets a form, validates, runs and waits durably', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(120_000);
  await page.getByTestId('start-new').click();
  await expect(page.getByTestId('workflow-inspector')).toBeVisible();
  // The palette is built from the served catalog: Hold is there, under Flow.
  const item = page.getByTestId('palette-hold');
  await expect(item).toBeVisible();
  await expect(item).toContainText('Hold');
  await page.screenshot({ path: path.join(ART, 'nodes-embedder-palette.png') });
  for (const [type, x, y] of [
    ['start', 150, 110],
    ['hold', 400, 300],
    ['end', 650, 110],
  ] as const) {
    await dropFromPalette(page, type, x, y);
  }
  await expect(page.locator('.react-flow__node-step')).toHaveCount(3);
  await expect(page.getByTestId('node-hold')).toContainText('for 60 s'); // its summary template
  await connect(page, 'start', 'next', 'hold');
  await connect(page, 'hold', 'next', 'end');

  // The inspector's form comes from Hold's params; its own rule rejects holds over a week.
  await page.getByTestId('node-hold').click();
  const ni = page.getByTestId('node-inspector');
  await expect(ni).toBeVisible();
  const seconds = ni.getByLabel('Seconds', { exact: true });
  await seconds.click();
  await seconds.press('Control+A');
  await seconds.pressSequentially('900000');
  await seconds.press('Tab');
  await problemsSettled(page);
  await expect(page.getByTestId('problems-errors')).not.toHaveText('0');
  // A problem made in a valid workflow is counted in the folded panel's header: open it.
  const show = page.getByRole('button', { name: 'Show problems' });
  if (await show.isVisible()) await show.click();
  await expect(page.getByTestId('problems-list')).toContainText('longer than a week');
  await page.screenshot({ path: path.join(ART, 'nodes-embedder-form.png') });

  await seconds.click();
  await seconds.press('Control+A');
  await seconds.pressSequentially('2');
  await seconds.press('Tab');
  await ni.getByLabel('Note', { exact: true }).pressSequentially('cooling-off period');
  await problemsSettled(page);
  await expect(page.getByTestId('problems-errors')).toHaveText('0');
  await expect(page.getByTestId('node-hold')).toContainText('for 2 s');

  // Run it for real: it parks in its timer wait, then the host continues it when due.
  await startRun(page, {}, false);
  await expect(nodeState(page, 'hold')).toHaveAttribute('data-status', 'waiting');
  await expect(nodeState(page, 'hold')).toContainText('holding until a time'); // its wait state's label
  await page.screenshot({ path: path.join(ART, 'nodes-embedder-waiting.png') });
  await expect(nodeState(page, 'end')).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect.poll(() => runStatus(page)).toMatch(/completed/i);
  expect(pageErrors).toEqual([]);
});
