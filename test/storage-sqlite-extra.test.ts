// What the conformance suite cannot see from outside the SQLite store: which commits run at
// synchronous=FULL, the shared spec snapshots and lazy listing, append-only events, and the
// approval compare-and-set across two connections (two processes) on one file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApprovalConflictError } from '../src-main/engine/errors';
import type { Transition } from '../src-main/engine/store';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { EventClock, T0, makeApproval, makeRun, makeStep, usage } from './conformance/fixtures';

let dir: string;
let file: string;
const stores: SqliteCheckpointStore[] = [];
const open = (durability?: 'balanced' | 'full') => {
  const s = new SqliteCheckpointStore({ path: file, durability });
  stores.push(s);
  return s;
};
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-sqlite-'));
  file = path.join(dir, 'runs.db');
});
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Records the connection's `synchronous` setting at the moment each commit transaction runs. */
function watchSync(store: SqliteCheckpointStore): number[] {
  const seen: number[] = [];
  const target = store as unknown as { apply: (...args: unknown[]) => void };
  const apply = target.apply.bind(store);
  vi.spyOn(target, 'apply').mockImplementation((...args: unknown[]) => {
    seen.push(Number(store.db.pragma('synchronous', { simple: true })));
    apply(...args);
  });
  return seen;
}

const NORMAL = 1;
const FULL = 2;

describe('SqliteCheckpointStore durability', () => {
  it('runs durable commits at synchronous=FULL and the rest at NORMAL, restoring NORMAL after', () => {
    const store = open();
    const clock = new EventClock('r1');
    store.createRun(makeRun('r1'), [clock.runStarted()]);
    const seen = watchSync(store);
    store.commit('r1', { kind: 'step.begin', step: makeStep('r1', 0) }, [clock.stepStarted(0)], {
      durable: true,
      now: T0 + 1,
    });
    store.commit(
      'r1',
      { kind: 'step.complete', step: makeStep('r1', 0, { status: 'completed' }) },
      [clock.stepCompleted(0)],
      { durable: false, now: T0 + 2 },
    );
    expect(seen).toEqual([FULL, NORMAL]);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(NORMAL);
  });

  it('restores NORMAL when a durable commit throws', () => {
    const store = open();
    const clock = new EventClock('r1');
    store.createRun(makeRun('r1'), [clock.runStarted()]);
    const step = makeStep('r1', 0, { status: 'waiting' });
    store.commit('r1', { kind: 'step.wait', step, approval: makeApproval('r1', 0, 'apr_1') }, [], {
      durable: true,
      now: T0,
    });
    const resolve: Transition = {
      kind: 'approval.resolve',
      stepIdx: 0,
      decision: { approvalId: 'apr_1', decision: 'approved', by: 'alice', at: T0 + 1 },
    };
    store.commit('r1', resolve, [], { durable: true, now: T0 + 1 });
    expect(() => store.commit('r1', resolve, [], { durable: true, now: T0 + 2 })).toThrow(ApprovalConflictError);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(NORMAL);
  });

  it("durability: 'full' runs every commit at FULL", () => {
    const store = open('full');
    const clock = new EventClock('r1');
    store.createRun(makeRun('r1'), [clock.runStarted()]);
    const seen = watchSync(store);
    store.commit('r1', { kind: 'step.begin', step: makeStep('r1', 0) }, [clock.stepStarted(0)], {
      durable: false,
      now: T0 + 1,
    });
    store.commit('r1', { kind: 'run.status', status: 'completed', usage: usage(0), endedAt: T0 + 2 }, [], {
      durable: true,
      now: T0 + 2,
    });
    expect(seen).toEqual([FULL, FULL]);
  });
});

describe('SqliteCheckpointStore storage layout', () => {
  it('stores one spec snapshot per distinct spec and parses it lazily when listing', () => {
    const store = open();
    for (let i = 0; i < 5; i++) store.createRun(makeRun(`a${i}`, { createdAt: T0 + i }), []);
    store.createRun(makeRun('b', { specId: 'other', createdAt: T0 + 10 }), []);
    expect(store.db.prepare('SELECT count(*) FROM spec_snapshots').pluck().get()).toBe(2);

    const parse = vi.spyOn(JSON, 'parse');
    const runs = store.listRuns();
    const specParses = () =>
      parse.mock.calls.filter(([text]) => typeof text === 'string' && text.includes('"specVersion"')).length;
    expect(specParses()).toBe(0);
    expect(runs[0]?.spec.id).toBe('other');
    expect(runs[0]?.spec.id).toBe('other');
    expect(specParses()).toBe(1);
    parse.mockRestore();
    // Each record parses its own copy.
    expect(runs[1]?.spec).not.toBe(runs[2]?.spec);
    expect(JSON.parse(JSON.stringify(runs[5]))).toEqual(store.getRun('a0'));
  });

  it('refuses to update or delete events (append-only)', () => {
    const store = open();
    const clock = new EventClock('r1');
    store.createRun(makeRun('r1'), [clock.runStarted()]);
    expect(() => store.db.prepare("UPDATE events SET type = 'x'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
  });

  it('enforces the approval compare-and-set across two connections to one file', () => {
    const a = open();
    const b = open();
    const clock = new EventClock('r1');
    a.createRun(makeRun('r1'), [clock.runStarted()]);
    a.commit(
      'r1',
      { kind: 'step.wait', step: makeStep('r1', 0, { status: 'waiting' }), approval: makeApproval('r1', 0, 'apr_1') },
      [clock.approvalRequested(0, 'apr_1')],
      { durable: true, now: T0 },
    );
    // Both connections saw it pending.
    expect(b.getApproval('apr_1')?.status).toBe('pending');
    const decide = (by: string, at: number): Transition => ({
      kind: 'approval.resolve',
      stepIdx: 0,
      decision: { approvalId: 'apr_1', decision: 'approved', by, at },
    });
    const decidedAt = Date.parse('2026-03-01T09:00:00.000Z');
    b.commit('r1', decide('bob', decidedAt), [clock.approvalResolved(0, 'apr_1', 'approved', 'bob')], {
      durable: true,
      now: decidedAt,
    });
    expect(() =>
      a.commit('r1', decide('alice', decidedAt + 5), [clock.approvalResolved(0, 'apr_1', 'approved', 'alice')], {
        durable: true,
        now: decidedAt + 5,
      }),
    ).toThrow('approval apr_1 was already approved by bob at 2026-03-01T09:00:00.000Z');
    expect(a.getEvents('r1').filter((e) => e.type === 'approval.resolved')).toHaveLength(1);
  });
});
