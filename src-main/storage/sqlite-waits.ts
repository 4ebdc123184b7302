/**
 * The `waits` table of the SQLite store (migration 4): its statements, and how a commit
 * inserts, fires and closes rows. `record` (the WaitRecord as JSON, checksummed) is
 * authoritative; the other columns copy fields of it for indexed look-ups. The rules are the
 * engine's (store-rules.ts), shared with the in-memory store.
 */
import { RunStateError } from '../engine/errors';
import type { WaitFilter, WaitRecord } from '../engine/store';
import { compareWaits, matchesWait } from '../engine/store-rules';
import { textCrc, verified } from './checksum';
import type { SqliteDatabase } from './open-database';

interface WaitRow {
  id: string;
  run_id: string;
  step_idx: number;
  status: string;
  kind: string;
  wake_at: number;
  signal: string | null;
  token_hash: string | null;
  created_at: number;
  record: string;
  crc: number;
}

const toRow = (w: WaitRecord): WaitRow => {
  const record = JSON.stringify(w);
  return {
    id: w.id,
    run_id: w.runId,
    step_idx: w.stepIdx,
    status: w.status,
    kind: w.kind,
    wake_at: w.wakeAt,
    signal: w.signal ?? null,
    token_hash: w.tokenHash ?? null,
    created_at: w.createdAt,
    record,
    crc: textCrc(record) as number,
  };
};

const COLS = [
  'id',
  'run_id',
  'step_idx',
  'status',
  'kind',
  'wake_at',
  'signal',
  'token_hash',
  'created_at',
  'record',
  'crc',
];

/** Prepares the waits statements on `db` (schema version 4 or later). */
export function prepareWaitStatements(db: SqliteDatabase, file: string) {
  const read = (rows: Array<[string, number]>): WaitRecord[] =>
    rows.map(([record, crc]) => JSON.parse(verified(record, crc, file, () => 'a wait record')) as WaitRecord);
  const sel = 'SELECT record, crc FROM waits';
  const stmt = {
    insert: db.prepare<[WaitRow]>(
      `INSERT INTO waits (${COLS.join(', ')}) VALUES (${COLS.map((c) => `@${c}`).join(', ')})`,
    ),
    update: db.prepare<[WaitRow]>('UPDATE waits SET status = @status, record = @record, crc = @crc WHERE id = @id'),
    get: db.prepare<[string], [string, number]>(`${sel} WHERE id = ?`).raw(),
    byRun: db.prepare<[string], [string, number]>(`${sel} WHERE run_id = ? ORDER BY created_at, id`).raw(),
    open: db
      .prepare<[string], [string, number]>(`${sel} WHERE run_id = ? AND status != 'closed' ORDER BY created_at, id`)
      .raw(),
    due: db
      .prepare<[number, number], [string, number]>(
        `${sel} WHERE status = 'pending' AND wake_at <= ? ORDER BY wake_at, id LIMIT ?`,
      )
      .raw(),
    signal: db
      .prepare<[string], [string, number]>(`${sel} WHERE status = 'pending' AND signal = ? ORDER BY created_at, id`)
      .raw(),
    token: db.prepare<[string], [string, number]>(`${sel} WHERE token_hash = ?`).raw(),
    status: db.prepare<[string], [string, number]>(`${sel} WHERE status = ? ORDER BY created_at, id`).raw(),
    all: db.prepare<[], [string, number]>(`${sel} ORDER BY created_at, id`).raw(),
  };
  return {
    get(id: string): WaitRecord | undefined {
      const row = stmt.get.get(id);
      return row ? read([row])[0] : undefined;
    },
    insert(w: WaitRecord): void {
      if (stmt.get.get(w.id)) throw new RunStateError(`wait ${w.id} already exists`);
      stmt.insert.run(toRow(w));
    },
    /** Writes a fired wait over its pending row (the caller checked the compare-and-set). */
    write(w: WaitRecord): void {
      if (stmt.update.run(toRow(w)).changes !== 1) throw new RunStateError(`wait ${w.id} changed while firing`);
    },
    /** Closes the open waits of a run (of one step when `stepIdx` is given). */
    close(runId: string, stepIdx: number | undefined): void {
      for (const w of read(stmt.open.all(runId)))
        if (stepIdx === undefined || w.stepIdx === stepIdx) stmt.update.run(toRow({ ...w, status: 'closed' }));
    },
    list(filter: WaitFilter): WaitRecord[] {
      const limit = filter.limit ?? -1;
      const rows =
        filter.tokenHash !== undefined
          ? stmt.token.all(filter.tokenHash)
          : filter.dueBy !== undefined
            ? stmt.due.all(filter.dueBy, filter.runId || filter.signal || filter.status ? -1 : limit)
            : filter.signal !== undefined
              ? stmt.signal.all(filter.signal)
              : filter.runId !== undefined
                ? stmt.byRun.all(filter.runId)
                : filter.status !== undefined
                  ? stmt.status.all(filter.status)
                  : stmt.all.all();
      const out = read(rows)
        .filter((w) => matchesWait(w, filter))
        .sort(compareWaits(filter));
      return filter.limit === undefined ? out : out.slice(0, filter.limit);
    },
  };
}

export type WaitStatements = ReturnType<typeof prepareWaitStatements>;
