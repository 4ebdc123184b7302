/**
 * The durable `CheckpointStore`: one SQLite database (WAL), one IMMEDIATE transaction per
 * step transition, holding the state change and the events that describe it.
 *
 * Durability per commit (docs/durability.md): commits run at `synchronous=NORMAL`, which in
 * WAL mode survives a process crash. A commit marked `durable` switches the connection to
 * `synchronous=FULL` for that one transaction, so it (and every commit before it, the WAL
 * being sequential) survives power loss when `commit` returns. `durability: 'full'` makes
 * every commit like that, for benchmarks and the paranoid.
 *
 * Spec snapshots are stored once per distinct content (`spec_snapshots`, keyed by SHA-256):
 * ten thousand runs of one workflow share one copy, and `listRuns` parses a snapshot only
 * when the caller reads `spec`.
 */
import { createHash } from 'node:crypto';
import type { EngineEvent } from '../../shared/events';
import { RunStateError } from '../engine/errors';
import { checkEvents, checkPaging, checkStepRun, decideApproval, escalateApproval } from '../engine/store-rules';
import type {
  ApprovalRecord,
  ApprovalStatus,
  CheckpointStore,
  RunFilter,
  RunRecord,
  StepRecord,
  Transition,
} from '../engine/store';
import { AuditLog, type AuditFilter } from './audit-log';
import type { AuditEntry } from './audit-chain';
import { migrate } from './migrations';
import { openDatabase } from './open-database';
import type { SqliteDatabase } from './open-database';
import { approvalToRow, eventToRow, rowToApproval, rowToRun, runToIoRow, runToRow, stepToRow, toJson } from './rows';
import { prepareStatements } from './statements';
import type { ApprovalFilterShape, RunFilterShape, Statements } from './statements';

/** Options for {@link SqliteCheckpointStore}. */
export interface SqliteStoreOptions {
  /** Database file (created with its folder if missing), or `':memory:'`. */
  path: string;
  /**
   * `balanced` (default): fsync only the commits marked `durable`. `full`: fsync every
   * commit (`synchronous=FULL` for the whole connection).
   */
  durability?: 'balanced' | 'full';
  /** Path to a `better_sqlite3.node` for this runtime's ABI; see `openDatabase`. */
  nativeBinding?: string;
  /** Lock wait before a write fails with SQLITE_BUSY. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** A `CheckpointStore` in a SQLite database; see the module comment. */
export class SqliteCheckpointStore implements CheckpointStore {
  /** The underlying connection, for diagnostics and tests. Do not write through it. */
  readonly db: SqliteDatabase;
  private readonly sql: Statements;
  /** The hash-chained audit log, appended in the same transactions as the events it records. */
  readonly audit: AuditLog;
  private readonly fullDurability: boolean;
  /** Transaction wrappers, built once: better-sqlite3 builds five closures per `transaction()`. */
  private readonly commitTx: (runId: string, t: Transition, events: EngineEvent[], now: number) => void;
  private readonly createTx: (
    run: RunRecord,
    events: EngineEvent[],
    hash: string,
    specJson: string,
    nextSeq: number,
    steps: StepRecord[],
  ) => void;
  private closed = false;

