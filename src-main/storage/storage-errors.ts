/**
 * Storage failures, in words a person can act on. Every error the database layer can meet —
 * a full disk, a read-only file, a damaged or foreign file, a newer schema, a record that
 * fails its checksum — becomes one `StorageError` whose message names the file, says what is
 * wrong and what to do. The CLI gives them their own exit code and the API its own error
 * code; neither ever shows a stack trace for them.
 *
 * Why a classifier instead of checks everywhere: SQLite reports these conditions through
 * result codes (`SQLITE_FULL`, `SQLITE_READONLY_*`, `SQLITE_CORRUPT`…) from whichever
 * statement meets them first, so the store wraps each operation and classifies what it
 * catches; file-system errors (`ENOSPC`, `EROFS`…) from opening and creating are mapped the
 * same way.
 */

/** What went wrong, for callers that branch (exit codes, API codes, UI hints). */
export type StorageProblem =
  /** No database at the path, and the command does not create one. */
  | 'missing'
  /** The file exists but is empty (0 bytes). */
  | 'empty'
  /** Not a SQLite file, or another application's SQLite database. */
  | 'not-waymark'
  /** Written by a newer Waymark. */
  | 'newer-schema'
  /** SQLite found damage (quick_check, a corrupt page). */
  | 'corrupt'
  /** A stored record does not match its checksum. */
  | 'checksum'
  /** The file, its folder or its file system cannot be written. */
  | 'read-only'
  /** A write failed: disk full, file size limit, or a failing disk. */
  | 'full'
  /** Another process held the database lock for longer than the busy timeout. */
  | 'busy'
  /** Any other failure to open or read the file. */
  | 'io';

/** A storage failure; `message` is one line: what, where, and what to do. */
export class StorageError extends Error {
  constructor(
    readonly problem: StorageProblem,
    /** The database file concerned (absolute), or `:memory:`. */
    readonly file: string,
    /** What is wrong, naming the file. */
    readonly what: string,
    /** What to do about it. */
    readonly hint: string,
  ) {
    super(`${what}; ${hint}`);
    this.name = 'StorageError';
  }

  /** Whether work in flight is safe and can continue once the cause is fixed (`waymark resume`). */
  get resumable(): boolean {
    return this.problem === 'full' || this.problem === 'busy';
  }
}

const RECOVER = (file: string) =>
  `\`waymark runs\` and \`show\` can still read what is intact; restore it from a backup (copy ${file} and ${file}-wal while no Waymark is running), or move it aside and start a new database`;

/** The builders of each problem's message, so every path words it the same way. */
export const storageErrors = {
  missing: (file: string) =>
    new StorageError(
      'missing',
      file,
      `there is no Waymark database at ${file} (nothing was created)`,
      'check --db or $WAYMARK_DB; `waymark run` creates a new database',
    ),
  empty: (file: string) =>
    new StorageError(
      'empty',
      file,
      `${file} is empty (0 bytes), not a Waymark database — it may have been truncated`,
      'restore it from a backup; to start afresh, delete it (Waymark never overwrites an existing file)',
    ),
  notWaymark: (file: string, why: string) =>
    new StorageError(
      'not-waymark',
      file,
      `${file} is not a Waymark database (${why})`,
      'point --db at a Waymark database; Waymark never overwrites an existing file',
    ),
  newerSchema: (file: string, found: number, supported: number) =>
    new StorageError(
      'newer-schema',
      file,
      `database ${file} has schema version ${found}, but this version of Waymark supports up to version ${supported}; it was written by a newer Waymark`,
      'upgrade Waymark to open it (this version will not change it)',
    ),
  corrupt: (file: string, detail: string) =>
    new StorageError(
      'corrupt',
      file,
      `${file} is damaged (${detail})`,
      `Waymark will not write to it; ${RECOVER(file)}`,
    ),
  checksum: (file: string, what: string) =>
    new StorageError(
      'checksum',
      file,
      `${what} in ${file} does not match its checksum: the stored data was changed or damaged`,
      'Waymark will not show or resume from it; restore the database from a backup',
    ),
  readOnly: (file: string, why: string) =>
    new StorageError(
      'read-only',
      file,
      `${file} cannot be written (${why})`,
      '`waymark runs`, `show` and `audit` can still read it; to run or change runs, make it writable, or copy it and use --db <copy>',
    ),
  full: (file: string, why: string) =>
    new StorageError(
      'full',
      file,
      `cannot write to ${file}: ${why}`,
      'nothing already saved was lost; free space, then resume',
    ),
  busy: (file: string) =>
    new StorageError(
      'busy',
      file,
      `${file} stayed locked by another process for longer than the busy timeout`,
      'try again when that process is done',
    ),
  io: (file: string, detail: string) =>
    new StorageError('io', file, `cannot use ${file}: ${detail}`, 'check the path and its permissions'),
};

function codeOf(e: unknown): string | undefined {
  if (e instanceof Error && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

/**
 * Classifies `e` (a `SqliteError` or a Node fs error) met while using `file`. Returns
 * undefined for anything that is not a storage condition (a bug, a rule violation), which
 * callers rethrow as is.
 */
export function classifyStorageError(e: unknown, file: string): StorageError | undefined {
  if (e instanceof StorageError) return e;
  const code = codeOf(e);
  if (!code) return undefined;
  const detail = e instanceof Error ? e.message : String(e);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT')
    return storageErrors.full(file, 'the disk is full');
  if (code === 'EFBIG') return storageErrors.full(file, 'the file size limit was reached');
  if (/^SQLITE_IOERR_(WRITE|FSYNC|DIR_FSYNC|TRUNCATE|SHMSIZE|SHMMAP)$/.test(code))
    return storageErrors.full(
      file,
      'a write failed (the disk may be full, a file size limit reached, or the disk failing)',
    );
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'EROFS')
    return storageErrors.readOnly(
      file,
      code === 'SQLITE_READONLY_DIRECTORY'
        ? 'its folder is read-only, and SQLite keeps its -wal and -shm files there'
        : code === 'EROFS'
          ? 'read-only file system'
          : 'read-only',
    );
  if (code === 'EACCES' || code === 'EPERM') return storageErrors.readOnly(file, 'permission denied');
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return storageErrors.corrupt(file, detail);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return storageErrors.busy(file);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return storageErrors.io(file, detail);
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP')
    return storageErrors.io(file, detail);
  return undefined;
}
