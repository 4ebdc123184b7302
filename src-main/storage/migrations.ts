/**
 * Schema migrations: numbered, append-only, tracked with `PRAGMA user_version`.
 *
 * Rules (why): never edit a shipped migration — users' databases already ran it; add a new
 * one. Each migration runs in its own IMMEDIATE transaction together with the
 * `user_version` bump (the version lives in the database header, which is transactional),
 * so a crash mid-migration leaves the previous version intact. A database written by a
 * newer Waymark is refused rather than guessed at: its tables may mean something this code
 * does not know.
 */
import { AUDIT_LOG_SQL } from './audit-schema';
import { APPROVAL_CRC_COLUMNS } from './checksum';
import type { SqliteDatabase } from './open-database';
import { StorageError, storageErrors } from './storage-errors';

/** One schema step. `version` is its position (1-based); `sql` runs as one script. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The checkpoint schema, version 1. Rationale per table in src-main/storage/README.md. */
const V1 = `
CREATE TABLE spec_snapshots (
  hash TEXT PRIMARY KEY,
  json TEXT NOT NULL
);

-- The hot row, rewritten by every commit (next_seq, updated_at): kept small, so large
-- inputs and outputs live in run_io and are not rewritten with it.
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  spec_id TEXT NOT NULL,
  spec_name TEXT NOT NULL,
  status TEXT NOT NULL,
  simulate INTEGER NOT NULL,
  trigger TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  ended_at INTEGER,
  parent_run_id TEXT,
  forked_from_step INTEGER,
  step_count INTEGER NOT NULL,
  next_seq INTEGER NOT NULL,
  usage_json TEXT NOT NULL,
  error_json TEXT,
  spec_hash TEXT NOT NULL REFERENCES spec_snapshots(hash)
);
CREATE INDEX runs_created ON runs(created_at);
CREATE INDEX runs_status_created ON runs(status, created_at);
CREATE INDEX runs_spec_created ON runs(spec_id, created_at);

CREATE TABLE run_io (
  run_id TEXT PRIMARY KEY REFERENCES runs(id),
  input_json TEXT,
  output_json TEXT
);

-- WITHOUT ROWID: the primary key is the table, so a step or event insert writes one
-- b-tree page instead of two (table + autoindex): fewer pages to fsync per checkpoint.
-- record is the whole StepRecord as JSON and is authoritative; the other columns copy
-- fields of it for SQL queries. One column to read per row keeps resuming a 10,000-step
-- run fast (per-column marshalling dominated the cost).
CREATE TABLE steps (
  run_id TEXT NOT NULL REFERENCES runs(id),
  idx INTEGER NOT NULL,
  node_id TEXT NOT NULL,
  node_type TEXT NOT NULL,
  status TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (run_id, idx)
) WITHOUT ROWID;

CREATE TABLE events (
  run_id TEXT NOT NULL REFERENCES runs(id),
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  step_idx INTEGER,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  step_idx INTEGER NOT NULL,
  node_id TEXT NOT NULL,
  status TEXT NOT NULL,
  message TEXT NOT NULL,
  reason TEXT NOT NULL,
  approvers_json TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  timeout_at INTEGER,
  decided_by TEXT,
  decided_at INTEGER,
  comment TEXT,
  edited INTEGER,
  payload_json TEXT,
  payload_schema_json TEXT,
  decided_payload_json TEXT
);
CREATE INDEX approvals_status ON approvals(status, requested_at);
CREATE INDEX approvals_run ON approvals(run_id, requested_at);
`;

/** `PRAGMA application_id` of a Waymark database: "WYMK". Tells ours from other SQLite files. */
export const WAYMARK_APPLICATION_ID = 0x57594d4b;

/**
 * Version 3: run leases (engine/lease.ts) and a checksum per stored payload.
 *
 * Leases live in the hot `runs` row, which every commit rewrites anyway: fencing and renewing
 * a lease in the same UPDATE costs no extra page per step. `lease_json` holds the owner and
 * when it claimed; the renewal columns change on every heartbeat without rewriting it.
 *
 * Checksums are CRC-32 of each stored payload (a step record, an event body, a run's input
 * and output, an approval row), verified on every read: they catch a flipped byte or a
 * damaged page SQLite itself cannot see. They are not a signature (the audit chain is what
 * detects deliberate edits). Existing rows get theirs computed here (the events triggers are
 * dropped and recreated around that one UPDATE; nothing else may change an event).
 */
