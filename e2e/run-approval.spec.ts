/**
 * Running from the editor, end to end in the web host: the refund-triage example runs
 * (simulated) to its approval gate; the gate shows on the canvas and in the inbox with
 * what it wants to do and why; approving with an edited amount lets it finish with that
 * amount; a second decision of the same gate is refused with a clear message.
 */
import os from 'node:os';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { nodeState, openExample, setMonacoText, shot, startRun } from './run-helpers';

test.use({ actionTimeout: 20_000 });

/** Serious or critical axe findings inside the runs panel. */
async function panelViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('[data-testid="runs-panel"]').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')})`,
    );
}

for (const scheme of ['light', 'dark'] as const) {
  test(`refund triage to its gate, approved with an edited amount (${scheme})`, async ({ page, host, pageErrors }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openExample(page);
    // The worker's host is shared: other tests may have left gates open. Count from here.
    const badge = page.getByTestId('approvals-badge');
    const before = (await badge.count()) ? Number(await badge.textContent()) : 0;
    const runId = await startRun(page, { 'Ticket id': `T-${scheme}` });

    // The canvas paints the path: done nodes, the gate waiting, the taken edges.
    await expect(nodeState(page, 'manager_approval')).toHaveAttribute('data-status', 'waiting');
    await expect(nodeState(page, 'classify')).toHaveAttribute('data-status', 'succeeded');
    await expect(page.getByTestId('run-badges-lookup_order')).toBeVisible();
    await expect(page.locator('.wm-edge-path.is-taken')).toHaveCount(5);
    await expect(badge).toHaveText(String(before + 1));

    // Trace: spans for the steps; a step's details show its output.
    await expect(page.getByTestId('span-step:4')).toBeVisible();
    await page.getByTestId('span-step:4').click();
    await expect(page.getByTestId('span-details')).toContainText('no rule held');
    await page.getByTestId('node-classify').click();
    await expect(page.getByTestId('span-step:1')).toHaveAttribute('aria-selected', 'true');
    await shot(page, `trace-${scheme}`);
    expect(await panelViolations(page)).toEqual([]);
    await page.getByTestId('view-timeline').click();
    await shot(page, `timeline-${scheme}`);

    // The inbox: what (payload), why (decisions), cost; edit the amount and approve.
    // A click on the gate's desktop notification arrives as `approvals.open`: the inbox
    // opens on that approval.
    await page.getByTestId('runs-tab-history').click();
    const listed = (await host.service.dispatch('approvals.list', { runId, status: 'pending' })) as {
      result: { approval: { id: string } }[];
    };
    const approvalId = listed.result[0]!.approval.id;
    host.service.events.notify({ command: 'approvals.open', approvalId, runId });
    await expect(page.getByTestId('runs-tab-approvals')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId(`approval-${approvalId}`)).toHaveAttribute('aria-current', 'true');
    const detail = page.getByTestId('approval-detail');
    await expect(detail).toContainText('Refund 129.00 EUR for order ord_1001');
    await expect(detail).toContainText('no rule held');
    // Decisions are recorded under the host's OS account, the typed display name beside it;
    // the engine's own names are refused in any case, before anything is sent.
    const account = os.userInfo().username;
    await expect(page.getByTestId('approver-account')).toHaveText(
      `Recorded as OS account ${account}, with this name beside it`,
    );
    await expect(page.getByTestId('approver-name')).toHaveAttribute('placeholder', account);
    const name = page.getByTestId('approver-name');
    await name.fill('System:Timeout');
    await page.getByTestId('approve').click();
    await expect(page.getByTestId('approval-problem')).toContainText(
      '"System:Timeout" is reserved for decisions the engine makes itself',
    );
    await name.fill('');
    await expect(page.getByTestId('approval-problem')).toHaveCount(0);
    await name.pressSequentially('alice');
    await page.getByTestId('approval-comment').fill('partial refund agreed by phone');
    await shot(page, `approvals-${scheme}`);
    expect(await panelViolations(page)).toEqual([]);
    await page.getByTestId('edit-payload').click();
    await setMonacoText(
      page,
      'payload-editor',
      JSON.stringify({ orderId: 'ord_1001', amountCents: 0, currency: 'EUR' }),
    );
    await expect(page.getByTestId('payload-error')).toContainText('amountCents');
    await expect(page.getByTestId('approve-edited')).toBeDisabled();
    await setMonacoText(
      page,
      'payload-editor',
      JSON.stringify({ orderId: 'ord_1001', amountCents: 9000, currency: 'EUR', reason: 'partial' }),
    );
    await expect(page.getByTestId('payload-error')).toHaveCount(0);
    await shot(page, `approvals-edit-${scheme}`);
    await page.getByTestId('approve-edited').click();

    // The run continues and finishes with the edited amount.
    if (before === 0) await expect(badge).toHaveCount(0);
    else await expect(badge).toHaveText(String(before));
    await page.getByTestId('runs-tab-trace').click();
    await expect(page.getByTestId('run-summary').getByTestId('run-status')).toHaveText('completed');
    await expect(nodeState(page, 'refunded')).toHaveAttribute('data-status', 'succeeded');
    await expect(nodeState(page, 'routed')).toHaveAttribute('data-status', 'skipped');
    // The decision is on the trace with the edited payload (the simulated refund step
    // answers from its pinned data, so the run output keeps the pinned amount).
    const resolved = page.locator('[data-kind="approval"]', { hasText: 'Approved by alice' });
    await page.getByTestId('view-tree').click();
    await expect(resolved).toContainText('payload edited');
    await resolved.click();
    await expect(page.getByTestId('span-details')).toContainText('Approved payload (edited)');
    await expect(page.getByTestId('span-details')).toContainText('"amountCents": 9000');
    await expect(page.getByTestId('span-details')).toContainText('partial refund agreed by phone');
    await expect(page.getByTestId('span-details')).toContainText(new RegExp(`OS account\\s*${account}`));

    // Deciding the same gate again (a second window, the CLI) is refused, clearly.
    const again = await page.evaluate(
      async ({ id, token }) => {
        const ws = new WebSocket(`ws://${location.host}/api?token=${token}`);
        await new Promise((r) => (ws.onopen = r));
        const approvals = await new Promise<{ result: { approval: { id: string } }[] }>((r) => {
          ws.onmessage = (m) => {
            const d = JSON.parse(String(m.data));
            if (d.id === 1) r(d);
          };
          ws.send(JSON.stringify({ id: 1, method: 'approvals.list', params: { runId: id } }));
        });
        const reply = await new Promise<{ error?: { code: string; message: string } }>((r) => {
          ws.onmessage = (m) => {
            const d = JSON.parse(String(m.data));
            if (d.id === 2) r(d);
          };
          ws.send(
            JSON.stringify({
              id: 2,
              method: 'approvals.decide',
              params: { approvalId: approvals.result[0]!.approval.id, decision: 'approved', by: 'bob' },
            }),
          );
        });
        ws.close();
        return reply.error;
      },
      { id: runId, token: host.token },
    );
    expect(again?.code).toBe('conflict');
    expect(again?.message).toMatch(/already approved by alice/);
    expect(pageErrors).toEqual([]);
  });
}

