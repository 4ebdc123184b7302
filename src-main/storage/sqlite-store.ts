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
 * Failing loudly: the file is checked before it is trusted (open-store.ts), every payload is
 * verified against its checksum when read (checksum.ts), and every SQLite or file-system
 * failure leaves as a `StorageError` naming the file and what to do (storage-errors.ts). A
 * database found damaged is never written to again by this connection.
 *
 * Spec snapshots are stored once per distinct content (`spec_snapshots`, keyed by SHA-256):
 * ten thousand runs of one workflow share one copy, and `listRuns` parses a snapshot only
 * when the caller reads `spec`; the key doubles as the snapshot's checksum.
 */
import { createHash } from 'node:crypto';
import type { EngineEvent } from '../../shared/events';
import { RunExistsError, RunStateError } from '../engine/errors';
import type { CancelRequest, LeaseClaim, RunLease } from '../engine/lease';
import type {
  ApprovalRecord,
  ApprovalStatus,
  CheckpointStore,
  CommitOptions,
  CommitResult,
  HeartbeatResult,
  RunFilter,
  RunRecord,
  StepRecord,
  Transition,
  WaitFilter,
  WaitRecord,
} from '../engine/store';
import { prepareWaitStatements, type WaitStatements } from './sqlite-waits';
import { checkCancellable, checkEvents, checkPaging } from '../engine/store-rules';
import { AuditLog, type AuditFilter } from './audit-log';
import type { AuditEntry } from './audit-chain';
import { verified, verifyApprovalRow, verifyRunRow } from './checksum';
import { snapshotAuditCheck } from './audit-snapshots';
import type { SqliteDatabase } from './open-database';
import { openStoreDatabase, type StoreAccess } from './open-store';
import { eventToRow, rowToApproval, rowToRun, runToIoRow, runToRow } from './rows';
import { applyClaim, applyCommit, upsertStep } from './sqlite-apply';
import { prepareStatements } from './statements';
import type { ApprovalFilterShape, RunFilterShape, Statements } from './statements';
import type { StorageError } from './storage-errors';
import { classifyStorageError } from './storage-errors';

/** Options for {@link SqliteCheckpointStore}. */
export interface SqliteStoreOptions extends StoreAccess {
  /** Database file (created with its folder if missing, unless `create: false`), or `':memory:'`. */
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

type RunView = Parameters<typeof rowToRun>[0];

/** A `CheckpointStore` in a SQLite database; see the module comment. */
export class SqliteCheckpointStore implements CheckpointStore {
  /** The underlying connection, for diagnostics and tests. Do not write through it. */
  readonly db: SqliteDatabase;
  /** The database file, absolute (or `:memory:`). */
  readonly file: string;
  /** Why this store refuses writes (read-only file or media, damage found at open), if it does. */
  readonly readOnly: StorageError | undefined;
  /** What a reader should be told about the database (why it is read-only, what cannot be seen). */
  readonly warnings: readonly string[];
  private readonly sql: Statements;
  private readonly waits: WaitStatements;
  /** The hash-chained audit log, appended in the same transactions as the events it records. */
  readonly audit: AuditLog;
  private readonly fullDurability: boolean;
  /** Set when damage is met after open: writes are refused from then on. */
  private damaged: StorageError | undefined;
  /** Snapshot hashes whose content was checked this connection (content-addressed, immutable). */
  private readonly checkedSnapshots = new Set<string>();
  /** Compares a loaded run's snapshot with the hash its `run.started` entry recorded (audit-snapshots.ts). */
  private readonly snapshotAudited: (runId: string, specHash: string) => void;
  /** Transaction wrappers, built once: better-sqlite3 builds five closures per `transaction()`. */
  private readonly commitTx: (runId: string, t: Transition, events: EngineEvent[], o: CommitOptions) => CommitResult;
  private readonly createTx: (
    run: RunRecord,
    events: EngineEvent[],
    hash: string,
    json: string,
    next: number,
    steps: StepRecord[],
  ) => void;
  private readonly claimTx: (runId: string, claim: LeaseClaim, events: EngineEvent[]) => RunLease;
  private closed = false;

