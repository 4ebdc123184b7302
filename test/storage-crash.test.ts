// Crash safety: a child process commits transitions in a tight loop and is SIGKILLed at
// random moments, several times over one database. After every kill the database must be
// consistent — each commit entirely there or entirely absent — and every commit the child
// acknowledged (printed after `commit` returned) must have survived.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../shared/events';
import type { StepRecord } from '../src-main/engine/store';
import { openDatabase } from '../src-main/storage/open-database';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';

const root = path.resolve(__dirname, '..');
const writer = path.join(root, 'test', 'fixtures', 'storage-crash-writer.ts');
const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-crash-'));
const dbPath = path.join(dir, 'runs.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer, kills it `delayMs` after it is ready, and returns its last acknowledgement. */
async function runAndKill(prefix: string, delayMs: number): Promise<{ runId: string; nextSeq: number; acks: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, dbPath, prefix], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const started = Date.now();
  while (!out.includes('ready\n')) {
    if (child.exitCode !== null || Date.now() - started > 20_000) throw new Error(`writer did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  // Only complete lines count: a line cut by the kill was not fully acknowledged.
  const acks = out
    .slice(0, out.lastIndexOf('\n'))
    .split('\n')
    .filter((l) => l.startsWith('ack '));
  const [, runId = '', nextSeq = '0'] = acks.at(-1)?.split(' ') ?? [];
  return { runId, nextSeq: Number(nextSeq), acks: acks.length };
}

/** Every invariant a half-applied commit would break. */
function checkConsistency(): void {
  const db = openDatabase(dbPath);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const runs = db
      .prepare<[], { id: string; status: string; next_seq: number; step_count: number; ended_at: number | null }>(
        'SELECT * FROM runs',
      )
      .all();
    const eventsOf = db.prepare<[string], string>('SELECT body FROM events WHERE run_id = ? ORDER BY seq').pluck();
    const stepsOf = db.prepare<[string], string>('SELECT record FROM steps WHERE run_id = ? ORDER BY idx').pluck();
    const approvalsOf = db.prepare<
      [string],
      { id: string; step_idx: number; status: string; decided_by: string | null }
    >('SELECT * FROM approvals WHERE run_id = ?');

    for (const run of runs) {
      const events = eventsOf.all(run.id).map((b) => JSON.parse(b) as EngineEvent);
      const steps = stepsOf.all(run.id).map((r) => JSON.parse(r) as StepRecord);
      const where = `run ${run.id}`;
      // Sequence: contiguous from 0, and next_seq just past the last event.
      expect(
        events.map((e) => e.seq),
        where,
      ).toEqual([...Array(events.length).keys()]);
      expect(run.next_seq, where).toBe(events.length);
      expect(run.step_count, where).toBe(steps.length);
      expect(
        steps.map((s) => s.idx),
        where,
      ).toEqual([...Array(steps.length).keys()]);

      const has = (type: EngineEvent['type'], stepIdx?: number) =>
        events.some((e) => e.type === type && (stepIdx === undefined || ('stepIdx' in e && e.stepIdx === stepIdx)));
      for (const s of steps) {
        const started = events.filter((e) => e.type === 'step.started' && e.stepIdx === s.idx);
        expect(started.length, `${where} step ${s.idx}`).toBe(s.attempts);
        expect(has('step.completed', s.idx), `${where} step ${s.idx}`).toBe(s.status === 'completed');
        if (s.status === 'completed') expect(s.output, `${where} step ${s.idx}`).toBeDefined();
      }
      // No event describes a step whose row is missing.
      for (const e of events)
        if ('stepIdx' in e)
          expect(
            steps.some((s) => s.idx === e.stepIdx),
            `${where} event ${e.seq}`,
          ).toBe(true);

      for (const a of approvalsOf.all(run.id)) {
        expect(has('approval.requested', a.step_idx), `${where} ${a.id}`).toBe(true);
        expect(has('approval.resolved', a.step_idx), `${where} ${a.id}`).toBe(a.status === 'approved');
        if (a.status === 'approved') expect(a.decided_by).toBe('alice');
      }
      expect(has('run.finished'), where).toBe(run.status === 'completed');
      expect(run.ended_at !== null, where).toBe(run.status === 'completed');
    }
  } finally {
    db.close();
  }
}

describe('SqliteCheckpointStore crash safety', () => {
  it('stays consistent and keeps acknowledged commits across repeated SIGKILLs', async () => {
    let midRun = 0;
    for (let k = 0; k < 6; k++) {
      const delayMs = 20 + Math.floor(Math.random() * 400);
      const ack = await runAndKill(`p${k}`, delayMs);
      expect(ack.acks, `kill ${k} after ${delayMs} ms`).toBeGreaterThan(0);
      checkConsistency();

      const store = new SqliteCheckpointStore({ path: dbPath });
      try {
        const run = store.getRun(ack.runId);
        expect(run, `kill ${k}: acknowledged run ${ack.runId}`).toBeDefined();
        expect(run!.nextSeq, `kill ${k}: acknowledged commit of ${ack.runId}`).toBeGreaterThanOrEqual(ack.nextSeq);
        if (run!.status !== 'completed') midRun++;
      } finally {
        store.close();
      }
    }
    // The kills must actually have landed inside runs for this test to mean anything.
    expect(midRun).toBeGreaterThan(0);
  }, 120_000);
});
