// Crash recovery through the API: a run is mid-request against a loopback ledger when the
// backend goes away (host and database closed, nothing finished or cancelled). A new backend
// on the same data dir lists the run as interrupted; runs.resume continues it to the same
// output an uninterrupted run gets, and the ledger shows no repeated side effect.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ORDERS, startLedgerServer, type LedgerServer } from './fakes/ledger-server';
import { connectClient, startTestHost } from './helpers/api-client';

/** Each ledger answer comes this late, after its effect is applied: the window the kill lands in. */
const DELAY_MS = 400;
let ledger: LedgerServer;

function flow(baseUrl: string) {
  return {
    specVersion: 1,
    id: 'refund-flow',
    name: 'Refund an order',
    connectors: { ledger: { kind: 'http', baseUrl, risk: 'read' } },
    // Refunds are financial: a zone lets them run unattended, as in the refund example.
    zones: [
      { id: 'payments', name: 'Payments', policy: { unattended: ['read', 'financial'], approval: [], forbidden: [] } },
    ],
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      { id: 'lookup', type: 'tool', name: 'Look up order', config: { connector: 'ledger', path: '/orders/ord_1001' } },
      {
        id: 'refund',
        type: 'tool',
        name: 'Refund',
        zone: 'payments',
        config: {
          connector: 'ledger',
          method: 'POST',
          path: '/refunds',
          risk: 'financial',
          body: '{ "orderId": nodes.lookup.id, "amountCents": 1000, "reason": "crash test" }',
        },
      },
      {
        id: 'summary',
        type: 'transform',
        name: 'Summary',
        config: {
          expression:
            '{ "order": nodes.lookup.id, "refunded": nodes.refund.amountCents, "status": nodes.refund.status }',
        },
      },
      { id: 'end', type: 'end', name: 'End' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'lookup' },
      { id: 'e2', source: 'lookup', target: 'refund' },
      { id: 'e3', source: 'refund', target: 'summary' },
      { id: 'e4', source: 'summary', target: 'end' },
    ],
  };
}

beforeAll(async () => {
  const orders = DEFAULT_ORDERS.map((o) => (o.id === 'ord_1001' ? { ...o, amountCents: 1_000_000 } : o));
  ledger = await startLedgerServer({ delayMs: DELAY_MS, orders });
});
afterAll(() => ledger?.close());

const refundsOf = (runId: string) =>
  ledger.ledger().effects.filter((e) => e.kind === 'refund' && e.idempotencyKey?.startsWith(`wm-${runId}-`));
const deliveries = (runId: string, idx: number) =>
  ledger.requests().filter((r) => r.idempotencyKey === `wm-${runId}-${idx}`).length;

describe('crash recovery', () => {
  it('lists a run left by a killed backend as interrupted and resumes it to the same output, with no repeated effect', async () => {
    const text = JSON.stringify(flow(ledger.url));
    const first = await startTestHost();
    const c1 = await connectClient(first.host);

    // Reference: the same workflow, uninterrupted.
    const ref = await c1.ok('runs.start', { text, input: {} });
    const reference = await c1.finished(ref.runId);
    expect(reference, JSON.stringify(reference.error)).toMatchObject({
      status: 'completed',
      output: { order: 'ord_1001', refunded: 1000, status: 'succeeded' },
    });

    // The victim: killed while its refund request has been applied but not answered.
    const { runId } = await c1.ok('runs.start', { text, input: {} });
    const deadline = Date.now() + 10_000;
    while (!ledger.requests().some((r) => r.path === '/refunds' && r.idempotencyKey === `wm-${runId}-2`)) {
      if (Date.now() > deadline) throw new Error('the refund request never arrived');
      await new Promise((r) => setTimeout(r, 10));
    }
    c1.close();
    await first.kill();
    expect(refundsOf(runId)).toHaveLength(1); // the effect happened; the old backend never learnt of it

    const second = await startTestHost({ dir: first.dir });
    const c2 = await connectClient(second.host);
    try {
      const listed = await c2.ok('runs.list', { specId: 'refund-flow' });
      expect(listed.map((r) => [r.id, r.status, r.interrupted])).toEqual([
        [runId, 'running', true],
        [ref.runId, 'completed', false],
      ]);
      expect((await c2.ok('runs.interrupted', {})).map((r) => r.id)).toEqual([runId]);
      expect((await c2.ok('runs.get', { runId })).run.interrupted).toBe(true);

      expect(await c2.ok('runs.resume', { runId })).toEqual({ runId });
      expect((await c2.ok('runs.get', { runId })).run.interrupted).toBe(false); // executing here now
      const finished = await c2.finished(runId);
      expect(finished).toMatchObject({ status: 'completed', output: reference.output });
      // The killed backend's lease was stale (its owner is gone): taken over, on the record.
      expect(c2.events(runId).slice(0, 2)).toMatchObject([
        {
          type: 'run.taken-over',
          reason: 'owner-gone',
          previousOwner: expect.stringMatching(/^the Waymark editor \(pid \d+ on /),
        },
        { type: 'run.resumed', fromStep: 2 },
      ]);

      // Completed steps were not executed again; the interrupted one was delivered again with
      // the same idempotency key and answered from the ledger's store: one refund.
      expect(deliveries(runId, 1)).toBe(1);
      expect(deliveries(runId, 2)).toBe(2);
      expect(refundsOf(runId)).toHaveLength(1);
      const detail = await c2.ok('runs.get', { runId });
      expect(detail.steps.map((s) => [s.nodeId, s.status])).toEqual([
        ['start', 'completed'],
        ['lookup', 'completed'],
        ['refund', 'completed'],
        ['summary', 'completed'],
        ['end', 'completed'],
      ]);
      // The request cut off by the crash was sent again as the same attempt: a crash costs none.
      expect(detail.steps[2]?.attempts).toBe(1);
      expect(await c2.ok('runs.interrupted', {})).toEqual([]);
    } finally {
      c2.close();
      await second.kill();
      await rm(first.dir, { recursive: true, force: true });
    }
  });
});