  constructor(opts: SqliteStoreOptions) {
    const opened = openStoreDatabase(opts.path, opts);
    this.db = opened.db;
    this.file = opened.file;
    this.readOnly = opened.readOnly;
    this.warnings = opened.warnings;
    try {
      this.fullDurability = opts.durability === 'full';
      if (this.fullDurability && !this.readOnly) this.db.pragma('synchronous = FULL');
      this.sql = prepareStatements(this.db);
      this.waits = prepareWaitStatements(this.db, this.file);
      this.audit = new AuditLog(this.db);
      this.snapshotAudited = snapshotAuditCheck(this.db, this.file);
      this.commitTx = this.db.transaction((runId: string, t: Transition, events: EngineEvent[], o: CommitOptions) =>
        this.apply(runId, t, events, o),
      ).immediate;
      this.createTx = this.db.transaction(
        (run: RunRecord, events: EngineEvent[], hash: string, json: string, nextSeq: number, steps: StepRecord[]) => {
          if (this.sql.runNextSeq.get(run.id) !== undefined) throw new RunExistsError(run.id);
          this.sql.insertSnapshot.run(hash, json);
          this.sql.insertRun.run(runToRow(run, hash, nextSeq));
          this.sql.insertRunIo.run(runToIoRow(run));
          let added = 0;
          for (const step of steps) added += upsertStep(this.sql, run.id, step);
          if (added) this.sql.touchRun.run({ id: run.id, added, now: run.updatedAt, next: nextSeq });
          for (const e of events) this.sql.insertEvent.run(eventToRow(e));
          this.audit.appendEvents(events, { specHash: hash });
        },
      ).immediate;
      this.claimTx = this.db.transaction((runId: string, claim: LeaseClaim, events: EngineEvent[]) =>
        applyClaim(this.sql, this.audit, runId, claim, events),
      ).immediate;
    } catch (e) {
      this.db.close();
      throw classifyStorageError(e, this.file) ?? e;
    }
  }

  createRun(run: RunRecord, events: EngineEvent[], steps: StepRecord[] = []): void {
    this.writable();
    const nextSeq = Math.max(run.nextSeq, checkEvents(run.id, Number.NEGATIVE_INFINITY, events));
    const specJson = JSON.stringify(run.spec);
    const hash = createHash('sha256').update(specJson).digest('hex');
    try {
      this.createTx(run, events, hash, specJson, nextSeq, steps);
    } catch (e) {
      throw this.failure(e);
    }
  }

  commit(runId: string, t: Transition, events: EngineEvent[], opts: CommitOptions): CommitResult {
    this.writable();
    const barrier = opts.durable && !this.fullDurability;
    try {
      // synchronous cannot change inside a transaction: switch around it, and always back.
      // Not a cached statement: SQLite applies `PRAGMA synchronous = …` when the statement is
      // prepared, so re-running a prepared one would silently do nothing.
      if (barrier) this.db.exec('PRAGMA synchronous = FULL');
      try {
        return this.commitTx(runId, t, events, opts);
      } finally {
        if (barrier && this.db.open) this.db.exec('PRAGMA synchronous = NORMAL');
      }
    } catch (e) {
      throw this.failure(e);
    }
  }

  claimLease(runId: string, claim: LeaseClaim, events: EngineEvent[]): RunLease {
    this.writable();
    try {
      return this.claimTx(runId, claim, events);
    } catch (e) {
      throw this.failure(e);
    }
  }

  heartbeat(ownerId: string, now: number, ttlMs: number): HeartbeatResult {
    this.writable();
    try {
      const rows = this.sql.heartbeat.all({ owner: ownerId, now, expires: now + ttlMs });
      return {
        renewed: rows.map((r) => r.id),
        cancelRequests: rows
          .filter((r) => r.cancel_json !== null)
          .map((r) => ({ runId: r.id, request: JSON.parse(r.cancel_json as string) as CancelRequest })),
      };
    } catch (e) {
      throw this.failure(e);
    }
  }

  releaseLease(runId: string, ownerId: string): boolean {
    this.writable();
    try {
      return this.sql.releaseLease.run({ id: runId, owner: ownerId }).changes === 1;
    } catch (e) {
      throw this.failure(e);
    }
  }

  requestCancel(runId: string, request: CancelRequest): void {
    this.writable();
    try {
      this.db
        .transaction(() => {
          checkCancellable(runId, this.sql.runHead.get(runId));
          this.sql.requestCancel.run({ id: runId, json: JSON.stringify(request) });
        })
        .immediate();
    } catch (e) {
      throw this.failure(e);
    }
  }

