// Durability under SIGKILL: a run against a loopback ledger is killed at many points and
// resumed until it finishes. It must end with the same output as an uninterrupted run, never
// re-execute a completed step, and produce each logical side effect exactly once after
// de-duplicating by idempotency key.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { DEFAULT_ORDERS, startLedgerServer, type LedgerServer } from './fakes/ledger-server';
import { cli, startCli, tempDir, type CliResult } from './helpers/cli';

const dir = tempDir('waymark-crash-');
let ledger: LedgerServer;
let specFile: string;

function flow(baseUrl: string) {
  return {
    specVersion: 1,
    id: 'crash-flow',
    name: 'Refund then charge',
    connectors: { ledger: { kind: 'http', baseUrl, risk: 'read' } },
    // The money moves run unattended in a zone that allows financial actions (not a governance test).
    zones: [
      {
        id: 'payments',
        name: 'Payments',
        policy: { unattended: ['read', 'financial'], approval: [], forbidden: ['destructive'] },
      },
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
          risk: 'financial',
          method: 'POST',
          path: '/refunds',
          body: '{ "orderId": nodes.lookup.id, "amountCents": 1000, "reason": "crash test" }',
        },
      },
      {
        id: 'charge',
        type: 'tool',
        name: 'Charge fee',
        zone: 'payments',
        config: {
          connector: 'ledger',
          risk: 'financial',
          method: 'POST',
          path: '/payments',
          body: '{ "amountCents": 250, "currency": nodes.lookup.currency, "customer": nodes.lookup.customer, "orderId": nodes.lookup.id }',
        },
      },
      {
        id: 'summary',
        type: 'transform',
        name: 'Summary',
        config: {
          expression:
            '{ "order": nodes.lookup.id, "refunded": nodes.refund.amountCents, "charged": nodes.charge.amountCents, "currency": nodes.charge.currency }',
        },
      },
      { id: 'end', type: 'end', name: 'End' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'lookup' },
      { id: 'e2', source: 'lookup', target: 'refund' },
      { id: 'e3', source: 'refund', target: 'charge' },
      { id: 'e4', source: 'charge', target: 'summary' },
      { id: 'e5', source: 'summary', target: 'end' },
    ],
  };
}

beforeAll(async () => {
  // Each API answer is delayed after its effect is applied: a kill in that window is the
  // "effect happened, response lost" case that only an idempotency key makes safe.
  // A big order, so every scenario's refund fits in what is left to refund.
  const orders = DEFAULT_ORDERS.map((o) => (o.id === 'ord_1001' ? { ...o, amountCents: 10_000_000 } : o));
  ledger = await startLedgerServer({ delayMs: 60, orders });
  specFile = path.join(dir, 'flow.waymark.json');
  writeFileSync(specFile, JSON.stringify(flow(ledger.url)));
});
afterAll(() => ledger.close());

const keysOf = (runId: string) => ledger.requests().filter((r) => r.idempotencyKey?.startsWith(`wm-${runId}-`));

/** Mulberry32: reproducible kill times. */
function rng(seed: number) {
  return () => {
    let t = (seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('crash and resume (SIGKILL)', () => {
  let reference: { output: unknown; steps: number };

  it('an uninterrupted run sets the reference', async () => {
    const db = path.join(dir, 'reference.db');
    const r = await cli(['--db', db, '--json', 'run', specFile, '--run-id', 'reference']);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('completed');
    reference = { output: out.output, steps: 6 };
    expect(out.output).toEqual({ order: 'ord_1001', refunded: 1000, charged: 250, currency: 'EUR' });
  });

  it('survives kills at many points with identical output and no repeated effect', async () => {
    const random = rng(7);
    let totalKills = 0;
    let totalRedeliveries = 0;
    for (let scenario = 0; scenario < 16; scenario++) {
      const runId = `crash-${scenario}`;
      const db = path.join(dir, `${runId}.db`);
      let kills = 0;
      let final: CliResult | undefined;
      for (let attempt = 0; attempt < 40 && !final; attempt++) {
        const exists = existsSync(db) && !!new SqliteCheckpointStore({ path: db }).getRun(runId);
        const args = exists ? ['--db', db, 'resume', runId] : ['--db', db, 'run', specFile, '--run-id', runId];
        const { child, done } = startCli(args);
        // Kill after a random number of completed steps, a random time into the next one
        // (each HTTP step takes ≥ 60 ms); on late attempts, let it finish.
        const afterSteps = Math.floor(random() * 6);
        const delay = random() * 90;
        let seen = 0;
        let timer: NodeJS.Timeout | undefined;
        if (attempt < 6) {
          child.stderr?.on('data', (d: Buffer) => {
            seen += (d.toString().match(/✓|▶|↺/g) ?? []).length;
            if (seen > afterSteps && !timer) timer = setTimeout(() => child.kill('SIGKILL'), delay);
          });
        }
        const r = await done;
        clearTimeout(timer);
        if (r.signal === 'SIGKILL') kills++;
        else final = r;
      }
      expect(final, `scenario ${scenario} never finished`).toBeDefined();
      expect((final as CliResult).code, (final as CliResult).stderr).toBe(0);
      expect(JSON.parse((final as CliResult).stdout)).toEqual(reference.output);

      // Each logical side effect exactly once, after de-duplicating by idempotency key.
      const effects = ledger.ledger().effects.filter((e) => e.idempotencyKey?.startsWith(`wm-${runId}-`));
      expect(effects.map((e) => e.kind).sort()).toEqual(['payment', 'refund']);
      // A kill can interrupt at most one in-flight step, so each kill adds at most one
      // re-delivery; completed steps are never sent again.
      const requests = keysOf(runId);
      const perKey = new Map<string, number>();
      for (const r of requests)
        perKey.set(r.idempotencyKey as string, (perKey.get(r.idempotencyKey as string) ?? 0) + 1);
      expect(perKey.size).toBe(3);
      const redeliveries = [...perKey.values()].reduce((n, c) => n + c - 1, 0);
      expect(redeliveries).toBeLessThanOrEqual(kills);

      const store = new SqliteCheckpointStore({ path: db });
      const steps = store.getSteps(runId);
      expect(steps.map((s) => [s.nodeId, s.status])).toEqual(
        ['start', 'lookup', 'refund', 'charge', 'summary', 'end'].map((n) => [n, 'completed']),
      );
      const seqs = store.getEvents(runId).map((e) => e.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i));
      store.close();
      totalKills += kills;
      totalRedeliveries += redeliveries;
    }
    // The scenarios must actually have exercised crashes.
    expect(totalKills).toBeGreaterThanOrEqual(12);
    expect(totalRedeliveries).toBeGreaterThan(0);
  }, 240_000);
});
