/**
 * Every SQL statement of the checkpoint store, prepared once per connection.
 *
 * Why prepared up front: preparing costs more than running a small statement, and the
 * engine commits once per step transition; holding the statements also surfaces a schema
 * mismatch when the store opens rather than in the middle of a run.
 */
import type { Statement } from 'better-sqlite3';
import type { RunStatus } from '../../shared/events';
import type { SqliteDatabase } from './open-database';
import { APPROVAL_CRC_COLUMNS } from './checksum';
import type { ApprovalRow, EventRow, LeaseColumns, RunIoRow, RunRow, StepRow } from './rows';

const RUN_COLUMNS = [
  'id',
  'spec_id',
  'spec_name',
  'status',
  'simulate',
  'trigger',
  'created_at',
  'updated_at',
  'ended_at',
  'parent_run_id',
  'forked_from_step',
  'step_count',
  'next_seq',
  'usage_json',
  'error_json',
  'spec_hash',
  'lease_owner',
  'lease_json',
  'lease_renewed_at',
  'lease_expires_at',
  'cancel_json',
] as const satisfies readonly (keyof RunRow)[];

const RUN_IO_COLUMNS = [
  'run_id',
  'input_json',
  'output_json',
  'input_crc',
  'output_crc',
] as const satisfies readonly (keyof RunIoRow)[];

const STEP_COLUMNS = [
  'run_id',
  'idx',
  'node_id',
  'node_type',
  'status',
  'record',
  'crc',
] as const satisfies readonly (keyof StepRow)[];

/** The checksummed columns, then the checksum itself. */
const APPROVAL_COLUMNS = [...APPROVAL_CRC_COLUMNS, 'crc'] as const satisfies readonly (keyof ApprovalRow)[];

const EVENT_COLUMNS = [
  'run_id',
  'seq',
  'type',
  'step_idx',
  'at',
  'body',
  'crc',
] as const satisfies readonly (keyof EventRow)[];

