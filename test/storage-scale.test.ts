// Read paths the engine and UI hit hardest, at scale: resuming a run reads all of its steps,
// and the runs panel lists runs. Correctness only: how fast they are is measured by
// `npm run bench` (resume at 10,000 steps), never asserted in a test.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { EventClock, T0, makeRun, makeStep, usage } from './conformance/fixtures';

let dir: string;
let store: SqliteCheckpointStore;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-perf-'));
  store = new SqliteCheckpointStore({ path: path.join(dir, 'runs.db') });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteCheckpointStore reads at scale', () => {
  it('reads back 10,000 steps of one run, in order and intact', () => {
    const clock = new EventClock('big');
    store.createRun(makeRun('big'), [clock.runStarted()]);
    const output = { text: 'x'.repeat(200), items: [1, 2, 3], nested: { ok: true } };
    for (let i = 0; i < 10_000; i++) {
      const step = makeStep('big', i, {
        status: 'completed',
        endedAt: T0 + i,
        latencyMs: 3,
        port: 'next',
        output,
        usage: usage(1),
        nextNodeId: `n${i + 1}`,
      });
      store.commit('big', { kind: 'step.complete', step }, [clock.stepCompleted(i, output)], {
        durable: false,
        now: T0 + i,
      });
    }
    const steps = store.getSteps('big');
    expect(steps).toHaveLength(10_000);
    expect(steps.every((s, i) => s.idx === i)).toBe(true);
    expect(steps[9_999]).toMatchObject({ idx: 9_999, output, nextNodeId: 'n10000' });
  });

  it('lists 10,000 runs without parsing their spec snapshots', () => {
    const spec = makeRun('x').spec;
    // A realistically large snapshot: ~60 nodes with prompts.
    spec.nodes = Array.from({ length: 60 }, (_, i) => ({
      id: `n${i}`,
      type: 'llm',
      typeVersion: 1,
      name: `Node ${i}`,
      position: { x: i, y: i },
      config: { prompt: 'p'.repeat(500) },
    }));
    store.db.transaction(() => {
      for (let i = 0; i < 10_000; i++)
        store.createRun(
          makeRun(`run${i}`, { spec, createdAt: T0 + i, status: i % 3 === 0 ? 'completed' : 'running' }),
          [],
        );
    })();
    const runs = store.listRuns();
    expect(runs).toHaveLength(10_001);
    expect(runs[0]?.id).toBe('run9999');
    // Parsing 10,000 snapshots of this size would take seconds: listing leaves each one
    // unparsed behind a getter until somebody reads it.
    expect(typeof Object.getOwnPropertyDescriptor(runs[0], 'spec')?.get).toBe('function');
    expect(runs[0]?.spec.nodes).toHaveLength(60);
    const page = store.listRuns({ status: 'completed', limit: 50, offset: 100 });
    expect(page).toHaveLength(50);
    expect(page.every((r) => r.status === 'completed')).toBe(true);
  });
});
