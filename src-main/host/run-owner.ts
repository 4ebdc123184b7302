/**
 * Who this process is when it drives runs (engine/lease.ts), and how it tells whether the
 * owner of another lease is still there.
 *
 * An owner is named for people (`waymark resume (pid 4242 on build-7)`) and identified by a
 * random id per runtime. A lease held by an owner on this machine is stale as soon as that
 * process is gone (`kill(pid, 0)` says ESRCH), or when it dates from an earlier boot (the
 * Linux boot id differs) — so a run killed with `kill -9` is taken over at once instead of
 * after its lease expires. Owners on other machines (a database on a shared disk) are only
 * ever judged by expiry. Within this process, an owner is gone once its runtime closed.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { randomBase36 } from '../connectors/system';
import type { LeaseOwner } from '../engine/lease';
import type { LeaseConfig } from '../engine/run-claims';

/** Environment variable overriding the lease time-to-live (milliseconds), for tuning and tests. */
export const LEASE_TTL_ENV = 'WAYMARK_LEASE_TTL_MS';

/** Owners of runtimes open in this process. */
const liveHere = new Set<string>();

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined; // not Linux: only the pid check applies
  }
}

const HOST = os.hostname();
const BOOT = bootId();

/** Whether the process of a lease owner is known to be gone (see the module comment). */
export function ownerGone(owner: LeaseOwner): boolean {
  if (owner.host !== HOST) return false;
  if (owner.bootId && BOOT && owner.bootId !== BOOT) return true;
  if (owner.pid === undefined) return false;
  if (owner.pid === process.pid) return !liveHere.has(owner.id);
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    // EPERM: the process exists but belongs to another user; it is alive.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The lease configuration of a runtime named `label`; `dispose` when the runtime closes. */
export function processOwner(label: string, env: NodeJS.ProcessEnv = process.env): LeaseConfig & { dispose(): void } {
  const owner: LeaseOwner = {
    id: `own_${randomBase36(16)}`,
    label: `${label} (pid ${process.pid} on ${HOST})`,
    pid: process.pid,
    host: HOST,
    ...(BOOT ? { bootId: BOOT } : {}),
  };
  liveHere.add(owner.id);
  const ttl = Number(env[LEASE_TTL_ENV]);
  return {
    owner,
    ...(Number.isFinite(ttl) && ttl > 0 ? { ttlMs: ttl } : {}),
    ownerGone,
    dispose: () => void liveHere.delete(owner.id),
  };
}
