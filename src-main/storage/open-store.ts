/**
 * Opening a Waymark database file safely: what `SqliteCheckpointStore` does before it trusts
 * a file with runs.
 *
 * - **A new database appears whole or not at all.** It is built under a temporary name
 *   (schema, application id) and hard-linked into place, which fails if the name was taken
 *   meanwhile. So an existing file is never "new": a 0-byte file is a truncated database (or
 *   someone else's), and is refused rather than re-initialised with all history gone.
 * - **Only Waymark databases are opened**: the SQLite header, then `application_id` (or, for
 *   databases from before it was set, the version and tables) must say so.
 * - **Damage is looked for at open** (`PRAGMA quick_check`): a damaged database is never
 *   written to; read-only callers may still read what SQLite can, with a warning.
 * - **Read-only files still read.** When the file or its folder cannot be written (permissions,
 *   a read-only mount, an immutable file) callers that only read get a read-only connection —
 *   `immutable=1` when SQLite cannot even create its `-shm` file there; writers get a clear
 *   `StorageError` instead of "unable to open database file".
 * - **Missing files are created only by callers that create** (`run`, the editor); reading
 *   commands say the database does not exist instead of making an empty one at a typo.
 */
import { closeSync, constants, copyFileSync, linkSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { accessSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { registerChecksumFunctions } from './checksum';
import {
  LATEST_SCHEMA_VERSION,
  SchemaVersionError,
  WAYMARK_APPLICATION_ID,
  migrate,
  schemaVersion,
} from './migrations';
import {
  configureConnection,
  connect,
  openDatabase,
  type OpenDatabaseOptions,
  type SqliteDatabase,
} from './open-database';
import type { StorageError } from './storage-errors';
import { classifyStorageError, storageErrors } from './storage-errors';

/** How a caller means to use the database. */
export interface StoreAccess {
  /** Create the file (and its folder) when missing. Default true. */
  create?: boolean;
  /**
   * Accept a database that cannot be written (read-only file or media, or damaged): the store
   * opens read-only and says why in `warnings`. Default false: such a database is refused.
   */
  allowReadOnly?: boolean;
}

/** An opened database and what the caller should know about it. */
export interface OpenedStore {
  db: SqliteDatabase;
  /** Absolute path (or `:memory:`). */
  file: string;
  /** Set when writes are refused, with the reason (a `StorageError` to throw on write). */
  readOnly?: StorageError;
  /** One line each, for people: why the database is read-only, what may be missing. */
  warnings: string[];
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** The tables every Waymark database has had since schema version 1. */
const CORE_TABLES = ['runs', 'steps', 'events', 'approvals'];

/**
 * Opens `file` as a Waymark checkpoint database (see the module comment), migrated to the
 * latest schema unless it is read-only.
 * @throws StorageError (or its `SchemaVersionError`) naming the file and what to do.
 */
export function openStoreDatabase(file: string, opts: OpenDatabaseOptions & StoreAccess = {}): OpenedStore {
  if (file === ':memory:' || file === '') {
    const db = openDatabase(':memory:', opts);
    migrate(db);
    return { db, file: ':memory:', warnings: [] };
  }
  const abs = path.resolve(file);
  try {
    return openFile(abs, opts);
  } catch (e) {
    throw classifyStorageError(e, abs) ?? e;
  }
}

function openFile(abs: string, opts: OpenDatabaseOptions & StoreAccess): OpenedStore {
  const size = sizeOf(abs);
  if (size === undefined) {
    if (opts.create === false) throw storageErrors.missing(abs);
    createDatabase(abs, opts);
  } else if (size === 0) throw storageErrors.empty(abs);
  else checkHeader(abs);

  const warnings: string[] = [];
  let readOnly = writeBlocker(abs);
  if (readOnly && !opts.allowReadOnly) throw readOnly;
  // Look before touching: identity is checked on a connection that has written nothing
  // (setting WAL mode would rewrite the header of someone else's database).
  let db = readOnly ? openReadOnly(abs, opts, warnings) : connect(abs, opts);
  try {
    checkIdentity(db, abs);
    if (!readOnly) {
      try {
        configureConnection(db, opts);
      } catch (e) {
        const se = classifyStorageError(e, abs);
        if (se?.problem !== 'read-only' || !opts.allowReadOnly) throw se ?? e;
        readOnly = se;
        db.close();
        db = openReadOnly(abs, opts, warnings);
      }
    }
    const damage = quickCheck(db);
    if (damage) {
      const err = storageErrors.corrupt(abs, damage);
      if (!opts.allowReadOnly) throw err;
      readOnly = err;
    }
    if (readOnly) {
      if (!opts.allowReadOnly) throw readOnly;
      warnings.unshift(readOnly.message);
      const version = schemaVersion(db);
      if (version > LATEST_SCHEMA_VERSION) throw new SchemaVersionError(version, LATEST_SCHEMA_VERSION, abs);
      if (version < LATEST_SCHEMA_VERSION)
        throw storageErrors.readOnly(
          abs,
          `it has schema version ${version} and needs an upgrade to ${LATEST_SCHEMA_VERSION}, which cannot be written`,
        );
      return { db, file: abs, readOnly, warnings };
    }
    migrate(db);
    return { db, file: abs, warnings };
  } catch (e) {
    db.close();
    throw e;
  }
}

function sizeOf(abs: string): number | undefined {
  try {
    const st = statSync(abs);
    if (st.isDirectory()) throw storageErrors.io(abs, 'it is a folder, not a database file');
    return st.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The first 16 bytes of every SQLite database; anything else is not one of ours. */
function checkHeader(abs: string): void {
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    if (n < 16 || buf.toString('latin1') !== SQLITE_HEADER) {
      const blank = buf.subarray(0, n).every((b) => b === 0);
      throw storageErrors.notWaymark(
        abs,
        blank ? 'its header is zeroed: the file was overwritten or damaged' : 'it is not a SQLite file',
      );
    }
  } finally {
    closeSync(fd);
  }
}

/** Why the file cannot be written, when it cannot (access(2) sees read-only mounts and immutable files, even as root). */
function writeBlocker(abs: string): StorageError | undefined {
  for (const target of [abs, path.dirname(abs)]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'EROFS'
          ? 'read-only file system'
          : target === abs
            ? code === 'EPERM'
              ? 'the file is immutable'
              : 'permission denied'
            : 'its folder is read-only, and SQLite keeps its -wal and -shm files there';
      return storageErrors.readOnly(abs, why);
    }
  }
  return undefined;
}

/**
 * A read-only connection. In WAL mode SQLite must share memory with writers through the
 * `-shm` file; where it cannot create one the database is opened immutable, which ignores
 * the `-wal` file, so a warning says when one holds changes that cannot be seen.
 */
function openReadOnly(abs: string, opts: OpenDatabaseOptions, warnings: string[]): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    db = connect(abs, { ...opts, readonly: true });
    db.pragma('user_version'); // the first read is where a missing -shm shows
  } catch {
    db?.close();
    db = connect(`file:${encodeURI(abs).replace(/[?#]/g, encodeURIComponent)}?immutable=1`, {
      ...opts,
      readonly: true,
    });
    const wal = sizeOf(`${abs}-wal`);
    if (wal)
      warnings.push(
        `${abs}-wal holds ${wal} bytes of changes not yet merged into the database; they cannot be read while it is read-only`,
      );
  }
  registerChecksumFunctions(db);
  return db;
}

/** Refuses files that are SQLite but not Waymark's. */
function checkIdentity(db: SqliteDatabase, abs: string): void {
  const appId = Number(db.pragma('application_id', { simple: true }));
  if (appId === WAYMARK_APPLICATION_ID) return;
  if (appId !== 0)
    throw storageErrors.notWaymark(abs, `it belongs to another application (application id 0x${appId.toString(16)})`);
  const tables = db
    .prepare<[], string>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all();
  if (!tables.length) throw storageErrors.notWaymark(abs, 'it is an empty SQLite database');
  // Databases from before the application id (schema 1 and 2) are recognised by their tables.
  if (schemaVersion(db) === 0 || !CORE_TABLES.every((t) => tables.includes(t))) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
    throw storageErrors.notWaymark(abs, `it is another SQLite database, with tables ${shown}`);
  }
}