const insertSql = (table: string, cols: readonly string[]) =>
  `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;

/** A run's columns and its input/output; callers add the snapshot or its hash. */
const RUN_SELECT = `SELECT ${RUN_COLUMNS.map((c) => `r.${c}`).join(', ')}, io.input_json, io.output_json, io.input_crc, io.output_crc`;
const RUN_FROM = 'FROM runs r JOIN run_io io ON io.run_id = r.id';

type RunView = RunRow & Omit<RunIoRow, 'run_id'>;

/** What a commit reads of its run first, under the write lock: sequence, status, lease, cancellation. */
export interface RunHead {
  next_seq: number;
  status: RunStatus;
  lease_owner: string | null;
  lease_json: string | null;
  lease_renewed_at: number | null;
  lease_expires_at: number | null;
  cancel_json: string | null;
}

/** A lease as written: the run id and its lease columns. */
export type LeaseRow = LeaseColumns & { id: string };

/** Filter shapes of `listRuns`, each with its own statement so each can use its index. */
export type RunFilterShape = 'all' | 'status' | 'spec' | 'status+spec';

/** Filter shapes of `listApprovals`. */
export type ApprovalFilterShape = 'all' | 'status' | 'run' | 'status+run';

function listRunsSql(shape: RunFilterShape): string {
  const where = {
    all: '',
    status: 'WHERE r.status = @status',
    spec: 'WHERE r.spec_id = @specId',
    'status+spec': 'WHERE r.status = @status AND r.spec_id = @specId',
  }[shape];
  // rowid breaks createdAt ties: later insert = newer run.
  return `${RUN_SELECT} ${RUN_FROM} ${where} ORDER BY r.created_at DESC, r.rowid DESC LIMIT @limit OFFSET @offset`;
}

function listApprovalsSql(shape: ApprovalFilterShape): string {
  const where = {
    all: '',
    status: 'WHERE status = @status',
    run: 'WHERE run_id = @runId',
    'status+run': 'WHERE status = @status AND run_id = @runId',
  }[shape];
  return `SELECT * FROM approvals ${where} ORDER BY requested_at, id`;
}

/** Prepares the store's statements on `db` (whose schema must be current). */
export function prepareStatements(db: SqliteDatabase) {
  const stepSet = STEP_COLUMNS.filter((c) => c !== 'run_id' && c !== 'idx').map((c) => `${c} = excluded.${c}`);
  return {
    insertSnapshot: db.prepare<[string, string]>('INSERT OR IGNORE INTO spec_snapshots (hash, json) VALUES (?, ?)'),
    snapshot: db.prepare<[string], string>('SELECT json FROM spec_snapshots WHERE hash = ?').pluck(),

    insertRun: db.prepare<[RunRow]>(insertSql('runs', RUN_COLUMNS)),
    insertRunIo: db.prepare<[RunIoRow]>(insertSql('run_io', RUN_IO_COLUMNS)),
    runNextSeq: db.prepare<[string], number>('SELECT next_seq FROM runs WHERE id = ?').pluck(),
    runHead: db.prepare<[string], RunHead>(
      'SELECT next_seq, status, lease_owner, lease_json, lease_renewed_at, lease_expires_at, cancel_json FROM runs WHERE id = ?',
    ),
    getRun: db.prepare<[string], RunView & { spec_json: string }>(
      `${RUN_SELECT}, s.json AS spec_json ${RUN_FROM} JOIN spec_snapshots s ON s.hash = r.spec_hash WHERE r.id = ?`,
    ),
    touchRun: db.prepare<[{ id: string; added: number; now: number; next: number }]>(
      'UPDATE runs SET step_count = step_count + @added, updated_at = @now, next_seq = @next WHERE id = @id',
    ),
    // A driver's commit renews its lease in the same row write: no extra page per step.
    touchRunLeased: db.prepare<[{ id: string; added: number; now: number; next: number; expires: number }]>(
      `UPDATE runs SET step_count = step_count + @added, updated_at = @now, next_seq = @next,
         lease_renewed_at = @now, lease_expires_at = @expires WHERE id = @id`,
    ),
    setLease: db.prepare<[LeaseRow]>(
      `UPDATE runs SET lease_owner = @lease_owner, lease_json = @lease_json, lease_renewed_at = @lease_renewed_at,
         lease_expires_at = @lease_expires_at WHERE id = @id`,
    ),
    releaseLease: db.prepare<[{ id: string; owner: string }]>(
      `UPDATE runs SET lease_owner = NULL, lease_json = NULL, lease_renewed_at = NULL, lease_expires_at = NULL
         WHERE id = @id AND lease_owner = @owner`,
    ),
    heartbeat: db.prepare<
      [{ owner: string; now: number; expires: number }],
      { id: string; cancel_json: string | null }
    >(
      `UPDATE runs SET lease_renewed_at = @now, lease_expires_at = @expires WHERE lease_owner = @owner
         RETURNING id, cancel_json`,
    ),
    requestCancel: db.prepare<[{ id: string; json: string }]>(
      'UPDATE runs SET cancel_json = @json WHERE id = @id AND cancel_json IS NULL',
    ),
    cancelRun: db.prepare<[Pick<RunRow, 'id' | 'usage_json' | 'error_json' | 'ended_at'>]>(
      `UPDATE runs SET status = 'cancelled', usage_json = @usage_json, error_json = @error_json, ended_at = @ended_at,
         cancel_json = NULL WHERE id = @id`,
    ),
    setRunStatus: db.prepare<[Pick<RunRow, 'id' | 'status' | 'usage_json' | 'error_json' | 'ended_at'>]>(
      'UPDATE runs SET status = @status, usage_json = @usage_json, error_json = @error_json, ended_at = @ended_at WHERE id = @id',
    ),
    // Skips the write when unchanged: the row may hold a large input, and most status
    // changes (running, waiting) carry no output.
    setRunOutput: db.prepare<[{ runId: string; output: string | null; crc: number | null }]>(
      'UPDATE run_io SET output_json = @output, output_crc = @crc WHERE run_id = @runId AND output_json IS NOT @output',
    ),
    listRuns: Object.fromEntries(
      (['all', 'status', 'spec', 'status+spec'] as const).map((shape) => [shape, db.prepare(listRunsSql(shape))]),
    ) as Record<
      RunFilterShape,
      Statement<[{ status?: string; specId?: string; limit: number; offset: number }], RunView>
    >,

    upsertStep: db.prepare<[StepRow]>(
      `${insertSql('steps', STEP_COLUMNS)} ON CONFLICT (run_id, idx) DO UPDATE SET ${stepSet.join(', ')}`,
    ),
    stepExists: db.prepare<[string, number], number>('SELECT 1 FROM steps WHERE run_id = ? AND idx = ?').pluck(),
    stepRecord: db
      .prepare<[string, number], [string, number | null, number]>(
        'SELECT record, crc, idx FROM steps WHERE run_id = ? AND idx = ?',
      )
      .raw(),
    // Raw rows (arrays, not objects): resuming reads every step of a run, and per-row object
    // marshalling dominated that; each record is checked against its checksum as it is parsed.
    getSteps: db
      .prepare<[string], [string, number | null, number]>(
        'SELECT record, crc, idx FROM steps WHERE run_id = ? ORDER BY idx',
      )
      .raw(),

    insertEvent: db.prepare<[EventRow]>(insertSql('events', EVENT_COLUMNS)),
    getEvents: db
      .prepare<[string, number, number], [string, number | null, number]>(
        'SELECT body, crc, seq FROM events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      )
      .raw(),

    insertApproval: db.prepare<[ApprovalRow]>(insertSql('approvals', APPROVAL_COLUMNS)),
    getApproval: db.prepare<[string], ApprovalRow>('SELECT * FROM approvals WHERE id = ?'),
    decideApproval: db.prepare<
      [
        Pick<
          ApprovalRow,
          'id' | 'status' | 'decided_by' | 'decided_at' | 'comment' | 'edited' | 'decided_payload_json' | 'crc'
        >,
      ]
    >(
      `UPDATE approvals SET status = @status, decided_by = @decided_by, decided_at = @decided_at, comment = @comment,
         edited = @edited, decided_payload_json = @decided_payload_json, crc = @crc WHERE id = @id AND status = 'pending'`,
    ),
    listApprovals: Object.fromEntries(
      (['all', 'status', 'run', 'status+run'] as const).map((shape) => [shape, db.prepare(listApprovalsSql(shape))]),
    ) as Record<ApprovalFilterShape, Statement<[{ status?: string; runId?: string }], ApprovalRow>>,
  };
}

/** The prepared statements of one connection. */
export type Statements = ReturnType<typeof prepareStatements>;
