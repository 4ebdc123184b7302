/**
 * Engine benchmarks:
 * 1. engine overhead per node on a chain of 1,000 no-op nodes (in-memory store) vs calling
 *    the same no-op 1,000 times directly;
 * 2. durable checkpoint throughput (SQLite, synchronous=FULL, one checkpoint per step) vs
 *    the raw SQLite insert rate and a raw write+fsync loop on the same disk;
 * 3. resume time after a crash with 10,000 completed steps.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock, systemRandom } from '../src-main/connectors/system';
import { MemoryCheckpointStore } from '../src-main/engine/memory-store';
import { builtinRegistry } from '../src-main/engine/nodes';
import type { CheckpointStore } from '../src-main/engine/store';
import { Engine } from '../src-main/engine/engine';
import { noHttp, noLlm, mapSecrets } from '../src-main/engine/testing/fakes';
import { openDatabase } from '../src-main/storage/open-database';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { NullStore } from './null-store';
import { chainSpec, counterNode, loopSpec, noopNode } from './noop';
import type { NodeDefinition } from '../src-main/engine/node-def';
import type { LeaseConfig } from '../src-main/engine/run-claims';

export interface BenchResult {
  name: string;
  value: string;
  baseline: string;
  ratio: number;
  goal: string;
  ok: boolean;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-'));

function engineOver<C>(
  store: CheckpointStore,
  onRun?: (i: number) => void | Promise<void>,
  extra?: NodeDefinition<C>,
  lease?: LeaseConfig,
): Engine {
  const registry = builtinRegistry().register(noopNode(onRun));
  if (extra) registry.register(extra);
  return new Engine({
    store,
    registry,
    http: noHttp,
    llm: noLlm,
    secrets: mapSecrets({}),
    clock: systemClock,
    random: systemRandom,
    ...(lease ? { lease } : {}),
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function engineOverhead(): Promise<BenchResult[]> {
  const N = 1000;
  const spec = chainSpec(N);
  const noop = noopNode();
  const ctx = { stepIdx: 0 } as never;
  // Baseline: the same no-op node run N times with no engine around it.
  const base: number[] = [];
  const bare: number[] = [];
  const mem: number[] = [];
  for (let rep = 0; rep < 21; rep++) {
    let t = performance.now();
    for (let i = 0; i < N + 2; i++) await noop.run(ctx);
    base.push(performance.now() - t);
    for (const [times, store] of [
      [bare, new NullStore()],
      [mem, new MemoryCheckpointStore()],
    ] as const) {
      const engine = engineOver(store);
      t = performance.now();
      const out = await engine.start(spec, {});
      times.push(performance.now() - t);
      if (out.status !== 'completed') throw new Error(`chain run ${out.status}`);
    }
  }
  const perNode = (xs: number[]) => ((median(xs) - median(base)) / (N + 2)) * 1000;
  const engineUs = perNode(bare);
  const memUs = perNode(mem);
  const direct = `${((median(base) / (N + 2)) * 1000).toFixed(2)} µs/node direct call`;
  return [
    {
      name: 'engine overhead per node (1,000 no-op chain)',
      value: `${engineUs.toFixed(1)} µs/node`,
      baseline: direct,
      ratio: engineUs / 20,
      goal: '≤ 20 µs (ratio ≤ 1.0 of goal)',
      ok: engineUs <= 20,
    },
    {
      name: '  same, with the in-memory checkpoint store',
      value: `${memUs.toFixed(1)} µs/node`,
      baseline: direct,
      ratio: memUs / 20,
      goal: '(context: includes a JSON copy per checkpoint)',
      ok: true,
    },
  ];
}

/** Appends `bytes` and fsyncs, `n` times: what the disk allows for that much durable data. */
function rawFsyncRate(bytes: number, n = 300): number {
  const file = path.join(dir, `fsync-${bytes}.bin`);
  const fd = openSync(file, 'w');
  const buf = Buffer.alloc(bytes, 7);
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    writeSync(fd, buf);
    fsyncSync(fd);
  }
  const s = (performance.now() - t) / 1000;
  closeSync(fd);
  rmSync(file);
  return n / s;
}

function rawSqliteInsertRate(): number {
  const file = path.join(dir, 'raw.db');
  const db = openDatabase(file);
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, run TEXT, body TEXT)');
  const ins = db.prepare('INSERT INTO t (run, body) VALUES (?, ?)');
  const body = JSON.stringify({ nodeId: 'n1', status: 'completed', output: null, usage: { inputTokens: 0 } });
  const n = 300;
  const t = performance.now();
  for (let i = 0; i < n; i++) db.transaction(() => ins.run('r', body))();
  const s = (performance.now() - t) / 1000;
  db.close();
  return n / s;
}

