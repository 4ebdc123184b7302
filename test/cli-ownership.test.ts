// One owner per run, between real processes on one database: concurrent `resume`s of a run
// never both send its calls; a run being driven is refused to everyone else, naming its
// owner; `waymark cancel` works in every state that has not ended; the web host does not
// call a run the CLI is driving "interrupted", and cancels it through its owner.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { DEFAULT_ORDERS, startLedgerServer, type LedgerServer } from './fakes/ledger-server';
import { LEDGER_FLOW_OUTPUT, gateFlow, ledgerFlow } from './fixtures/flows';
import { connectClient, startTestHost } from './helpers/api-client';
import { cli, startCli, tempDir, type CliResult } from './helpers/cli';

const dir = tempDir('waymark-ownership-');
let ledger: LedgerServer;
let slow: LedgerServer;
let specFile: string;
/** The same flow against a ledger that answers after 2 s: a run that is still going when others look. */
let slowSpec: string;

beforeAll(async () => {
  // Every answer comes 150 ms after its effect: a kill in that window loses the response.
  const orders = DEFAULT_ORDERS.map((o) => (o.id === 'ord_1001' ? { ...o, amountCents: 100_000_000 } : o));
  ledger = await startLedgerServer({ delayMs: 150, orders });
  slow = await startLedgerServer({ delayMs: 2000, orders });
  specFile = path.join(dir, 'flow.waymark.json');
  writeFileSync(specFile, JSON.stringify(ledgerFlow(ledger.url)));
  slowSpec = path.join(dir, 'slow.waymark.json');
  writeFileSync(slowSpec, JSON.stringify(ledgerFlow(slow.url)));
});
afterAll(async () => {
  await ledger.close();
  await slow.close();
});

const requestsOf = (runId: string, on: LedgerServer = ledger) =>
  on.requests().filter((r) => r.idempotencyKey?.startsWith(`wm-${runId}-`));
const until = async (check: () => boolean, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} never happened`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Starts `run` and kills it (SIGKILL) once the call with step index `idx` reached the ledger. */
async function runKilledAt(db: string, runId: string, idx: number): Promise<void> {
  const { child, done } = startCli(['--db', db, 'run', specFile, '--run-id', runId]);
  await until(
    () => requestsOf(runId).some((r) => r.idempotencyKey === `wm-${runId}-${idx}`),
    `call ${idx} of ${runId}`,
  );
  child.kill('SIGKILL');
  expect((await done).signal).toBe('SIGKILL');
}

describe('concurrent resumes', () => {
  it('of a killed run: one drives it, the other is refused or finds it done; no call is sent by both', async () => {
    const db = path.join(dir, 'race.db');
    let refusals = 0;
    for (let trial = 0; trial < 6; trial++) {
      const runId = `race-${trial}`;
      await runKilledAt(db, runId, 2 + (trial % 2)); // killed mid-refund, or mid-charge
      const before = requestsOf(runId).length;
      // Both start in the same tick: a real race for the lease of the dead process's run.
      const [a, b] = await Promise.all([
        cli(['--db', db, '--json', 'resume', runId]),
        cli(['--db', db, '--json', 'resume', runId]),
      ]);
      const results = [a, b];
      const drove = results.filter((r) => r.code === 0 && !r.stderr.includes('had already'));
      expect(drove, results.map((r) => `${r.code}: ${r.stderr}`).join('\n')).toHaveLength(1);
      const other = results.find((r) => r !== drove[0]) as CliResult;
      if (other.code === 7) {
        refusals++;
        expect(other.stderr).toMatch(
          new RegExp(`waymark: run ${runId} is being driven by waymark resume \\(pid \\d+ on .+\\), driving it for`),
        );
        expect(other.stderr).toContain(`\`waymark cancel ${runId}\``);
      } else {
        expect(other.code, other.stderr).toBe(0);
        expect(other.stderr).toContain('had already completed');
      }
      expect(JSON.parse((drove[0] as CliResult).stdout).output).toEqual(LEDGER_FLOW_OUTPUT);
      // After the kill each call went out at most once more: never once per resuming process.
      const after = requestsOf(runId).slice(before);
      const perKey = new Map<string, number>();
      for (const r of after) perKey.set(r.idempotencyKey as string, (perKey.get(r.idempotencyKey as string) ?? 0) + 1);
      expect(
        [...perKey.values()].every((n) => n === 1),
        JSON.stringify([...perKey]),
      ).toBe(true);
      const effects = ledger.ledger().effects.filter((e) => e.idempotencyKey?.startsWith(`wm-${runId}-`));
      expect(effects.map((e) => e.kind).sort()).toEqual(['payment', 'refund']);
      const store = new SqliteCheckpointStore({ path: db });
      expect(store.getEvents(runId).filter((e) => e.type === 'run.taken-over')).toMatchObject([
        { reason: 'owner-gone', previousOwner: expect.stringMatching(/^waymark run \(pid \d+ on /) },
      ]);
      store.close();
    }
    // The race was real at least sometimes (both started before either finished).
    expect(refusals).toBeGreaterThan(0);
  }, 240_000);

  it('of a live run: both are refused, naming the process driving it, which finishes untouched', async () => {
    const db = path.join(dir, 'live.db');
    const { done } = startCli(['--db', db, '--json', 'run', slowSpec, '--run-id', 'live']);
    await until(() => requestsOf('live', slow).length > 0, 'the first call');
    const [a, b] = await Promise.all([cli(['--db', db, 'resume', 'live']), cli(['--db', db, 'resume', 'live'])]);
    for (const r of [a, b]) {
      expect(r.code, r.stderr).toBe(7);
      expect(r.stderr).toMatch(/waymark: run live is being driven by waymark run \(pid \d+ on .+\), driving it for/);
    }
    const original = await done;
    expect(original.code, original.stderr).toBe(0);
    expect(JSON.parse(original.stdout).output).toEqual(LEDGER_FLOW_OUTPUT);
    expect(requestsOf('live', slow)).toHaveLength(3);
  }, 60_000);
});

