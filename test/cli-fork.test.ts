// `waymark fork` through the real binary: reuse up to a step, continue live, edits applied.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_ORDERS, startLedgerServer, type LedgerServer } from './fakes/ledger-server';
import { cli, tempDir } from './helpers/cli';

const dir = tempDir('waymark-cli-fork-');
const db = path.join(dir, 'runs.db');
let ledger: LedgerServer;
let specFile: string;

beforeAll(async () => {
  ledger = await startLedgerServer({ orders: DEFAULT_ORDERS.map((o) => ({ ...o, amountCents: 1_000_000 })) });
  specFile = path.join(dir, 'flow.waymark.json');
  writeFileSync(
    specFile,
    JSON.stringify({
      specVersion: 1,
      id: 'cli-fork',
      name: 'CLI fork',
      connectors: { ledger: { kind: 'http', baseUrl: ledger.url, risk: 'financial' } },
      zones: [
        {
          id: 'money',
          name: 'Money',
          policy: {
            unattended: ['read', 'draft', 'financial'],
            approval: [],
            forbidden: [],
            budget: { maxCostUsd: 1 },
          },
        },
      ],
      nodes: [
        { id: 'start', type: 'start', name: 'Start', zone: 'money' },
        {
          id: 'lookup',
          type: 'tool',
          name: 'Look up',
          zone: 'money',
          config: { connector: 'ledger', path: '/orders/ord_1001', risk: 'read' },
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
            body: '{ "orderId": nodes.lookup.id, "amountCents": 700 }',
          },
        },
        {
          id: 'end',
          type: 'end',
          name: 'End',
          zone: 'money',
          config: { output: '{ "customer": nodes.lookup.customer, "refunded": nodes.refund.amountCents }' },
        },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'lookup' },
        { id: 'e2', source: 'lookup', target: 'refund' },
        { id: 'e3', source: 'refund', target: 'end' },
      ],
    }),
  );
});
afterAll(() => ledger.close());

it('forks from a step with an edit, repeating no earlier side effect', async () => {
  const first = await cli(['--db', db, '--json', 'run', specFile, '--run-id', 'p1']);
  expect(JSON.parse(first.stdout)).toMatchObject({
    status: 'completed',
    output: { customer: 'Ada Lovelace', refunded: 700 },
  });
  const lookups = () => ledger.requests().filter((r) => r.path === '/orders/ord_1001').length;
  const before = lookups();
  const fork = await cli([
    '--db',
    db,
    '--json',
    'fork',
    'p1',
    '--from',
    '1',
    '--edit',
    '{"lookup": {"id": "ord_1001", "customer": "Grace"}}',
    '--run-id',
    'f1',
  ]);
  expect(fork.code, fork.stderr).toBe(0);
  expect(JSON.parse(fork.stdout)).toMatchObject({
    runId: 'f1',
    status: 'completed',
    output: { customer: 'Grace', refunded: 700 },
  });
  expect(lookups()).toBe(before);
  expect(ledger.ledger().effects.filter((e) => e.idempotencyKey?.startsWith('wm-f1-'))).toHaveLength(1);
  const show = JSON.parse((await cli(['--db', db, '--json', 'show', 'f1'])).stdout);
  expect(show.run).toMatchObject({ parentRunId: 'p1', forkedFromStep: 1 });
  const bad = await cli(['--db', db, 'fork', 'p1', '--from', '3']);
  expect(bad.code).toBe(4);
  expect(bad.stderr).toMatch(/nothing after it/);
});