const V3 = `
ALTER TABLE runs ADD COLUMN lease_owner TEXT;
ALTER TABLE runs ADD COLUMN lease_json TEXT;
ALTER TABLE runs ADD COLUMN lease_renewed_at INTEGER;
ALTER TABLE runs ADD COLUMN lease_expires_at INTEGER;
ALTER TABLE runs ADD COLUMN cancel_json TEXT;
CREATE INDEX runs_lease_owner ON runs(lease_owner) WHERE lease_owner IS NOT NULL;

ALTER TABLE steps ADD COLUMN crc INTEGER;
ALTER TABLE events ADD COLUMN crc INTEGER;
ALTER TABLE run_io ADD COLUMN input_crc INTEGER;
ALTER TABLE run_io ADD COLUMN output_crc INTEGER;
ALTER TABLE approvals ADD COLUMN crc INTEGER;

UPDATE steps SET crc = wm_crc32(record);
DROP TRIGGER events_no_update;
UPDATE events SET crc = wm_crc32(body);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
UPDATE run_io SET input_crc = wm_crc32(input_json), output_crc = wm_crc32(output_json);
UPDATE approvals SET crc = wm_row_crc32(${APPROVAL_CRC_COLUMNS.join(', ')});
PRAGMA application_id = ${WAYMARK_APPLICATION_ID};
`;

/**
 * Version 4: durable waits (engine/waits.ts). One row per wait, inserted in the same
 * transaction as the step that starts waiting, fired once by a compare-and-set on `status`.
 * `record` is the whole WaitRecord as JSON and is authoritative (checksummed like a step);
 * the other columns copy fields of it for the indexed look-ups a waker makes: the pending
 * waits due by now (soonest first), the pending waits of a signal, the wait of a webhook
 * token's hash (unique), the waits of a run.
 */
const V4 = `
CREATE TABLE waits (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  step_idx INTEGER NOT NULL,
  status TEXT NOT NULL,
  kind TEXT NOT NULL,
  wake_at INTEGER NOT NULL,
  signal TEXT,
  token_hash TEXT,
  created_at INTEGER NOT NULL,
  record TEXT NOT NULL,
  crc INTEGER NOT NULL
);
CREATE INDEX waits_due ON waits(wake_at) WHERE status = 'pending';
CREATE INDEX waits_signal ON waits(signal, created_at) WHERE status = 'pending' AND signal IS NOT NULL;
CREATE UNIQUE INDEX waits_token ON waits(token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX waits_run ON waits(run_id, step_idx);
CREATE INDEX waits_status ON waits(status, created_at);
`;

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'checkpoint store', sql: V1 },
  { version: 2, name: 'audit log', sql: AUDIT_LOG_SQL },
  { version: 3, name: 'leases and checksums', sql: V3 },
  { version: 4, name: 'durable waits', sql: V4 },
];

/** The schema version this code writes. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/** Raised when a database's schema is newer than this code understands (a `StorageError`). */
export class SchemaVersionError extends StorageError {
  readonly found: number;
  readonly supported: number;
  constructor(found: number, supported: number, filename: string) {
    const { what, hint } = storageErrors.newerSchema(filename, found, supported);
    super('newer-schema', filename, what, hint);
    this.name = 'SchemaVersionError';
    this.found = found;
    this.supported = supported;
  }
}

/** Reads the schema version recorded in the database header (0 for a new database). */
export function schemaVersion(db: SqliteDatabase): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings `db` up to `LATEST_SCHEMA_VERSION` (or the last of `migrations`), one transaction
 * per migration. Safe to call concurrently from several processes: the version is re-read
 * inside each write transaction.
 * @returns the version before and after.
 * @throws SchemaVersionError when the database is newer than the known migrations.
 */
export function migrate(
  db: SqliteDatabase,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration "${m.name}" has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const from = schemaVersion(db);
  if (from > latest) throw new SchemaVersionError(from, latest, db.name);
  for (const m of migrations.slice(from)) {
    db.transaction(() => {
      // Another process may have migrated since we looked.
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { from, to: Math.max(from, latest) };
}
