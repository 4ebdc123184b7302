/**
 * Opens a SQLite database the way every Waymark store expects it: WAL, a busy timeout,
 * foreign keys on, `synchronous=NORMAL`.
 *
 * Why these settings: WAL lets readers (the UI listing runs) work while the engine writes,
 * and makes every commit survive a process crash. `synchronous=NORMAL` in WAL mode skips
 * the fsync per commit, so a power loss may drop the last few commits; the stores switch to
 * `FULL` for the commits that must survive it (see docs/durability.md).
 *
 * Why `nativeBinding`: better-sqlite3 is a native addon, compiled for one ABI. Tests and
 * the CLI run on Node's ABI; the Electron build ships a second binary built for Electron's
 * and points at it with `WAYMARK_SQLITE_BINDING` (or the option), so one install serves both.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { registerChecksumFunctions } from './checksum';

// URI file names (`file:…?immutable=1`) let a database on read-only media be read at all
// (open-store.ts). better-sqlite3 reads this once, when its addon first loads; our own paths
// are always absolute, so no other file name is affected.
process.env.SQLITE_USE_URI ??= '1';

/** Environment variable naming the `better_sqlite3.node` binary to load. */
export const SQLITE_BINDING_ENV = 'WAYMARK_SQLITE_BINDING';

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /**
   * Path to a `better_sqlite3.node` built for the running ABI. Defaults to
   * `process.env.WAYMARK_SQLITE_BINDING`, then to the binary better-sqlite3 finds itself.
   */
  nativeBinding?: string;
  /** How long a write waits for another connection's lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** The database handle type the storage layer passes around. */
export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed, with its folder) the database at `filename`, or an in-memory
 * one for `':memory:'`, and applies Waymark's connection settings.
 * @throws Error when the binding cannot be loaded or a file database cannot use WAL.
 */
export function openDatabase(filename: string, opts: OpenDatabaseOptions = {}): SqliteDatabase {
  const inMemory = filename === ':memory:' || filename === '';
  if (!inMemory) mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const db = connect(filename, opts);
  try {
    configureConnection(db, opts);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/**
 * A bare connection, no settings applied (nothing written yet): what open-store.ts uses to
 * look at a file before deciding it is ours. `readonly` opens without write access.
 */
export function connect(filename: string, opts: OpenDatabaseOptions & { readonly?: boolean } = {}): SqliteDatabase {
  const nativeBinding = opts.nativeBinding ?? (process.env[SQLITE_BINDING_ENV] || undefined);
  try {
    return new Database(filename, {
      timeout: opts.busyTimeoutMs ?? 5000,
      ...(opts.readonly ? { readonly: true, fileMustExist: true } : {}),
      ...(nativeBinding ? { nativeBinding } : {}),
    });
  } catch (e) {
    if (!nativeBinding || e instanceof Database.SqliteError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(
      `cannot load the SQLite binding ${nativeBinding} (from the nativeBinding option or ${SQLITE_BINDING_ENV}): ${reason}`,
      { cause: e },
    );
  }
}

/** Applies Waymark's settings to a writable connection (WAL, busy timeout, foreign keys, NORMAL sync). */
export function configureConnection(db: SqliteDatabase, opts: OpenDatabaseOptions = {}): void {
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  const inMemory = db.memory;
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  // WAL needs shared memory; some network file systems refuse it. Fail loudly rather than
  // run with different crash and concurrency guarantees than documented.
  if (!inMemory && mode !== 'wal')
    throw new Error(`cannot enable WAL for ${db.name} (journal_mode is ${String(mode)})`);
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // Truncate the WAL file after checkpoints past 64 MiB, so one big run does not leave a
  // huge file behind for the life of the database.
  db.pragma('journal_size_limit = 67108864');
  registerChecksumFunctions(db);
}
