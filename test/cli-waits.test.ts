// Many CLI processes per test, on a shared machine: each test gets minutes, none of it asserted on.
// Durable waits through the real `waymark` binary: a timer survives restarts and fires only
// once its time has come (the clock of each process injected, nothing sleeps); two workers
// racing over one database wake every due run exactly once (one effect per run at a loopback
// counter); `waymark signal` by run id and by correlation key; `waymark runs --status waiting`
// says what each run waits for and until when.
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../shared/events';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { cli, startCli, tempDir } from './helpers/cli';
import { clockFile, frozenAt } from './helpers/clock';
import { waitFlow } from './helpers/wait-flows';

const dir = tempDir('waymark-waits-');
const T0 = Date.parse('2026-06-01T10:00:00Z');
const MIN = 60_000;

/** A loopback counter: how many times each run's step called it (by idempotency key). */
let counter: Server;
let counterUrl = '';
const hits: string[] = [];
beforeAll(async () => {
  counter = createServer((req, res) => {
    hits.push(String(req.headers['idempotency-key'] ?? req.url));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => counter.listen(0, '127.0.0.1', () => r()));
  counterUrl = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => counter.close(() => r())));

function specFile(name: string, config: Record<string, unknown>, hit = false): string {
  const file = path.join(dir, `${name}.waymark.json`);
  writeFileSync(file, JSON.stringify(waitFlow(config, hit ? counterUrl : undefined)));
  return file;
}

function readDb<T>(db: string, f: (s: SqliteCheckpointStore) => T): T {
  const s = new SqliteCheckpointStore({ path: db, create: false });
  try {
    return f(s);
  } finally {
    s.close();
  }
}
const eventsOf = (db: string, runId: string): EngineEvent[] => readDb(db, (s) => s.getEvents(runId));

async function startRun(db: string, spec: string, runId: string, at: number, input = '{}'): Promise<void> {
  const r = await cli(['--db', db, 'run', spec, '--run-id', runId, '--input', input], { env: frozenAt(at) });
  expect(r.code, r.stderr).toBe(3);
}

describe('timer waits across restarts (injected clock)', { timeout: 180_000 }, () => {
  it('stays asleep before its time, wakes in a worker started after it, and shows in runs --status waiting', async () => {
    const db = path.join(dir, 'timer.db');
    const spec = specFile('timer', { mode: 'timer', duration: '10m', timeoutMs: 60 * MIN });
    await startRun(db, spec, 'run_timer', T0);
    // Waiting holds no lease: no process owns it.
    expect(readDb(db, (s) => s.getRun('run_timer')?.lease)).toBeUndefined();

    const listed = await cli(['--db', db, 'runs', '--status', 'waiting'], { env: frozenAt(T0 + MIN) });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('WAITING FOR');
    expect(listed.stdout).toMatch(/run_timer.*timer until 2026-06-01T10:10:00\.000Z/);
    const json = await cli(['--db', db, '--json', 'runs', '--status', 'waiting'], { env: frozenAt(T0 + MIN) });
    expect(JSON.parse(json.stdout)[0].waitingFor).toMatchObject({ kind: 'time', until: '2026-06-01T10:10:00.000Z' });

    // A worker before the time: nothing happens.
    const early = await cli(['--db', db, 'worker', '--once'], { env: frozenAt(T0 + 5 * MIN) });
    expect(early.code, early.stderr).toBe(0);
    expect(readDb(db, (s) => s.getRun('run_timer')?.status)).toBe('waiting');
    // `resume` before the time keeps it waiting too (exit 3).
    expect((await cli(['--db', db, 'resume', 'run_timer'], { env: frozenAt(T0 + 6 * MIN) })).code).toBe(3);

    // A worker started (long) after the time: the overdue timer fires right away, once.
    const late = await cli(['--db', db, 'worker', '--once'], { env: frozenAt(T0 + 11 * MIN) });
    expect(late.code, late.stderr).toBe(0);
    const run = readDb(db, (s) => s.getRun('run_timer'));
    expect(run?.status).toBe('completed');
    expect(run?.output).toEqual({ wokeAt: '2026-06-01T10:11:00.000Z', scheduledFor: '2026-06-01T10:10:00.000Z' });
    const fired = eventsOf(db, 'run_timer').filter((e) => e.type === 'wait.fired');
    expect(fired).toMatchObject([{ cause: 'time', by: 'system:timer' }]);
    expect(readDb(db, (s) => s.listWaits({ runId: 'run_timer' })[0]?.status)).toBe('closed');
  });

  it('a timer past its timeout continues by the timeout port; a cron schedule wakes at its next occurrence', async () => {
    const db = path.join(dir, 'timeout.db');
    await startRun(db, specFile('long', { mode: 'timer', duration: '2h', timeoutMs: 30 * MIN }), 'run_long', T0);
    // Mondays 09:00 in New York; T0 is Monday 06:00 there, so it wakes at 13:00 UTC the same day.
    const cron = specFile('cron', {
      mode: 'timer',
      cron: '0 9 * * 1',
      timeZone: 'America/New_York',
      timeoutMs: 24 * 60 * MIN,
    });
    await startRun(db, cron, 'run_cron', T0);
    const listed = await cli(['--db', db, 'runs', '--status', 'waiting'], { env: frozenAt(T0) });
    expect(listed.stdout).toMatch(/run_cron.*timer until 2026-06-01T13:00:00\.000Z/);
    expect(listed.stdout).toMatch(/run_long.*timer until 2026-06-01T10:30:00\.000Z/);
    expect((await cli(['--db', db, 'worker', '--once'], { env: frozenAt(T0 + 31 * MIN) })).code).toBe(0);
    expect(readDb(db, (s) => s.getRun('run_long')?.output)).toMatchObject({ timedOut: true, mode: 'timer' });
    expect(readDb(db, (s) => s.getSteps('run_long').at(-1)?.nodeId)).toBe('late');
    expect(readDb(db, (s) => s.getRun('run_cron')?.status)).toBe('waiting');
    expect(
      (await cli(['--db', db, 'worker', '--once'], { env: frozenAt(Date.parse('2026-06-01T13:00:00Z')) })).code,
    ).toBe(0);
    expect(readDb(db, (s) => s.getRun('run_cron')?.output)).toMatchObject({ scheduledFor: '2026-06-01T13:00:00.000Z' });
  });
});

describe('two workers racing', { timeout: 180_000 }, () => {
  it('wake each due run exactly once: one wait.fired, one wait step, one call to the counter per run', async () => {
    const db = path.join(dir, 'race.db');
    const spec = specFile('race', { mode: 'timer', duration: '1m', timeoutMs: 60 * MIN }, true);
    const ids = Array.from({ length: 8 }, (_, i) => `run_race_${i}`);
    for (const id of ids) await startRun(db, spec, id, T0);
    const before = hits.length;
    // Both workers run before the waits come due, sweeping every 10 ms; then the clock of both
    // moves past the due time at once, so they reach for the same waits together.
    const clock = path.join(dir, 'race.clock');
    writeFileSync(clock, String(T0));
    const workers = [0, 1].map(() => startCli(['--db', db, 'worker', '--interval', '10'], { env: clockFile(clock) }));
    const ready = (w: (typeof workers)[number]) =>
      new Promise<void>((resolve) => {
        let out = '';
        w.child.stdout?.on('data', (d) => {
          out += d;
          if (out.includes('worker ready')) resolve();
        });
      });
    await Promise.all(workers.map(ready));
    writeFileSync(clock, String(T0 + 2 * MIN));
    const completed = () => readDb(db, (s) => ids.filter((id) => s.getRun(id)?.status === 'completed').length);
    while (completed() < ids.length) await new Promise((r) => setTimeout(r, 20));
    for (const w of workers) w.child.kill('SIGTERM');
    const results = await Promise.all(workers.map((w) => w.done));
    for (const r of results) expect(r.stderr).not.toMatch(/not continued|failed/);
    for (const id of ids) {
      const evs = eventsOf(db, id);
      expect(
        evs.filter((e) => e.type === 'wait.fired'),
        id,
      ).toHaveLength(1);
      expect(
        evs.filter((e) => e.type === 'step.completed' && e.nodeId === 'w'),
        id,
      ).toHaveLength(1);
      expect(
        evs.filter((e) => e.type === 'step.started' && e.nodeId === 'hit'),
        id,
      ).toHaveLength(1);
    }
    const mine = hits.slice(before);
    expect(mine).toHaveLength(ids.length);
    expect(new Set(mine).size).toBe(ids.length);
    // Each wake was done by one worker (its "woke" lines), none by both.
    const woke = results.map((r) => [...r.stdout.matchAll(/^woke (\S+) at w \(time\)$/gm)].map((m) => m[1]));
    expect([...woke[0]!, ...woke[1]!].sort()).toEqual([...ids].sort());
  });
});

describe('waymark signal', { timeout: 180_000 }, () => {
  const cfg = {
    mode: 'signal',
    signal: 'order.ready',
    match: 'payload.orderId = input.orderId',
    correlate: { orderId: '{{ input.orderId }}' },
    timeoutMs: 60 * MIN,
  };

  it('by correlation key wakes only the matching run; its payload is the output; a second send wakes nothing (exit 4)', async () => {
    const db = path.join(dir, 'signal.db');
    const spec = specFile('signal', cfg);
    await startRun(db, spec, 'run_sig_a', T0, '{"orderId":"A1"}');
    await startRun(db, spec, 'run_sig_b', T0, '{"orderId":"B2"}');
    const listed = await cli(['--db', db, 'runs', '--status', 'waiting'], { env: frozenAt(T0) });
    expect(listed.stdout).toMatch(/run_sig_a.*signal "order\.ready" \(orderId=A1\) until 2026-06-01T11:00:00\.000Z/);

    const sent = await cli(
      ['--db', db, 'signal', '--correlate', 'orderId=B2', 'order.ready', '--payload', '{"orderId":"B2","shelf":7}'],
      { env: frozenAt(T0 + MIN) },
    );
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).toContain('woke run run_sig_b');
    expect(JSON.parse(sent.stdout)).toEqual({ orderId: 'B2', shelf: 7 });
    expect(readDb(db, (s) => s.getRun('run_sig_a')?.status)).toBe('waiting');

    const again = await cli(['--db', db, 'signal', '--correlate', 'orderId=B2', 'order.ready'], {
      env: frozenAt(T0 + MIN),
    });
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/no wait of a run with orderId=B2 is waiting for signal "order\.ready"/);
  });

  it('by run id: a payload the match refuses wakes nothing (exit 4); a matching one continues the run (exit 0)', async () => {
    const db = path.join(dir, 'signal-id.db');
    await startRun(db, specFile('signal-id', cfg), 'run_sig_c', T0, '{"orderId":"C3"}');
    const wrong = await cli(['--db', db, 'signal', 'run_sig_c', 'order.ready', '--payload', '{"orderId":"X"}']);
    expect(wrong.code).toBe(4);
    const bad = await cli(['--db', db, 'signal', 'order.ready', '--payload', '{}']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('say which runs the signal is for');
    const ok = await cli(['--db', db, '--json', 'signal', 'run_sig_c', 'order.ready', '--payload', '{"orderId":"C3"}']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).outcomes[0]).toMatchObject({ status: 'completed', output: { orderId: 'C3' } });
    expect(eventsOf(db, 'run_sig_c').filter((e) => e.type === 'wait.fired')).toMatchObject([{ cause: 'signal' }]);
  });
});

describe('form waits', { timeout: 180_000 }, () => {
  it('are answered with waymark approve --payload: a wrong answer is refused (exit 2), a right one is the output', async () => {
    const db = path.join(dir, 'form.db');
    const spec = specFile('form', {
      mode: 'form',
      message: 'Is order {{ input.orderId }} packed?',
      formSchema: { type: 'object', required: ['packed'], properties: { packed: { type: 'boolean' } } },
      timeoutMs: 60 * MIN,
    });
    await startRun(db, spec, 'run_form', T0, '{"orderId":"F1"}');
    const listed = await cli(['--db', db, 'runs', '--status', 'waiting'], { env: frozenAt(T0) });
    expect(listed.stdout).toMatch(/run_form.*form apr_run_form_1 until 2026-06-01T11:00:00\.000Z/);
    const wrong = await cli(['--db', db, 'approve', 'run_form', '--payload', '{"packed":"yes"}'], {
      env: frozenAt(T0),
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/packed/);
    const ok = await cli(['--db', db, 'approve', 'run_form', '--payload', '{"packed":true}'], { env: frozenAt(T0) });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ packed: true });
  });
});