  constructor(opts: SqliteStoreOptions) {
    this.db = openDatabase(opts.path, { nativeBinding: opts.nativeBinding, busyTimeoutMs: opts.busyTimeoutMs });
    try {
      migrate(this.db);
      this.fullDurability = opts.durability === 'full';
      if (this.fullDurability) this.db.pragma('synchronous = FULL');
      this.sql = prepareStatements(this.db);
      this.audit = new AuditLog(this.db);
      this.commitTx = this.db.transaction((runId: string, t: Transition, events: EngineEvent[], now: number) =>
        this.apply(runId, t, events, now),
      ).immediate;
      this.createTx = this.db.transaction(
        (
          run: RunRecord,
          events: EngineEvent[],
          hash: string,
          specJson: string,
          nextSeq: number,
          steps: StepRecord[],
        ) => {
          if (this.sql.runNextSeq.get(run.id) !== undefined) throw new RunStateError(`run ${run.id} already exists`);
          this.sql.insertSnapshot.run(hash, specJson);
          this.sql.insertRun.run(runToRow(run, hash, nextSeq));
          this.sql.insertRunIo.run(runToIoRow(run));
          let added = 0;
          for (const step of steps) added += this.upsertStep(run.id, step);
          if (added) this.sql.touchRun.run({ id: run.id, added, now: run.updatedAt, next: nextSeq });
          for (const e of events) this.sql.insertEvent.run(eventToRow(e));
          this.audit.appendEvents(events, { specHash: hash });
        },
      ).immediate;
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  createRun(run: RunRecord, events: EngineEvent[], steps: StepRecord[] = []): void {
    const nextSeq = Math.max(run.nextSeq, checkEvents(run.id, Number.NEGATIVE_INFINITY, events));
    const specJson = JSON.stringify(run.spec);
    const hash = createHash('sha256').update(specJson).digest('hex');
    this.createTx(run, events, hash, specJson, nextSeq, steps);
  }

  commit(runId: string, t: Transition, events: EngineEvent[], opts: { durable: boolean; now: number }): void {
    const barrier = opts.durable && !this.fullDurability;
    // synchronous cannot change inside a transaction: switch around it, and always back.
    // Not a cached statement: SQLite applies `PRAGMA synchronous = …` when the statement is
    // prepared, so re-running a prepared one would silently do nothing.
    if (barrier) this.db.exec('PRAGMA synchronous = FULL');
    try {
      this.commitTx(runId, t, events, opts.now);
    } finally {
      if (barrier && this.db.open) this.db.exec('PRAGMA synchronous = NORMAL');
    }
  }

  getRun(runId: string): RunRecord | undefined {
    const row = this.sql.getRun.get(runId);
    return row ? rowToRun(row, row.spec_json, false) : undefined;
  }

  getSteps(runId: string): StepRecord[] {
    return JSON.parse(this.sql.getSteps.get(runId) ?? '[]') as StepRecord[];
  }

  getEvents(runId: string, afterSeq?: number, limit?: number): EngineEvent[] {
    checkPaging({ limit });
    const bodies = this.sql.getEvents.all(runId, afterSeq ?? Number.MIN_SAFE_INTEGER, limit ?? -1);
    return bodies.map((b) => JSON.parse(b) as EngineEvent);
  }

  listRuns(filter: RunFilter = {}): RunRecord[] {
    checkPaging(filter);
    const shape: RunFilterShape =
      filter.status !== undefined
        ? filter.specId !== undefined
          ? 'status+spec'
          : 'status'
        : filter.specId !== undefined
          ? 'spec'
          : 'all';
    const params = {
      ...(filter.status !== undefined ? { status: filter.status } : {}),
      ...(filter.specId !== undefined ? { specId: filter.specId } : {}),
      limit: filter.limit ?? -1,
      offset: filter.offset ?? 0,
    };
    const rows = this.sql.listRuns[shape].all(params);
    // Load each distinct snapshot's text once; parse per record, lazily (see rowToRun).
    const texts = new Map<string, string>();
    return rows.map((row) => {
      let text = texts.get(row.spec_hash);
      if (text === undefined) {
        text = this.sql.snapshot.get(row.spec_hash);
        if (text === undefined) throw new RunStateError(`spec snapshot of run ${row.id} is missing`);
        texts.set(row.spec_hash, text);
      }
      return rowToRun(row, text, true);
    });
  }

  getApproval(approvalId: string): ApprovalRecord | undefined {
    const row = this.sql.getApproval.get(approvalId);
    return row ? rowToApproval(row) : undefined;
  }

  listApprovals(filter: { status?: ApprovalStatus; runId?: string } = {}): ApprovalRecord[] {
    const shape: ApprovalFilterShape =
      filter.status !== undefined
        ? filter.runId !== undefined
          ? 'status+run'
          : 'status'
        : filter.runId !== undefined
          ? 'run'
          : 'all';
    const params = {
      ...(filter.status !== undefined ? { status: filter.status } : {}),
      ...(filter.runId !== undefined ? { runId: filter.runId } : {}),
    };
    return this.sql.listApprovals[shape].all(params).map(rowToApproval);
  }

  /** Audit entries in chain order: one run's (`runId`), after `afterSeq`, at most `limit`. */
  listAudit(filter: AuditFilter = {}): AuditEntry[] {
    checkPaging({ limit: filter.limit });
    return this.audit.list(filter);
  }

  /** Closes the connection. Idempotent; every other method throws afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** The body of one commit's transaction. Throws (rolling back) on any rule violation. */
  private apply(runId: string, t: Transition, events: EngineEvent[], now: number): void {
    const nextSeq = this.sql.runNextSeq.get(runId);
    if (nextSeq === undefined) throw new RunStateError(`run ${runId} not found`);
    const next = checkEvents(runId, nextSeq, events);
    let added = 0;
    switch (t.kind) {
      case 'step.begin':
      case 'step.complete':
      case 'step.fail':
        added = this.upsertStep(runId, t.step);
        break;
      case 'step.attempt': {
        // No row yet for a pure step (not begun durably): its events record the retry.
        const record = this.sql.stepRecord.get(runId, t.stepIdx);
        if (record !== undefined)
          this.sql.upsertStep.run(stepToRow({ ...(JSON.parse(record) as StepRecord), attempts: t.attempts }));
        break;
      }
      case 'step.wait': {
        const { approval } = t;
        if (approval.runId !== runId || approval.stepIdx !== t.step.idx) {
          throw new RunStateError(`approval ${approval.id} does not belong to run ${runId} step ${t.step.idx}`);
        }
        if (this.sql.getApproval.get(approval.id)) throw new RunStateError(`approval ${approval.id} already exists`);
        added = this.upsertStep(runId, t.step);
        this.sql.insertApproval.run(approvalToRow(approval));
        break;
      }
      case 'approval.resolve': {
        const row = this.sql.getApproval.get(t.decision.approvalId);
        const decided = decideApproval(row && rowToApproval(row), runId, t.stepIdx, t.decision);
        const { id, status, decided_by, decided_at, comment, edited, decided_payload_json } = approvalToRow(decided);
        // The status guard repeats the compare-and-set in SQL, should anything bypass the read.
        const res = this.sql.decideApproval.run({
          id,
          status,
          decided_by,
          decided_at,
          comment,
          edited,
          decided_payload_json,
        });
        if (res.changes !== 1) throw new RunStateError(`approval ${id} changed while being decided`);
        break;
      }
      case 'approval.escalate': {
        const row = this.sql.getApproval.get(t.approvalId);
        const { escalated, escalation } = escalateApproval(row && rowToApproval(row), runId, t);
        if (this.sql.getApproval.get(escalation.id))
          throw new RunStateError(`approval ${escalation.id} already exists`);
        const { id, status, decided_by, decided_at, comment, edited, decided_payload_json } = approvalToRow(escalated);
        const res = this.sql.decideApproval.run({
          id,
          status,
          decided_by,
          decided_at,
          comment,
          edited,
          decided_payload_json,
        });
        if (res.changes !== 1) throw new RunStateError(`approval ${id} changed while being escalated`);
        this.sql.insertApproval.run(approvalToRow(escalation));
        break;
      }
      case 'run.status':
        // output/error/endedAt describe the status being entered: absent means cleared.
        this.sql.setRunStatus.run({
          id: runId,
          status: t.status,
          usage_json: JSON.stringify(t.usage),
          error_json: toJson(t.error),
          ended_at: t.endedAt ?? null,
        });
        this.sql.setRunOutput.run({ runId, output: toJson(t.output) });
        break;
      default: {
        const never: never = t;
        throw new RunStateError(`unknown transition ${(never as { kind: string }).kind}`);
      }
    }
    for (const e of events) this.sql.insertEvent.run(eventToRow(e));
    this.audit.appendEvents(events);
    this.sql.touchRun.run({ id: runId, added, now, next });
  }

  /** Inserts or replaces a step; returns 1 when the step is new (for `stepCount`). */
  private upsertStep(runId: string, step: StepRecord): number {
    checkStepRun(runId, step);
    const isNew = this.sql.stepExists.get(runId, step.idx) === undefined;
    this.sql.upsertStep.run(stepToRow(step));
    return isNew ? 1 : 0;
  }
}
