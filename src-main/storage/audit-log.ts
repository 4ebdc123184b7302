/**
 * The audit log: which engine events become audit entries, and the table's reads and
 * appends. `SqliteCheckpointStore` calls {@link AuditLog.appendEvents} inside the very
 * transaction that commits the events, so an audited fact and the state change it
 * describes land together or not at all.
 */
import type { EngineEvent } from '../../shared/events';
import { describeDecider } from '../../shared/identity';
import { entryHash, GENESIS_HASH, type AuditEntry, type ChainHead, type ChainProblem } from './audit-chain';
import { firstSnapshotProblem } from './audit-snapshots';
import type { SqliteDatabase } from './open-database';

/** Event types audited by exact name (a take-over records who took a run from whom). */
const AUDITED = new Set<string>(['run.started', 'run.finished', 'run.taken-over', 'decision.taken']);
/**
 * Families audited by prefix, so governance events added later (policy checks, budget
 * events, approval timeouts and escalations, secret access, guardrail verdicts, a human
 * editing a paused run's state) are recorded without touching this file.
 */
const AUDITED_PREFIXES = ['approval.', 'policy.', 'budget.', 'secret.', 'guardrail.', 'state.'];

/** Whether an event of this type is recorded in the audit log. */
export function isAudited(type: string): boolean {
  return AUDITED.has(type) || AUDITED_PREFIXES.some((p) => type.startsWith(p));
}

/**
 * The payload of an event's audit entry: the event without its envelope. Run input and
 * output are left out: they are business data (often personal data), kept with the run,
 * not governance facts; the spec snapshot hash ties the entry to the exact workflow.
 */
export function auditPayload(e: EngineEvent, extra?: Record<string, unknown>): Record<string, unknown> {
  const { runId: _r, seq: _s, at: _a, type: _t, ...rest } = e;
  const body: Record<string, unknown> = { ...rest };
  if (e.type === 'run.started') delete body.input;
  if (e.type === 'run.finished') delete body.output;
  return { ...body, ...extra };
}

/**
 * Who caused the fact: the deciding person for human decisions — their typed name with the
 * OS account it was recorded under beside it ("alice (OS account asmith)") — else the engine.
 */
function actorOf(e: EngineEvent): string {
  const { by, account } = e as { by?: unknown; account?: unknown };
  if (typeof by !== 'string' || by === '') return 'engine';
  return describeDecider(by, typeof account === 'string' && account !== '' ? account : undefined);
}

interface AuditRow {
  seq: number;
  at: string;
  run_id: string | null;
  kind: string;
  actor: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

function rowToEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    runId: r.run_id,
    kind: r.kind,
    actor: r.actor,
    payload: JSON.parse(r.payload) as unknown,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Filter of {@link AuditLog.list}. */
export interface AuditFilter {
  runId?: string;
  /** Only entries after this seq (exclusive), for paging. */
  afterSeq?: number;
  limit?: number;
}

/** The audit table of one connection (schema version 2 or later). */
export class AuditLog {
  private readonly sql;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = {
      head: db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare<[AuditRow]>(
        'INSERT INTO audit_log (seq, at, run_id, kind, actor, payload, prev_hash, hash) VALUES (@seq, @at, @run_id, @kind, @actor, @payload, @prev_hash, @hash)',
      ),
      at: db.prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE seq = ?'),
      // Unindexed on purpose: only used to explain a broken chain, never on the write path.
      byHash: db.prepare<[string], number>('SELECT seq FROM audit_log WHERE hash = ? ORDER BY seq LIMIT 1').pluck(),
      all: db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq'),
      page: db.prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?'),
      pageRun: db.prepare<[string, number, number], AuditRow>(
        'SELECT * FROM audit_log WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
    };
  }

  /**
   * Appends an entry for every audited event. Must run inside the caller's write
   * transaction: the head is read there, so concurrent writers (other processes) chain
   * onto each other instead of forking. `extra` adds fields to the `run.started` payload.
   */
  appendEvents(events: readonly EngineEvent[], extra?: Record<string, unknown>): void {
    let head: ChainHead | undefined;
    for (const e of events) {
      if (!isAudited(e.type)) continue;
      head = this.insert(head, {
        at: e.at,
        runId: e.runId,
        kind: e.type,
        actor: actorOf(e),
        payload: auditPayload(e, e.type === 'run.started' ? extra : undefined),
      });
    }
  }

  /**
   * Appends one fact that is no engine event (a policy edit saved in the editor: `runId`
   * null). Must run inside the caller's write transaction, like {@link appendEvents}.
   */
  appendFact(fact: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>): AuditEntry {
    const head = this.insert(undefined, fact);
    return this.entryAt(head.seq) as AuditEntry;
  }

  /** Chains one entry after `head` (read from the table when not known yet); returns the new head. */
  private insert(head: ChainHead | undefined, fact: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>): ChainHead {
    const prev = head ?? this.head() ?? { seq: 0, hash: GENESIS_HASH };
    const entry = { seq: prev.seq + 1, ...fact, prevHash: prev.hash };
    const hash = entryHash(entry);
    this.sql.insert.run({
      seq: entry.seq,
      at: entry.at,
      run_id: entry.runId,
      kind: entry.kind,
      actor: entry.actor,
      payload: JSON.stringify(entry.payload),
      prev_hash: entry.prevHash,
      hash,
    });
    return { seq: entry.seq, hash };
  }

  /** The last entry's seq and hash, or null for an empty log. */
  head(): ChainHead | null {
    const r = this.sql.head.get();
    return r ? { seq: r.seq, hash: r.hash } : null;
  }

  /** The entry at `seq`, if any. */
  entryAt(seq: number): AuditEntry | undefined {
    const r = this.sql.at.get(seq);
    return r ? rowToEntry(r) : undefined;
  }

  /** The seq of the entry stored with `hash`, if any. */
  seqOfHash(hash: string): number | undefined {
    return this.sql.byHash.get(hash);
  }

  /** Entries in chain order, optionally one run's, paged by `afterSeq`/`limit`. */
  list(filter: AuditFilter = {}): AuditEntry[] {
    const after = filter.afterSeq ?? 0;
    const limit = filter.limit ?? -1;
    const rows =
      filter.runId !== undefined ? this.sql.pageRun.all(filter.runId, after, limit) : this.sql.page.all(after, limit);
    return rows.map(rowToEntry);
  }

  /** The first run whose spec snapshot does not match its audited hash (audit-snapshots.ts). */
  snapshotProblem(): ChainProblem | undefined {
    return firstSnapshotProblem(this.db);
  }

  /** Every entry in seq order, streamed (the log can outgrow memory). */
  *all(): IterableIterator<AuditEntry> {
    for (const r of this.sql.all.iterate()) yield rowToEntry(r);
  }
}
