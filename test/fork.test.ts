// Fork and replay semantics against a loopback ledger: a fork reuses recorded outputs up to
// its step (no side effect repeats), continues live after it, and may edit state first.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeAt, watch } from '../src-main/engine/inspect';
import { openRuntime, type Runtime } from '../src-main/host/runtime';
import { DEFAULT_ORDERS, startLedgerServer, type LedgerServer } from './fakes/ledger-server';
import { tempDir } from './helpers/cli';

let ledger: LedgerServer;
let rt: Runtime;

const flow = (baseUrl: string) => ({
  specVersion: 1,
  id: 'fork-flow',
  name: 'Refund then charge',
  connectors: { ledger: { kind: 'http', baseUrl, risk: 'financial' } },
  zones: [
    { id: 'money', name: 'Money', policy: { unattended: ['read', 'draft', 'financial'], approval: [], forbidden: [] } },
  ],
  nodes: [
    { id: 'start', type: 'start', name: 'Start', zone: 'money' },
    {
      id: 'lookup',
      type: 'tool',
      name: 'Look up',
      zone: 'money',
      config: { connector: 'ledger', path: '/orders/{{ input.orderId }}', risk: 'read' },
    },
    {
      id: 'refund',
      type: 'tool',
      name: 'Refund',
      zone: 'money',
      config: {
        connector: 'ledger',
        method: 'POST',
        path: '/refunds',
        body: '{ "orderId": nodes.lookup.id, "amountCents": 500 }',
      },
    },
    {
      id: 'charge',
      type: 'tool',
      name: 'Charge',
      zone: 'money',
      config: {
        connector: 'ledger',
        method: 'POST',
        path: '/payments',
        body: '{ "amountCents": 100, "currency": nodes.lookup.currency, "customer": nodes.lookup.customer }',
      },
    },
    {
      id: 'summary',
      type: 'transform',
      name: 'Summary',
      zone: 'money',
      config: {
        expression:
          '{ "customer": nodes.lookup.customer, "refund": nodes.refund.amountCents, "charged": nodes.charge.amountCents, "currency": nodes.charge.currency }',
      },
    },
    { id: 'end', type: 'end', name: 'End', zone: 'money' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'lookup' },
    { id: 'e2', source: 'lookup', target: 'refund' },
    { id: 'e3', source: 'refund', target: 'charge' },
    { id: 'e4', source: 'charge', target: 'summary' },
    { id: 'e5', source: 'summary', target: 'end' },
  ],
});

beforeAll(async () => {
  ledger = await startLedgerServer({ orders: DEFAULT_ORDERS.map((o) => ({ ...o, amountCents: 1_000_000 })) });
  rt = openRuntime({ dbPath: path.join(tempDir('waymark-fork-'), 'runs.db') });
});
afterAll(async () => {
  rt.close();
  await ledger.close();
});

const effectsOf = (runId: string) =>
  ledger.ledger().effects.filter((e) => e.idempotencyKey?.startsWith(`wm-${runId}-`));

describe('fork', () => {
  it('reuses recorded outputs up to the fork step and continues live after it', async () => {
    const parent = await rt.engine.start(flow(ledger.url), { orderId: 'ord_1001' }, { runId: 'parent' });
    expect(parent.status).toBe('completed');
    expect(effectsOf('parent').map((e) => e.kind)).toEqual(['refund', 'payment']);
    const before = ledger.requests().length;

    const fork = await rt.engine.fork('parent', { fromStep: 2, runId: 'fork-a' });
    expect(fork).toMatchObject({ status: 'completed', output: parent.output });
    // Only the steps after the fork point reached the server: the charge, once.
    const sent = ledger.requests().slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /payments']);
    expect(effectsOf('parent')).toHaveLength(2);
    expect(effectsOf('fork-a').map((e) => e.kind)).toEqual(['payment']);

    const run = rt.store.getRun('fork-a');
    expect(run).toMatchObject({ parentRunId: 'parent', forkedFromStep: 2 });
    const steps = rt.store.getSteps('fork-a');
    expect(steps.map((s) => [s.nodeId, s.reusedFrom ?? null])).toEqual([
      ['start', 'parent'],
      ['lookup', 'parent'],
      ['refund', 'parent'],
      ['charge', null],
      ['summary', null],
      ['end', null],
    ]);
    // Reused steps cost nothing in the fork; the parent keeps its own record.
    expect(steps[2]?.output).toEqual(rt.store.getSteps('parent')[2]?.output);
  });

  it('continues with edited state: the edited output flows into later live steps', async () => {
    const before = ledger.requests().length;
    const lookup = rt.store.getSteps('parent')[1]?.output as Record<string, unknown>;
    const fork = await rt.engine.fork('parent', {
      fromStep: 1,
      runId: 'fork-b',
      edits: { lookup: { ...lookup, customer: 'Edited Customer', currency: 'GBP' } },
    });
    expect(fork).toMatchObject({
      status: 'completed',
      output: { customer: 'Edited Customer', currency: 'GBP', refund: 500, charged: 100 },
    });
    const sent = ledger.requests().slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /refunds', 'POST /payments']);
    expect(effectsOf('fork-b').find((e) => e.kind === 'payment')).toMatchObject({ currency: 'GBP' });
    expect(rt.store.getSteps('fork-b')[1]).toMatchObject({ edited: true, reusedFrom: 'parent' });
  });

  it('forks of forks form a tree', async () => {
    const out = await rt.engine.fork('fork-b', { fromStep: 3, runId: 'fork-c' });
    expect(out.status).toBe('completed');
    expect(rt.store.getRun('fork-c')).toMatchObject({ parentRunId: 'fork-b', forkedFromStep: 3 });
    expect(effectsOf('fork-c').map((e) => e.kind)).toEqual([]);
  });

  it('refuses forks that cannot be honoured, saying why', async () => {
    await expect(rt.engine.fork('parent', { fromStep: 5 })).rejects.toThrow(
      /ends run parent; there is nothing after it/,
    );
    await expect(rt.engine.fork('parent', { fromStep: 9 })).rejects.toThrow(/has no step 9/);
    await expect(rt.engine.fork('parent', { fromStep: 1, edits: { charge: {} } })).rejects.toThrow(
      /node "charge" has no output at or before step 1 to edit; nodes with outputs: start, lookup/,
    );
    await expect(rt.engine.fork('nope', { fromStep: 1 })).rejects.toThrow(/no run "nope"/);
  });
});

describe('inspecting state', () => {
  it('gives the scope after any step and evaluates watch expressions there', async () => {
    expect(scopeAt(rt.store, 'parent', 1).nodes).toEqual({
      start: { orderId: 'ord_1001' },
      lookup: expect.objectContaining({ id: 'ord_1001' }),
    });
    const results = await watch(rt.store, 'parent', 2, [
      'nodes.refund.amountCents',
      'nodes.charge',
      '$count($keys(nodes))',
      'nodes.(',
    ]);
    expect(results[0]).toEqual({ expression: 'nodes.refund.amountCents', value: 500 });
    expect(results[1]).toEqual({ expression: 'nodes.charge', value: null });
    expect(results[2]).toEqual({ expression: '$count($keys(nodes))', value: 3 });
    expect(results[3]?.error).toMatch(/expression/);
  });
});