describe('waymark cancel', () => {
  const gateSpec = () => {
    const file = path.join(dir, 'gate.waymark.json');
    writeFileSync(file, JSON.stringify(gateFlow()));
    return file;
  };

  it('cancels a waiting run: the approval is withdrawn, approving it says so', async () => {
    const db = path.join(dir, 'cancel.db');
    expect((await cli(['--db', db, 'run', gateSpec(), '--run-id', 'w1'])).code).toBe(3);
    const c = await cli(['--db', db, 'cancel', 'w1', '--as', 'carol']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain('■ cancelled run w1 (it was waiting)');
    const show = JSON.parse((await cli(['--db', db, '--json', 'show', 'w1'])).stdout);
    expect(show.run).toMatchObject({
      status: 'cancelled',
      error: { message: expect.stringContaining('cancelled by carol') },
    });
    expect(show.approvals).toMatchObject([{ status: 'cancelled', decidedBy: 'carol' }]);
    const late = await cli(['--db', db, 'approve', 'w1', '--as', 'dave']);
    expect(late.code).toBe(4);
    expect(late.stderr).toMatch(
      /approval apr_w1_1 of run w1 was already cancelled by carol at .*; the run has since cancelled/,
    );
    const again = await cli(['--db', db, 'cancel', 'w1']);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('waymark: run w1 has already cancelled; nothing to cancel');
  });

  it('cancels an interrupted run (its process was killed), taking it over on the record', async () => {
    const db = path.join(dir, 'cancel.db');
    await runKilledAt(db, 'k1', 2);
    const c = await cli(['--db', db, 'cancel', 'k1', '--as', 'erin']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain('■ cancelled run k1 (it was interrupted)');
    const show = JSON.parse((await cli(['--db', db, '--json', 'show', 'k1', '--events'])).stdout);
    expect(show.run.status).toBe('cancelled');
    expect(show.steps.at(-1)).toMatchObject({ nodeId: 'refund', status: 'failed', error: { code: 'cancelled' } });
    expect(show.events.map((e: { type: string }) => e.type).slice(-2)).toEqual(['run.taken-over', 'run.finished']);
    // The take-over is in the audit log, with who took the run from whom.
    const audit = (await cli(['--db', db, 'audit', 'export', '--run', 'k1'])).stdout.trim().split('\n');
    const takeover = audit.map((l) => JSON.parse(l)).find((e: { kind?: string }) => e.kind === 'run.taken-over');
    expect(takeover?.payload).toMatchObject({
      reason: 'owner-gone',
      previousOwner: expect.stringMatching(/^waymark run \(pid /),
      owner: expect.stringMatching(/^waymark cancel \(pid /),
    });
  }, 60_000);

  it('asks the process driving a run to stop; it stops at its next step boundary', async () => {
    const db = path.join(dir, 'cancel.db');
    const running = startCli(['--db', db, 'run', slowSpec, '--run-id', 'd1']);
    await until(() => requestsOf('d1', slow).length > 0, 'the first call');
    const c = await cli(['--db', db, 'cancel', 'd1', '--as', 'frank']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(
      /… run d1 is being driven by waymark run \(pid \d+ on .+\), driving it for .*; asked it to stop at its next step/,
    );
    expect(c.stderr).toContain('■ cancelled run d1');
    const r = await running.done;
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('run d1 was cancelled by frank');
    expect(requestsOf('d1', slow).length).toBeLessThan(3); // it did not go on to its later calls
  }, 60_000);
});

describe('approval races', () => {
  /** A gate, then a slow ledger call: a run that is still going after its decision. */
  const gateThenCall = () => {
    const flow = ledgerFlow(slow.url);
    const file = path.join(dir, 'gate-call.waymark.json');
    const nodes = [
      flow.nodes[0],
      { id: 'ask', type: 'approval', name: 'Ask', config: { message: 'Refund?' } },
      ...flow.nodes.slice(1),
    ];
    const edges = [
      { id: 'g1', source: 'start', target: 'ask' },
      { id: 'g2', source: 'ask', target: 'lookup', kind: 'branch', branch: 'approved' },
      { id: 'g3', source: 'ask', target: 'end', kind: 'branch', branch: 'rejected' },
      ...flow.edges.slice(1),
    ];
    writeFileSync(file, JSON.stringify({ ...flow, nodes, edges }));
    return file;
  };

  it('the loser of a real race is told who decided and when, and where the run went on', async () => {
    const db = path.join(dir, 'approvals.db');
    const spec = gateThenCall();
    for (let trial = 0; trial < 3; trial++) {
      const runId = `ar-${trial}`;
      expect((await cli(['--db', db, 'run', spec, '--run-id', runId])).code).toBe(3);
      const [a, b] = await Promise.all([
        cli(['--db', db, 'approve', runId, '--as', 'alice']),
        cli(['--db', db, 'approve', runId, '--as', 'bob']),
      ]);
      const [won, lost] = a.code === 0 ? [a, b] : [b, a];
      expect(won.code, won.stderr).toBe(0);
      expect(lost.code, lost.stderr).toBe(4);
      const winner = won === a ? 'alice' : 'bob';
      expect(lost.stderr).toMatch(
        new RegExp(
          // Told who decided and when, and where the run went on — or, when it looked while the winner was
          // recording its decision under the run's lease, who is deciding it right now. Never "resume it".
          `waymark: approval apr_${runId}_1 ((of run ${runId} )?was already approved by ${winner} at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z; the run (is continuing in waymark approve \\(pid \\d+ on .+\\)|has since completed)|is being decided in waymark approve \\(pid \\d+ on .+\\) right now; \`waymark show ${runId}\` shows the decision)`,
        ),
      );
      expect(lost.stderr).not.toContain('seq');
    }
  }, 120_000);

  it('approving a run whose decision was recorded but not continued (the process died) continues it', async () => {
    const db = path.join(dir, 'approvals.db');
    expect((await cli(['--db', db, 'run', gateThenCall(), '--run-id', 'pc'])).code).toBe(3);
    const { child, done } = startCli(['--db', db, 'approve', 'pc', '--as', 'alice']);
    child.stderr?.on('data', (d: Buffer) => {
      if (d.toString().includes('✔ ask approved by alice')) child.kill('SIGKILL');
    });
    expect((await done).signal).toBe('SIGKILL');
    const again = await cli(['--db', db, 'approve', 'pc', '--as', 'bob']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(
      /approval apr_pc_1 of run pc was already approved by alice at .*; the run was not continued since — continuing it now/,
    );
    expect(again.stdout).toContain('"refunded":1000');
  }, 60_000);
});

describe('the web host and a run the CLI drives', () => {
  it('is not interrupted but driven by the CLI; resume is refused, cancel asks the CLI to stop', async () => {
    const host = await startTestHost();
    const db = path.join(host.dataDir, 'waymark.db');
    const client = await connectClient(host.host);
    try {
      const running = startCli(['--db', db, 'run', slowSpec, '--run-id', 'h1']);
      await until(() => requestsOf('h1', slow).length > 0, 'the first call');
      const [listed] = await client.ok('runs.list', { specId: 'ledger-flow' });
      expect(listed).toMatchObject({ id: 'h1', status: 'running', interrupted: false });
      expect(listed?.drivenBy).toMatch(/^waymark run \(pid \d+ on .+\)$/);
      expect(await client.ok('runs.interrupted', {})).toEqual([]);
      expect(await client.call('runs.resume', { runId: 'h1' })).toMatchObject({
        error: { code: 'conflict', message: expect.stringMatching(/^run h1 is being driven by waymark run \(pid/) },
      });
      expect(await client.ok('runs.cancel', { runId: 'h1', by: 'grace' })).toMatchObject({
        cancelled: false,
        requested: true,
        drivenBy: listed?.drivenBy,
      });
      const r = await running.done;
      expect(r.code).toBe(5);
      expect(r.stderr).toContain('run h1 was cancelled by grace');
      expect((await client.ok('runs.get', { runId: 'h1' })).run).toMatchObject({
        status: 'cancelled',
        interrupted: false,
      });
    } finally {
      client.close();
      await host.kill();
    }
  }, 60_000);
});
