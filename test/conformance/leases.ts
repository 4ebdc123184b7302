/**
 * Conformance: run leases (one driver per run, engine/lease.ts), cancellation requests and
 * the `run.cancel` transition, retry bookkeeping on `step.attempt`, and the order in which a
 * commit checks its rules (an approval race is reported as such, never as a sequence error).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/events';
import { ApprovalConflictError, RunExistsError, RunStateError } from '../../src-main/engine/errors';
import { LeaseLostError, RunOwnedError, type LeaseOwner } from '../../src-main/engine/lease';
import type { CheckpointStore } from '../../src-main/engine/store';
import type { SuiteContext } from './context';
import { at } from './context';
import { EventClock, T0, makeRun, makeStep, usage } from './fixtures';

const alpha: LeaseOwner = { id: 'own_alpha', label: 'waymark resume (pid 101 on box)', pid: 101, host: 'box' };
const beta: LeaseOwner = { id: 'own_beta', label: 'waymark serve (pid 202 on box)', pid: 202, host: 'box' };
const TTL = 30_000;
const claim = (owner: LeaseOwner, now: number, expect: { ownerId: string; renewedAt: number } | null = null) => ({
  owner,
  expect,
  now,
  ttlMs: TTL,
});

function takenOver(clock: EventClock, previous: LeaseOwner): EngineEvent {
  return {
    runId: clock.runId,
    seq: clock.seq++,
    at: new Date(T0).toISOString(),
    type: 'run.taken-over',
    previousOwner: previous.label,
    previousRenewedAt: new Date(T0).toISOString(),
    reason: 'expired',
    owner: beta.label,
  };
}

/** Leases: claim by compare-and-set, fencing and renewal by commits, heartbeat, release. */
export function describeLeases(ctx: SuiteContext): void {
  const { started, waiting } = ctx;
  let store: CheckpointStore;
  beforeEach(() => {
    store = ctx.store;
  });

  describe('leases', () => {
    it('a run is born with its creator lease, or none', () => {
      const lease = { owner: alpha, acquiredAt: T0, renewedAt: T0, expiresAt: T0 + TTL };
      store.createRun(makeRun('r1', { lease }), [new EventClock('r1').runStarted()]);
      started('r2');
      expect(store.getRun('r1')?.lease).toEqual(lease);
      expect(store.getRun('r2')?.lease).toBeUndefined();
      expect(store.listRuns().find((r) => r.id === 'r1')?.lease).toEqual(lease);
    });

    it('claims a free run, re-claims its own, and refuses another owner naming the holder', () => {
      started('r1');
      expect(store.claimLease('r1', claim(alpha, T0 + 10), [])).toEqual({
        owner: alpha,
        acquiredAt: T0 + 10,
        renewedAt: T0 + 10,
        expiresAt: T0 + 10 + TTL,
      });
      expect(store.claimLease('r1', claim(alpha, T0 + 20), [])).toMatchObject({
        acquiredAt: T0 + 10,
        renewedAt: T0 + 20,
      });
      let err: unknown;
      try {
        store.claimLease('r1', claim(beta, T0 + 30), []);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RunOwnedError);
      expect((err as RunOwnedError).lease.owner).toEqual(alpha);
      expect((err as Error).message).toContain('waymark resume (pid 101 on box)');
      expect((err as Error).message).toMatch(/last heard from 0\.0 s ago/);
      expect(store.getRun('r1')?.lease?.owner.id).toBe('own_alpha');
      expect(() => store.claimLease('ghost', claim(alpha, T0), [])).toThrow(RunStateError);
    });

    it('takes over only the exact lease it read, recording the take-over with its events', () => {
      const clock = started('r1');
      store.claimLease('r1', claim(alpha, T0 + 10), []);
      // A stale read (the owner renewed since) loses the compare-and-set.
      const stale = { ownerId: 'own_alpha', renewedAt: T0 + 5 };
      expect(() => store.claimLease('r1', claim(beta, T0 + 50_000, stale), [])).toThrow(RunOwnedError);
      const seen = { ownerId: 'own_alpha', renewedAt: T0 + 10 };
      const lease = store.claimLease('r1', claim(beta, T0 + 50_000, seen), [takenOver(clock, alpha)]);
      expect(lease.owner).toEqual(beta);
      expect(store.getRun('r1')).toMatchObject({ nextSeq: 2, lease: { owner: beta, acquiredAt: T0 + 50_000 } });
      expect(store.getEvents('r1').at(-1)).toMatchObject({ type: 'run.taken-over', previousOwner: alpha.label });
      // Events out of sequence roll the claim back.
      expect(() =>
        store.claimLease('r1', claim(alpha, T0 + 90_000, { ownerId: 'own_beta', renewedAt: T0 + 50_000 }), [
          new EventClock('r1', 0).runStarted(),
        ]),
      ).toThrow(RunStateError);
      expect(store.getRun('r1')?.lease?.owner.id).toBe('own_beta');
    });

    it("fences a driver's commits by its lease and renews the lease with each", () => {
      const clock = started('r1');
      store.claimLease('r1', claim(alpha, T0), []);
      const begin = { kind: 'step.begin', step: makeStep('r1', 0) } as const;
      expect(() =>
        store.commit('r1', begin, [clock.stepStarted(0)], { ...at(5), lease: { ownerId: 'own_beta', ttlMs: TTL } }),
      ).toThrow(LeaseLostError);
      expect(store.getSteps('r1')).toEqual([]);
      clock.seq--; // the refused event was not stored
      expect(
        store.commit('r1', begin, [clock.stepStarted(0)], { ...at(5), lease: { ownerId: 'own_alpha', ttlMs: TTL } }),
      ).toEqual({});
      expect(store.getRun('r1')?.lease).toMatchObject({ renewedAt: T0 + 5, expiresAt: T0 + 5 + TTL });
      // Writes that need no driver (decisions, timeouts) pass without a lease.
      store.commit('r1', { kind: 'step.attempt', stepIdx: 0, attempts: 2 }, [], at(6));
      expect(store.getSteps('r1')[0]?.attempts).toBe(2);
    });

    it('a lost lease names who took over', () => {
      started('r1');
      store.claimLease('r1', claim(alpha, T0), []);
      store.claimLease('r1', claim(beta, T0 + TTL + 1, { ownerId: 'own_alpha', renewedAt: T0 }), []);
      expect(() =>
        store.commit('r1', { kind: 'step.begin', step: makeStep('r1', 0) }, [], {
          ...at(TTL + 2),
          lease: { ownerId: 'own_alpha', ttlMs: TTL },
        }),
      ).toThrow(/taken over by waymark serve \(pid 202 on box\)/);
    });

    it("renews every run of one owner on a heartbeat, and nobody else's", () => {
      for (const id of ['r1', 'r2', 'r3']) started(id);
      store.claimLease('r1', claim(alpha, T0), []);
      store.claimLease('r2', claim(alpha, T0), []);
      store.claimLease('r3', claim(beta, T0), []);
      const hb = store.heartbeat('own_alpha', T0 + 1000, TTL);
      expect(hb.renewed.sort()).toEqual(['r1', 'r2']);
      expect(hb.cancelRequests).toEqual([]);
      expect(store.getRun('r1')?.lease).toMatchObject({ renewedAt: T0 + 1000, expiresAt: T0 + 1000 + TTL });
      expect(store.getRun('r3')?.lease).toMatchObject({ renewedAt: T0 });
      expect(store.heartbeat('own_nobody', T0, TTL)).toEqual({ renewed: [], cancelRequests: [] });
    });

    it('releases only its own lease', () => {
      started('r1');
      store.claimLease('r1', claim(alpha, T0), []);
      expect(store.releaseLease('r1', 'own_beta')).toBe(false);
      expect(store.getRun('r1')?.lease).toBeDefined();
      expect(store.releaseLease('r1', 'own_alpha')).toBe(true);
      expect(store.getRun('r1')?.lease).toBeUndefined();
      expect(store.releaseLease('r1', 'own_alpha')).toBe(false);
      // Free again: anyone may claim.
      expect(store.claimLease('r1', claim(beta, T0 + 1), []).owner).toEqual(beta);
    });

    it('survives reopening', () => {
      if (!ctx.reopen) return;
      started('r1');
      store.claimLease('r1', claim(alpha, T0), []);
      store.requestCancel('r1', { by: 'carol', at: T0 + 3 });
      store.close();
      const again = ctx.track(ctx.reopen());
      expect(again.getRun('r1')).toMatchObject({
        lease: { owner: alpha, acquiredAt: T0 },
        cancelRequest: { by: 'carol', at: T0 + 3 },
      });
    });
  });

  describe('cancellation', () => {
    it("records a request for the owner, returned by the owner's next commit and heartbeat", () => {
      const clock = started('r1');
      store.claimLease('r1', claim(alpha, T0), []);
      store.requestCancel('r1', { by: 'carol', at: T0 + 1 });
      store.requestCancel('r1', { by: 'dave', at: T0 + 2 }); // the first request stands
      expect(store.getRun('r1')?.cancelRequest).toEqual({ by: 'carol', at: T0 + 1 });
      const r = store.commit('r1', { kind: 'step.begin', step: makeStep('r1', 0) }, [clock.stepStarted(0)], {
        ...at(3),
        lease: { ownerId: 'own_alpha', ttlMs: TTL },
      });
      expect(r.cancelRequest).toEqual({ by: 'carol', at: T0 + 1 });
      expect(store.heartbeat('own_alpha', T0 + 4, TTL).cancelRequests).toEqual([
        { runId: 'r1', request: { by: 'carol', at: T0 + 1 } },
      ]);
    });

    it('refuses to cancel a finished or unknown run', () => {
      const clock = started('r1');
      store.commit(
        'r1',
        { kind: 'run.status', status: 'completed', usage: usage(0), endedAt: T0 + 9 },
        [clock.runFinished('completed')],
        at(9),
      );
      expect(() => store.requestCancel('r1', { by: 'carol', at: T0 + 10 })).toThrow(/already completed/);
      expect(() => store.requestCancel('ghost', { by: 'carol', at: T0 + 10 })).toThrow(/there is no run "ghost"/);
    });

    it('run.cancel withdraws pending approvals, fails the step in flight and ends the run', () => {
      const clock = waiting('r1', 'apr_1');
      store.requestCancel('r1', { by: 'carol', at: T0 + 6 });
      const error = { code: 'cancelled', message: 'run r1 was cancelled by carol', retryable: false };
      const step = makeStep('r1', 0, { status: 'failed', nodeType: 'approval', error, endedAt: T0 + 7 });
      store.commit(
        'r1',
        { kind: 'run.cancel', by: 'carol', at: T0 + 7, usage: usage(1), error, step },
        [clock.runFinished('cancelled')],
        { durable: true, now: T0 + 7 },
      );
      const run = store.getRun('r1');
      expect(run).toMatchObject({ status: 'cancelled', endedAt: T0 + 7, error, usage: usage(1) });
      expect(run?.cancelRequest).toBeUndefined();
      expect(run?.output).toBeUndefined();
      expect(store.getApproval('apr_1')).toMatchObject({ status: 'cancelled', decidedBy: 'carol', decidedAt: T0 + 7 });
      expect(store.listApprovals({ status: 'pending' })).toEqual([]);
      expect(store.getSteps('r1')).toEqual([step]);
    });
  });

  describe('commit rule order', () => {
    it('the loser of an approval race hears who decided and when, whatever its event seqs', () => {
      const clock = waiting('r1', 'apr_1');
      const stale = new EventClock('r1', clock.seq);
      const decide = (by: string, n: number) =>
        ({
          kind: 'approval.resolve',
          stepIdx: 0,
          decision: { approvalId: 'apr_1', decision: 'approved', by, at: T0 + n },
        }) as const;
      store.commit('r1', decide('alice', 10), [clock.approvalResolved(0, 'apr_1', 'approved', 'alice')], at(10));
      // bob read the run before alice committed: his events carry the same seq as hers.
      expect(() =>
        store.commit('r1', decide('bob', 11), [stale.approvalResolved(0, 'apr_1', 'approved', 'bob')], at(11)),
      ).toThrow(ApprovalConflictError);
      expect(() =>
        store.commit('r1', decide('bob', 11), [stale.approvalResolved(0, 'apr_1', 'approved', 'bob')], at(11)),
      ).toThrow(`approval apr_1 was already approved by alice at ${new Date(T0 + 10).toISOString()}`);
    });

    it('a reused run id is its own error', () => {
      started('r1');
      expect(() => store.createRun(makeRun('r1'), [])).toThrow(RunExistsError);
      expect(() => store.createRun(makeRun('r1'), [])).toThrow('run r1 already exists');
    });
  });

  describe('retry bookkeeping', () => {
    it('step.attempt records when the next attempt is due, and the start of that attempt clears it', () => {
      const clock = started('r1');
      store.commit('r1', { kind: 'step.begin', step: makeStep('r1', 0) }, [clock.stepStarted(0)], at(1));
      store.commit(
        'r1',
        { kind: 'step.attempt', stepIdx: 0, attempts: 1, retryAt: T0 + 500 },
        [clock.stepRetried(0, 1)],
        at(2),
      );
      expect(store.getSteps('r1')[0]).toMatchObject({ attempts: 1, retryAt: T0 + 500 });
      store.commit('r1', { kind: 'step.attempt', stepIdx: 0, attempts: 2 }, [clock.stepStarted(0, 2)], at(3));
      const step = store.getSteps('r1')[0];
      expect(step?.attempts).toBe(2);
      expect(step && 'retryAt' in step).toBe(false);
    });

    it('step.attempt on a step without a record (a pure step) changes nothing', () => {
      started('r1');
      store.commit('r1', { kind: 'step.attempt', stepIdx: 0, attempts: 2, retryAt: T0 + 9 }, [], at(1));
      expect(store.getSteps('r1')).toEqual([]);
    });
  });
}
