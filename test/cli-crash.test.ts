// Durability under SIGKILL: a run against a loopback ledger is killed at many points and
// resumed until it finishes. It must end with the same output as an uninterrupted run, never
// re-execute a completed step, and produce each logical side effect exactly once after
// de-duplicating by idempotency key.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { DEFAULT_ORDERS, startLedgerServer, type LedgerServer } from './fakes/ledger-server';
import { LEDGER_FLOW_OUTPUT, ledgerFlow } from './fixtures/flows';
import { cli, startCli, tempDir, type CliResult } from './helpers/cli';
import { rng } from './helpers/rng';

const dir = tempDir('waymark-crash-');
let ledger: LedgerServer;
let specFile: string;

beforeAll(async () => {
  // Each API answer is delayed after its effect is applied: a kill in that window is the
  // "effect happened, response lost" case that only an idempotency key makes safe.
  // A big order, so every scenario's refund fits in what is left to refund.
  const orders = DEFAULT_ORDERS.map((o) => (o.id === 'ord_1001' ? { ...o, amountCents: 10_000_000 } : o));
  ledger = await startLedgerServer({ delayMs: 60, orders });
  specFile = path.join(dir, 'flow.waymark.json');
  writeFileSync(specFile, JSON.stringify(ledgerFlow(ledger.url)));
});
afterAll(() => ledger.close());

const keysOf = (runId: string) => ledger.requests().filter((r) => r.idempotencyKey?.startsWith(`wm-${runId}-`));

describe('crash and resume (SIGKILL)', () => {
  let reference: { output: unknown; steps: number };

  it('an uninterrupted run sets the reference', async () => {
    const db = path.join(dir, 'reference.db');
    const r = await cli(['--db', db, '--json', 'run', specFile, '--run-id', 'reference']);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('completed');
    reference = { output: out.output, steps: 6 };
    expect(out.output).toEqual(LEDGER_FLOW_OUTPUT);
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
