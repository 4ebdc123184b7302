/**
 * A run's spec snapshot, tied to its audit log. The snapshot is the workflow the run obeys —
 * its zones, risk classes and approval rules — so editing it in the database (to let a
 * financial call through unattended, say) must not go unnoticed. The snapshot's SHA-256 is
 * its key, which catches a changed text; but someone who also fixes up the key (a new
 * snapshot row, the run pointed at it) gets past that. What they cannot fix without breaking
 * the hash chain is the run's first audit entry: `run.started` records the snapshot's hash
 * when the run is created. So:
 *
 * - loading a run (resume, show, approve…) compares its snapshot's hash with that entry
 *   ({@link snapshotAuditCheck}) and refuses a run whose snapshot changed;
 * - `waymark audit verify` checks every run ({@link firstSnapshotProblem}), naming the run.
 */
import { createHash } from 'node:crypto';
import type { ChainProblem } from './audit-chain';
import type { SqliteDatabase } from './open-database';
import { StorageError } from './storage-errors';

const short = (h: string) => `${h.slice(0, 12)}…`;

/** The error a run whose snapshot no longer matches its audited hash fails to load with. */
export function snapshotChanged(file: string, runId: string, stored: string, audited: string): StorageError {
  return new StorageError(
    'checksum',
    file,
    `the spec snapshot of run ${runId} in ${file} is not the one its audit log recorded when the run started (sha256 ${short(stored)}, audited ${short(audited)}): the workflow was changed in the database after the run started`,
    'Waymark will not show or resume this run; `waymark audit verify` lists the runs affected — restore the database from a backup',
  );
}

/** The check on load: per connection, each (run, snapshot) pair is compared once. */
export function snapshotAuditCheck(db: SqliteDatabase, file: string): (runId: string, specHash: string) => void {
  const audited = db
    .prepare<[string], string | null>(
      "SELECT json_extract(payload, '$.specHash') FROM audit_log WHERE run_id = ? AND kind = 'run.started' ORDER BY seq LIMIT 1",
    )
    .pluck();
  const checked = new Set<string>();
  return (runId, specHash) => {
    const key = `${runId}\u0000${specHash}`;
    if (checked.has(key)) return;
    const recorded = audited.get(runId);
    // Runs from before snapshots were audited (no hash recorded) have nothing to compare with.
    if (typeof recorded === 'string' && recorded !== specHash) throw snapshotChanged(file, runId, specHash, recorded);
    checked.add(key);
  };
}

interface SnapshotRow {
  run_id: string;
  spec_hash: string;
  json: string | null;
  seq: number | null;
  audited: string | null;
}

/**
 * The first run (in audit order) whose snapshot text does not hash to its key, or whose key
 * is not the hash its `run.started` entry recorded; undefined when all match.
 */
export function firstSnapshotProblem(db: SqliteDatabase): ChainProblem | undefined {
  const rows = db
    .prepare<[], SnapshotRow>(
      `SELECT r.id AS run_id, r.spec_hash, s.json,
              a.seq, json_extract(a.payload, '$.specHash') AS audited
         FROM runs r
         LEFT JOIN spec_snapshots s ON s.hash = r.spec_hash
         LEFT JOIN audit_log a ON a.run_id = r.id AND a.kind = 'run.started'
        ORDER BY a.seq, r.id`,
    )
    .iterate();
  const hashes = new Map<string, string>();
  for (const r of rows) {
    const seq = r.seq ?? 0;
    if (r.json === null)
      return { seq, kind: 'snapshot', message: `run ${r.run_id}: its spec snapshot is missing from the database` };
    let actual = hashes.get(r.spec_hash);
    if (actual === undefined) hashes.set(r.spec_hash, (actual = createHash('sha256').update(r.json).digest('hex')));
    if (actual !== r.spec_hash)
      return {
        seq,
        kind: 'snapshot',
        message: `run ${r.run_id}: its spec snapshot was edited (its text hashes to ${short(actual)}, stored as ${short(r.spec_hash)})`,
      };
    if (r.audited !== null && r.audited !== r.spec_hash)
      return {
        seq,
        kind: 'snapshot',
        message: `run ${r.run_id}: its spec snapshot (sha256 ${short(r.spec_hash)}) is not the one entry ${seq} (run.started) recorded (${short(r.audited)}): the workflow was changed after the run started`,
      };
  }
  return undefined;
}
