// Retries that survive crashes: a kill -9 sweep with the default 3 attempts against a flaky
// loopback ledger. Every call's idempotency key fails its first 0, 1 or 2 requests (503,
// some with Retry-After), so every run succeeds when nothing crashes — and must still
// succeed when the process is killed, above all while it sleeps before a retry: a kill never
// costs an attempt. Each logical effect happens exactly once.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { DEFAULT_ORDERS, startLedgerServer, type LedgerServer } from './fakes/ledger-server';
import { LEDGER_FLOW_OUTPUT, ledgerFlow } from './fixtures/flows';
import { startCli, tempDir, type CliResult } from './helpers/cli';
import { rng } from './helpers/rng';

const dir = tempDir('waymark-retry-crash-');
let ledger: LedgerServer;
let specFile: string;

/** 0, 1 or 2 failures per key (never 3: with 3 attempts every call gets through). */
function failures(key: string): number {
  let h = 7;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 3;
}

beforeAll(async () => {
  const orders = DEFAULT_ORDERS.map((o) => (o.id === 'ord_1001' ? { ...o, amountCents: 100_000_000 } : o));
  ledger = await startLedgerServer({
    delayMs: 60,
    orders,
    // Some second failures ask for a 1 s pause: a kill during a Retry-After sleep is covered too.
    flaky: { failures, retryAfter: (key, n) => (n === 2 && key.endsWith('-3') ? '1' : undefined) },
  });
  specFile = path.join(dir, 'flow.waymark.json');
  // The default attempt count (3); shorter pauses than the default, so the sweep stays short.
  const retry = { maxAttempts: 3, initialDelayMs: 300, backoffMultiplier: 2, maxDelayMs: 2000, jitter: 0.2 };
  writeFileSync(specFile, JSON.stringify(ledgerFlow(ledger.url, retry)));
});
afterAll(() => ledger.close());

describe('kill -9 sweep with retries', () => {
  it('no run fails because of a kill, no effect happens twice, no attempt is burnt by a kill', async () => {
    const random = rng(11);
    let backoffKills = 0;
    let otherKills = 0;
    for (let scenario = 0; scenario < 8; scenario++) {
      const runId = `sweep-${scenario}`;
      const db = path.join(dir, `${runId}.db`);
      let final: CliResult | undefined;
      let killsLeft = 1 + Math.floor(random() * 3);
      for (let round = 0; round < 20 && !final; round++) {
        const started = round > 0;
        // Progress lines on stderr (not --json): the sweep aims its kills by them.
        const args = started ? ['--db', db, 'resume', runId] : ['--db', db, 'run', specFile, '--run-id', runId];
        const { child, done } = startCli(args);
        let timer: NodeJS.Timeout | undefined;
        let kind: 'backoff' | 'other' | undefined;
        if (killsLeft > 0) {
          child.stderr?.on('data', (d: Buffer) => {
            if (timer) return;
            const text = d.toString();
            // "↻ refund: attempt 1 failed (…); retrying in 312ms" (or "in 1s" for Retry-After)
            const retry = /↻ .*retrying in (\d+(?:\.\d+)?)(ms|s)/.exec(text);
            if (retry) {
              const ms = Number(retry[1]) * (retry[2] === 's' ? 1000 : 1);
              kind = 'backoff';
              timer = setTimeout(() => child.kill('SIGKILL'), ms * (0.15 + 0.6 * random()));
            } else if (/✓ lookup|✓ refund/.test(text) && random() < 0.3) {
              kind = 'other';
              timer = setTimeout(() => child.kill('SIGKILL'), 40 * random()); // into the next call
            }
          });
        }
        const r = await done;
        clearTimeout(timer);
        if (r.signal === 'SIGKILL') {
          killsLeft--;
          if (kind === 'backoff') backoffKills++;
          else otherKills++;
        } else final = r;
      }
      expect(final, `${runId} never finished`).toBeDefined();
      const r = final as CliResult;
      expect(r.code, `${runId}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(LEDGER_FLOW_OUTPUT);

      const keyOf = (idx: number) => `wm-${runId}-${idx}`;
      const effects = ledger.ledger().effects.filter((e) => e.idempotencyKey?.startsWith(`wm-${runId}-`));
      expect(effects.map((e) => e.kind).sort()).toEqual(['payment', 'refund']);
      const store = new SqliteCheckpointStore({ path: db });
      for (const step of store.getSteps(runId).filter((s) => s.nodeType === 'tool')) {
        // Attempts made: one per failure the ledger answered, plus the one that got through —
        // fewer when a re-sent request after a crash used up a failure; never more.
        expect(step.attempts, `${runId} ${step.nodeId}`).toBeLessThanOrEqual(failures(keyOf(step.idx)) + 1);
        expect(step.retryAt).toBeUndefined();
      }
      store.close();
    }
    // The sweep must really have killed processes in their retry pauses.
    expect(backoffKills).toBeGreaterThanOrEqual(5);
    expect(backoffKills + otherKills).toBeGreaterThanOrEqual(8);
  }, 300_000);
});