/** `PRAGMA quick_check`: undefined when sound, else SQLite's first findings on one line. */
function quickCheck(db: SqliteDatabase): string | undefined {
  let rows: Array<{ quick_check: string }>;
  try {
    rows = db.pragma('quick_check(3)') as Array<{ quick_check: string }>;
  } catch (e) {
    const se = classifyStorageError(e, db.name);
    if (se?.problem === 'corrupt') return `quick_check: ${(e as Error).message}`;
    throw se ?? e;
  }
  const found = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
  if (!found.length) return undefined;
  return `quick_check: ${found.join('; ').replace(/\s+/g, ' ').slice(0, 300)}`;
}

/**
 * Builds a new database under a temporary name and links it into place, so no process ever
 * sees a half-made one; if another process created `abs` meanwhile, that one is used.
 */
function createDatabase(abs: string, opts: OpenDatabaseOptions): void {
  mkdirSync(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const db = openDatabase(tmp, opts);
    try {
      migrate(db);
    } finally {
      db.close(); // checkpoints the WAL into the file and removes it
    }
    try {
      linkSync(tmp, abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      // File systems without hard links: an exclusive copy still never overwrites.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
      try {
        copyFileSync(tmp, abs, constants.COPYFILE_EXCL);
      } catch (c) {
        if ((c as NodeJS.ErrnoException).code !== 'EEXIST') throw c;
      }
    }
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
}
