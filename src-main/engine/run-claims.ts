/**
 * Which runs this engine drives, across processes: a run is claimed before anything of it
 * executes and released however its drive ends. Claiming takes the run's lease in the store
 * by compare-and-set (engine/lease.ts): a run whose live lease another owner holds is
 * refused, naming that owner; a stale lease (expired, or its owner process gone) is taken
 * over, and the take-over is recorded as a `run.taken-over` event. While a run is claimed,
 * its commits are fenced by and renew the lease; `heartbeat` renews it during long steps
 * (the composition root calls it on a timer) and brings in cancellation requests made from
 * elsewhere. A claimed run can be cancelled through the signal its drive watches.
 */
import type { EngineEvent } from '../../shared/events';
import type { Clock } from './ports';
import { RunStateError } from './errors';
import { EventBuffer } from './event-buffer';
import {
  DEFAULT_LEASE_TTL_MS,
  RunOwnedError,
  leaseIsLive,
  type CancelRequest,
  type LeaseOwner,
  type RunLease,
} from './lease';
import type { CheckpointStore, CommitOptions, RunRecord } from './store';

/** How an engine takes part in run ownership (EngineDeps.lease). */
export interface LeaseConfig {
  /** Who this engine is. Default: an owner known only to this engine. */
  owner?: LeaseOwner;
  /** Lease time-to-live; the heartbeat should run well within it. Default 30 s. */
  ttlMs?: number;
  /** Whether a lease's owner is known to be gone (a local process no longer alive). Default: never. */
  ownerGone?: (owner: LeaseOwner) => boolean;
}

/** The message a drive's signal aborts with when someone cancels the run. */
export function cancelledBy(runId: string, request: CancelRequest): RunStateError {
  return new RunStateError(`run ${runId} was cancelled by ${request.by} at ${new Date(request.at).toISOString()}`);
}

/** See the module comment. One per run loop. */
export class RunClaims {
  /** Claimed runs, each with the controller that cancels its drive. */
  private readonly active = new Map<string, AbortController>();
  readonly owner: LeaseOwner;
  readonly ttlMs: number;
  private readonly ownerGone: (owner: LeaseOwner) => boolean;

  constructor(
    private readonly store: CheckpointStore,
    private readonly clock: Clock,
    newId: () => string,
    config: LeaseConfig = {},
    private readonly publish: (events: EngineEvent[]) => void = () => {},
  ) {
    const id = newId();
    this.owner = config.owner ?? { id, label: `engine ${id}` };
    this.ttlMs = config.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.ownerGone = config.ownerGone ?? (() => false);
  }

  /** Whether the run is claimed (executing) here. */
  has(runId: string): boolean {
    return this.active.has(runId);
  }

  /** The lease this engine would hold on a new run it creates (a run born owned). */
  newLease(now: number): RunLease {
    return { owner: this.owner, acquiredAt: now, renewedAt: now, expiresAt: now + this.ttlMs };
  }

  /**
   * The live lease of a run held by someone else, if any: the run is being driven elsewhere.
   * A run this engine holds, or one whose lease is stale, has none.
   */
  heldElsewhere(run: Pick<RunRecord, 'lease'>, now: number = this.clock.now()): RunLease | undefined {
    const lease = run.lease;
    if (!lease || lease.owner.id === this.owner.id) return undefined;
    return leaseIsLive(lease, now, this.ownerGone) ? lease : undefined;
  }

  /**
   * Claims a run: takes its lease (recording a take-over of a stale one) and returns the
   * signal that aborts when the run is cancelled, and the run record as of the claim.
   * @throws RunStateError when the run is already executing in this process.
   * @throws RunOwnedError when another owner holds a live lease on it.
   */
  claim(run: RunRecord): { signal: AbortSignal; run: RunRecord } {
    const runId = run.id;
    if (this.active.has(runId)) throw new RunStateError(`run ${runId} is already executing in this process`);
    const now = this.clock.now();
    const current = run.lease;
    let claimed = run;
    // A run born owned by this engine (start, fork) needs no second write.
    if (!(current?.owner.id === this.owner.id && current.expiresAt > now)) {
      const elsewhere = this.heldElsewhere(run, now);
      if (elsewhere) throw new RunOwnedError(runId, elsewhere, now);
      const events = new EventBuffer(runId, run.nextSeq, this.clock);
      if (current && current.owner.id !== this.owner.id) {
        events.push({
          type: 'run.taken-over',
          previousOwner: current.owner.label,
          previousRenewedAt: new Date(current.renewedAt).toISOString(),
          reason: current.expiresAt <= now ? 'expired' : 'owner-gone',
          owner: this.owner.label,
        });
      }
      const taken = events.take();
      const lease = this.store.claimLease(
        runId,
        {
          owner: this.owner,
          expect: current ? { ownerId: current.owner.id, renewedAt: current.renewedAt } : null,
          now,
          ttlMs: this.ttlMs,
        },
        taken,
      );
      this.publish(taken);
      claimed = { ...run, lease, nextSeq: run.nextSeq + taken.length };
    }
    const ac = new AbortController();
    // A cancellation asked for while nobody drove the run is honoured before its first step.
    if (claimed.cancelRequest) ac.abort(cancelledBy(runId, claimed.cancelRequest));
    this.active.set(runId, ac);
    return { signal: ac.signal, run: claimed };
  }

  /** Gives up a claim and its lease (a closed store at shutdown leaves the lease to expire). */
  release(runId: string): void {
    if (!this.active.delete(runId)) return;
    try {
      this.store.releaseLease(runId, this.owner.id);
    } catch {
      // The store is closing or cannot be written: the lease expires on its own.
    }
  }

  /** The lease part of a commit's options: fencing and renewal for a run claimed here. */
  leaseOf(runId: string): CommitOptions['lease'] {
    return this.active.has(runId) ? { ownerId: this.owner.id, ttlMs: this.ttlMs } : undefined;
  }

  /** Aborts a claimed run's drive; false when the run is not executing here. */
  cancel(runId: string, reason: Error = new RunStateError(`run ${runId} was cancelled`)): boolean {
    const ac = this.active.get(runId);
    if (!ac) return false;
    if (!ac.signal.aborted) ac.abort(reason);
    return true;
  }

  /**
   * Renews the leases of every run claimed here and honours cancellations asked for
   * elsewhere. Does nothing (and writes nothing) while no run is claimed.
   */
  heartbeat(): void {
    if (!this.active.size) return;
    const hb = this.store.heartbeat(this.owner.id, this.clock.now(), this.ttlMs);
    for (const { runId, request } of hb.cancelRequests) this.cancel(runId, cancelledBy(runId, request));
    // A claimed run whose lease is gone was taken over: stop driving it (its commits would be refused).
    for (const runId of this.active.keys()) {
      if (!hb.renewed.includes(runId))
        this.cancel(runId, new RunStateError(`run ${runId} was taken over by another process`));
    }
  }
}