  /** Appends one audit fact that is no run event (a saved policy edit), in its own transaction. */
  appendAudit(fact: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>): AuditEntry {
    this.writable();
    try {
      return this.db.transaction(() => this.audit.appendFact(fact)).immediate();
    } catch (e) {
      throw this.failure(e);
    }
  }

  getRun(runId: string): RunRecord | undefined {
    try {
      const row = this.sql.getRun.get(runId);
      if (!row) return undefined;
      this.checkedRun(row, row.spec_json);
      // A loaded run obeys the workflow its audit log recorded, not one edited in since.
      this.snapshotAudited(row.id, row.spec_hash);
      return rowToRun(row, row.spec_json, false);
    } catch (e) {
      throw this.failure(e);
    }
  }

  getSteps(runId: string): StepRecord[] {
    try {
      return this.sql.getSteps
        .all(runId)
        .map(
          ([record, crc, idx]) =>
            JSON.parse(verified(record, crc, this.file, () => this.stepName(runId, idx, record))) as StepRecord,
        );
    } catch (e) {
      throw this.failure(e);
    }
  }

  getEvents(runId: string, afterSeq?: number, limit?: number): EngineEvent[] {
    checkPaging({ limit });
    try {
      return this.sql.getEvents
        .all(runId, afterSeq ?? Number.MIN_SAFE_INTEGER, limit ?? -1)
        .map(
          ([body, crc, seq]) =>
            JSON.parse(verified(body, crc, this.file, () => `event #${seq} of run ${runId}`)) as EngineEvent,
        );
    } catch (e) {
      throw this.failure(e);
    }
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
    try {
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
        return rowToRun(this.checkedRun(row, text), text, true);
      });
    } catch (e) {
      throw this.failure(e);
    }
  }

  getApproval(approvalId: string): ApprovalRecord | undefined {
    try {
      const row = this.sql.getApproval.get(approvalId);
      if (!row) return undefined;
      verifyApprovalRow(row, this.file);
      return rowToApproval(row);
    } catch (e) {
      throw this.failure(e);
    }
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
    try {
      return this.sql.listApprovals[shape].all(params).map((row) => {
        verifyApprovalRow(row, this.file);
        return rowToApproval(row);
      });
    } catch (e) {
      throw this.failure(e);
    }
  }

  getWait(waitId: string): WaitRecord | undefined {
    try {
      return this.waits.get(waitId);
    } catch (e) {
      throw this.failure(e);
    }
  }

  listWaits(filter: WaitFilter = {}): WaitRecord[] {
    checkPaging({ limit: filter.limit });
    try {
      return this.waits.list(filter);
    } catch (e) {
      throw this.failure(e);
    }
  }

  /** Audit entries in chain order: one run's (`runId`), after `afterSeq`, at most `limit`. */
  listAudit(filter: AuditFilter = {}): AuditEntry[] {
    checkPaging({ limit: filter.limit });
    try {
      return this.audit.list(filter);
    } catch (e) {
      throw this.failure(e);
    }
  }

  /** Closes the connection. Idempotent; every other method throws afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** The body of one commit's transaction (sqlite-apply.ts). Throws (rolling back) on any rule violation. */
  private apply(runId: string, t: Transition, events: EngineEvent[], o: CommitOptions): CommitResult {
    return applyCommit(this.sql, this.waits, this.audit, this.file, runId, t, events, o);
  }

  /** Throws the reason this store may not write, if there is one. */
  private writable(): void {
    const blocked = this.readOnly ?? this.damaged;
    if (blocked) throw blocked;
  }

  /** Classifies a failure; damage seen now blocks every later write of this connection. */
  private failure(e: unknown): unknown {
    const se = classifyStorageError(e, this.file);
    if (!se) return e;
    if (se.problem === 'corrupt') this.damaged ??= se;
    return se;
  }

  /** Checks a run row's input/output and snapshot against their checksums; returns the row. */
  private checkedRun<R extends RunView & { spec_hash: string }>(row: R, specJson: string): R {
    verifyRunRow(row, specJson, this.file, this.checkedSnapshots);
    return row;
  }

  /** "run r1 step 3 (node "refund")", from a record that may itself be damaged. */
  private stepName(runId: string, idx: number, record: string): string {
    const node = /"nodeId":"([^"]{1,64})"/.exec(record)?.[1];
    return `run ${runId} step ${idx}${node ? ` (node "${node}")` : ''}`;
  }
}