/** One durable chain run: steps/s and the WAL bytes each checkpoint appended. */
async function durableRun(rep: number): Promise<{ rate: number; bytesPerCommit: number }> {
  const N = 300;
  const file = path.join(dir, `durable-${rep}.db`);
  const store = new SqliteCheckpointStore({ path: file, durability: 'full' });
  store.db.pragma('wal_autocheckpoint = 0'); // keep the WAL whole so its growth can be measured
  const walBefore = statSync(`${file}-wal`).size;
  const engine = engineOver(store);
  const t = performance.now();
  const out = await engine.start(chainSpec(N), {});
  const s = (performance.now() - t) / 1000;
  const walBytes = statSync(`${file}-wal`).size - walBefore;
  store.close();
  if (out.status !== 'completed') throw new Error('durable chain failed');
  // Commits: run creation, one per step, and the run's end.
  return { rate: (N + 2) / s, bytesPerCommit: walBytes / (N + 4) };
}

async function durableThroughput(): Promise<BenchResult[]> {
  const runs: Array<{ rate: number; bytesPerCommit: number }> = [];
  const same: number[] = [];
  const small: number[] = [];
  const sqlite: number[] = [];
  // Interleaved repetitions: this kind of disk drifts, so each ratio compares neighbours.
  for (let rep = 0; rep < 3; rep++) {
    const r = await durableRun(rep);
    runs.push(r);
    same.push(rawFsyncRate(Math.round(r.bytesPerCommit)));
    small.push(rawFsyncRate(512));
    sqlite.push(rawSqliteInsertRate());
  }
  const rate = median(runs.map((r) => r.rate));
  const bytes = median(runs.map((r) => r.bytesPerCommit));
  const ceiling = median(same);
  return [
    {
      name: 'durable checkpoints (1 fsynced commit per step)',
      value: `${rate.toFixed(0)} steps/s`,
      baseline: `${ceiling.toFixed(0)} write+fsync/s of ${(bytes / 1024).toFixed(1)} KiB`,
      ratio: rate / ceiling,
      goal: '≥ 0.70 of the fsync ceiling',
      ok: rate / ceiling >= 0.7,
    },
    {
      name: '  same, against raw SQLite inserts',
      value: `${rate.toFixed(0)} steps/s`,
      baseline: `${median(sqlite).toFixed(0)} FULL-sync inserts/s`,
      ratio: rate / median(sqlite),
      goal: '(context)',
      ok: true,
    },
    {
      name: '  same, against 512-byte write+fsync',
      value: `${rate.toFixed(0)} steps/s`,
      baseline: `${median(small).toFixed(0)} write+fsync/s of 0.5 KiB`,
      ratio: rate / median(small),
      goal: '(context: a smaller write than any page)',
      ok: true,
    },
  ];
}

async function resumeTime(): Promise<BenchResult> {
  const N = 10_000;
  const file = path.join(dir, 'resume.db');
  // 10,000 completed loop iterations, then a "crash" inside step N + 1.
  let resumedAt = 0;
  const hangAt = (i: number) => (i === N + 1 ? new Promise<void>(() => {}) : undefined);
  const store = new SqliteCheckpointStore({ path: file });
  const first = engineOver(store, undefined, counterNode(N + 5, hangAt));
  void first.start(loopSpec(N + 10), {}, { runId: 'bench-resume' });
  while (store.getSteps('bench-resume').length < N + 1) await new Promise((r) => setTimeout(r, 50));
  store.close();
  // As a restarted process would: open the database afresh and time resume() until the
  // interrupted step is executing again.
  const times: number[] = [];
  for (let rep = 0; rep < 7; rep++) {
    const store2 = new SqliteCheckpointStore({ path: file });
    const engine = engineOver(
      store2,
      undefined,
      counterNode(N + 5, (i) => {
        if (i === N + 1 && !resumedAt) resumedAt = performance.now();
        return hangAt(i); // stop there again, so every repetition resumes the same state
      }),
      // A restarted process: the engines before it are gone, so it takes their lease over.
      { ownerGone: () => true },
    );
    const t0 = performance.now();
    void engine.resume('bench-resume');
    while (!resumedAt) await new Promise((r) => setImmediate(r));
    times.push(resumedAt - t0);
    resumedAt = 0;
    store2.close();
  }
  const ms = median(times);
  return {
    name: 'resume after crash (10,000 completed steps)',
    value: `${ms.toFixed(1)} ms`,
    baseline: 'goal 50 ms',
    ratio: ms / 50,
    goal: '≤ 50 ms (ratio ≤ 1.0 of goal)',
    ok: ms <= 50,
  };
}

export function printTable(title: string, rows: BenchResult[]): void {
  console.log(`\n${title}`);
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(w)}  ${r.value.padStart(16)}  vs ${r.baseline.padEnd(36)}  ratio ${r.ratio.toFixed(2).padStart(6)}  ${r.goal}${r.goal.startsWith('(') ? '' : r.ok ? '  ✓' : '  ✗'}`,
    );
  }
}

/** The engine benchmarks (the default export runs them for `npm run bench`). */
export default async function benchEngine(): Promise<BenchResult[]> {
  try {
    const rows = [...(await engineOverhead()), ...(await durableThroughput()), await resumeTime()];
    printTable('Engine and durability (ratios against baselines measured in this run)', rows);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