test('a gate decided outside this window (the CLI, a timeout) says so in the inbox', async ({
  page,
  host,
  pageErrors,
}) => {
  await openExample(page);
  const runId = await startRun(page, { 'Ticket id': 'T-elsewhere' });
  await expect(nodeState(page, 'manager_approval')).toHaveAttribute('data-status', 'waiting');
  await page.getByTestId('runs-tab-approvals').click();
  await page.locator('.wm-inbox__item', { hasText: runId }).click();
  const listed = (await host.service.dispatch('approvals.list', { runId, status: 'pending' })) as {
    result: { approval: { id: string } }[];
  };
  // As `waymark approve --reject --as bob` on the same database would.
  await host.service.dispatch('approvals.decide', {
    approvalId: listed.result[0]!.approval.id,
    decision: 'rejected',
    by: 'bob',
  });
  await expect(page.getByTestId('decided-elsewhere')).toContainText('rejected by bob');
  await expect(page.locator('.wm-inbox__item', { hasText: runId })).toHaveCount(0);
  await page.getByTestId('runs-tab-trace').click();
  await expect(page.getByTestId('run-summary').getByTestId('run-status')).toHaveText('completed');
  await expect(nodeState(page, 'rejected')).toHaveAttribute('data-status', 'succeeded');
  expect(pageErrors).toEqual([]);
});
