/**
 * Run ownership: one driver per run at a time (Temporal's task ownership, in a file).
 *
 * A lease is stored with the run: who drives it, since when, when it was last renewed and
 * when it expires. A process claims it by compare-and-set before driving the run, renews it
 * while driving (piggybacked on its commits and on a heartbeat for long steps) and releases
 * it when the run stops (ends, waits, pauses). Every commit of the driver carries its owner
 * id and is refused once someone else holds the lease (fencing), so a process that stalled
 * past its expiry cannot write over the one that took over.
 *
 * A lease is *live* while unexpired and its owner is not known to be gone; a live lease held
 * by someone else means "driven elsewhere": the engine refuses to drive and says by whom.
 * A lease that expired, or whose owner process is gone (same machine, pid no longer alive —
 * the composition root tells), is *stale*: it is taken over, and the take-over is recorded
 * as a `run.taken-over` event (and so in the audit log). "Interrupted" means exactly this:
 * not finished, and nobody holds a live lease.
 *
 * The rules here are applied identically by every store (test/conformance/leases.ts).
 */
import { RunStateError } from './errors';

/** Who drives a run. */
export interface LeaseOwner {
  /** Unique per engine instance (a process may hold several engines, e.g. in tests). */
  id: string;
  /** For people, e.g. `waymark resume (pid 4242 on build-7)`. */
  label: string;
  /** Process id of the owner, when it is a local process. */
  pid?: number;
  /** Host name of the owner's machine. */
  host?: string;
  /** The machine's boot id: a pid from another boot is certainly gone. */
  bootId?: string;
}

/** The lease of a run, as stored. Times are epoch milliseconds. */
export interface RunLease {
  owner: LeaseOwner;
  acquiredAt: number;
  /** Last heartbeat (claim, commit or timer). */
  renewedAt: number;
  expiresAt: number;
}

/** A request to cancel a run, recorded for its owner to honour at its next step boundary. */
export interface CancelRequest {
  by: string;
  at: number;
}

/**
 * A claim: take the lease for `owner` if the run's current lease is exactly `expect` (owner
 * id and renewal time as read), or there is none and `expect` is null. Re-claiming a lease
 * one already holds always succeeds (and renews it).
 */
export interface LeaseClaim {
  owner: LeaseOwner;
  expect: { ownerId: string; renewedAt: number } | null;
  now: number;
  ttlMs: number;
}

/** Default lease time-to-live: how long a silent owner keeps a run before others may take it. */
export const DEFAULT_LEASE_TTL_MS = 30_000;

/** "1.2 s" / "3 min" / "2 h": how long ago, for messages. */
export function ago(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** One line about a lease for people: owner, age, last renewal. */
export function describeLease(lease: RunLease, now: number): string {
  return `${lease.owner.label}, driving it for ${ago(now - lease.acquiredAt)} (last heard from ${ago(now - lease.renewedAt)} ago)`;
}

/** A run has a live lease held by someone else: it is being driven elsewhere. */
export class RunOwnedError extends RunStateError {
  constructor(
    readonly runId: string,
    readonly lease: RunLease,
    now: number,
  ) {
    super(
      `run ${runId} is being driven by ${describeLease(lease, now)}; wait for it to stop, or cancel it with \`waymark cancel ${runId}\``,
    );
    this.name = 'RunOwnedError';
  }
}

/** The driver's lease was taken over (it stalled past its expiry): its commit is refused. */
export class LeaseLostError extends RunStateError {
  constructor(
    readonly runId: string,
    readonly lease: RunLease | undefined,
    ownerId: string,
  ) {
    super(
      lease
        ? `run ${runId} was taken over by ${lease.owner.label} at ${new Date(lease.acquiredAt).toISOString()}; this process (${ownerId}) no longer drives it and wrote nothing more`
        : `run ${runId} is no longer leased to this process (${ownerId}); it wrote nothing more`,
    );
    this.name = 'LeaseLostError';
  }
}

/**
 * The lease compare-and-set every store applies: the new lease, or an error naming who holds
 * the run. `now` comes from the claim (the stores keep no clock).
 * @throws RunOwnedError when the current lease is not the one the claim expects.
 */
export function claimLeaseRule(runId: string, current: RunLease | undefined, claim: LeaseClaim): RunLease {
  const { owner, expect, now, ttlMs } = claim;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`lease ttlMs must be positive, got ${ttlMs}`);
  const fresh = { owner, acquiredAt: now, renewedAt: now, expiresAt: now + ttlMs };
  // No lease (or one released since the claimer read it): the run is free.
  if (!current) return fresh;
  if (current.owner.id === owner.id) return { ...current, renewedAt: now, expiresAt: now + ttlMs };
  if (expect && current.owner.id === expect.ownerId && current.renewedAt === expect.renewedAt) return fresh;
  throw new RunOwnedError(runId, current, now);
}

/**
 * The fencing rule of a driver's commit: the run must still be leased to `ownerId`.
 * @throws LeaseLostError otherwise.
 */
export function checkLeaseHolder(runId: string, current: RunLease | undefined, ownerId: string): void {
  if (current?.owner.id !== ownerId) throw new LeaseLostError(runId, current, ownerId);
}

/** Whether a lease still binds others: unexpired, and its owner not known to be gone. */
export function leaseIsLive(
  lease: RunLease | undefined,
  now: number,
  ownerGone: (owner: LeaseOwner) => boolean = () => false,
): lease is RunLease {
  return !!lease && lease.expiresAt > now && !ownerGone(lease.owner);
}
