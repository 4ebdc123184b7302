/**
 * Schema of the audit log (migration 2). Kept next to the audit code rather than inline in
 * migrations.ts because the chain rules below and the verifier must agree on it.
 *
 * Why a separate table from `events`: events are the run's trace (large, per step, per
 * run); the audit log is a global, hash-chained record of governance facts (run start and
 * end, decisions, approvals, policy and budget checks, secret access), small enough to
 * export and verify whole. `seq` is global (the rowid), so the chain orders every entry of
 * every run.
 *
 * Append-only is enforced by triggers, as for events. Triggers stop mistakes and honest
 * code, not an attacker with the file: that is what the hash chain (and an exported head)
 * is for.
 */
export const AUDIT_LOG_SQL = `
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  run_id TEXT,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_run ON audit_log(run_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;
