// A real ledger API on 127.0.0.1, called through the real composition root (Node HTTP,
// SQLite): a forbidden or unapproved refund must never reach it; an approved one arrives
// once, with the approver's edit.
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RiskClass } from '../shared/spec/schema';
import { openRuntime, type Runtime } from '../src-main/host/runtime';
import { startLedgerServer, type LedgerServer } from './fakes/ledger-server';
import { tempDir } from './helpers/cli';

let ledger: LedgerServer;
let rt: Runtime;
beforeAll(async () => {
  ledger = await startLedgerServer();
  rt = openRuntime({ dbPath: path.join(tempDir('waymark-policy-'), 'runs.db') });
});
afterAll(async () => {
  rt.close();
  await ledger.close();
});
// The request log outlives reset(): each test looks only at what arrived after it began.
let seen = 0;
beforeEach(() => {
  ledger.reset();
  seen = ledger.requests().length;
});
const requests = () => ledger.requests().slice(seen);

function refundFlow(zonePolicy?: { unattended: RiskClass[]; approval?: RiskClass[]; forbidden?: RiskClass[] }) {
  return {
    specVersion: 1,
    id: 'refund',
    name: 'Refund',
    connectors: { ledger: { kind: 'http', baseUrl: ledger.url, risk: 'read' } },
    ...(zonePolicy ? { zones: [{ id: 'payments', name: 'Payments', policy: zonePolicy }] } : {}),
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      { id: 'lookup', type: 'tool', name: 'Look up', config: { connector: 'ledger', path: '/orders/ord_1001' } },
      {
        id: 'refund',
        type: 'tool',
        name: 'Refund',
        ...(zonePolicy ? { zone: 'payments' } : {}),
        config: {
          connector: 'ledger',
          method: 'POST',
          path: '/refunds',
          risk: 'financial',
          body: '{ "orderId": nodes.lookup.id, "amountCents": 2000 }',
          requestSchema: {
            type: 'object',
            properties: { orderId: { const: 'ord_1001' }, amountCents: { type: 'integer', minimum: 1, maximum: 5000 } },
            required: ['orderId', 'amountCents'],
            additionalProperties: false,
          },
        },
      },
      { id: 'end', type: 'end', name: 'End' },
      { id: 'stopped', type: 'end', name: 'Stopped', config: { output: '{ "stopped": nodes.refund.error.code }' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'lookup' },
      { id: 'e2', source: 'lookup', target: 'refund' },
      { id: 'e3', source: 'refund', target: 'end' },
      { id: 'e4', source: 'refund', target: 'stopped', kind: 'error' },
    ],
  };
}

const refunds = () => requests().filter((r) => r.path === '/refunds');

describe('policy against a live loopback ledger', () => {
  it('a forbidden refund never reaches the server', async () => {
    const out = await rt.engine.start(refundFlow({ unattended: ['read'], forbidden: ['financial'] }), {});
    expect(out).toMatchObject({ status: 'completed', output: { stopped: 'policy' } });
    expect(requests().map((r) => r.path)).toEqual(['/orders/ord_1001']);
  });

  it('an unapproved refund waits without a request; a rejected one never goes out', async () => {
    const out = await rt.engine.start(refundFlow(), {});
    expect(out.status).toBe('waiting');
    expect(refunds()).toEqual([]);
    const done = await rt.engine.decide({ approvalId: out.approvalId as string, decision: 'rejected', by: 'ops' });
    expect(done).toMatchObject({ status: 'completed', output: { stopped: 'policy.rejected' } });
    expect(refunds()).toEqual([]);
  });

  it('an approved refund arrives once, with the edited amount; an edit outside the request schema is refused', async () => {
    const out = await rt.engine.start(refundFlow(), {});
    const a = rt.store.getApproval(out.approvalId as string);
    const payload = a?.payload as { body: object };
    await expect(
      rt.engine.decide({
        approvalId: a?.id as string,
        decision: 'approved',
        by: 'ops',
        payload: { ...payload, body: { orderId: 'ord_1001', amountCents: 900_000 } },
      }),
    ).rejects.toThrow(/amountCents must be <= 5000/);
    expect(refunds()).toEqual([]);
    const done = await rt.engine.decide({
      approvalId: a?.id as string,
      decision: 'approved',
      by: 'ops',
      payload: { ...payload, body: { orderId: 'ord_1001', amountCents: 1500 } },
    });
    expect(done).toMatchObject({ status: 'completed', output: { amountCents: 1500 } });
    expect(refunds()).toHaveLength(1);
    expect(ledger.ledger().effects).toMatchObject([{ kind: 'refund', orderId: 'ord_1001', amountCents: 1500 }]);
  });

  it('a zone that allows financial actions sends the refund unattended', async () => {
    const out = await rt.engine.start(refundFlow({ unattended: ['read', 'financial'] }), {});
    expect(out).toMatchObject({ status: 'completed', output: { amountCents: 2000 } });
    expect(refunds()).toHaveLength(1);
  });
});
