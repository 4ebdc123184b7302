/**
 * Reading and inspecting files without following symbolic links. The documents service
 * reads only what the user chose; a link named `flow.json` that points at a credentials file
 * (or a system file) is refused, never followed. Opening with O_NOFOLLOW makes the check and
 * the read one step (no window between an lstat and the open); O_NONBLOCK keeps a FIFO named
 * `*.json` from hanging the host, and fstat on the open handle then refuses it as not a file.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';

/** 0 where the platform has no such flag (Windows): the lstat check below still applies. */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** A path that is a symbolic link, refused instead of followed. */
export class SymlinkRefusedError extends Error {
  readonly code = 'ELINKREFUSED';
  constructor(readonly file: string) {
    super(
      `${file} is a symbolic link; Waymark does not read or write through links (open the file it points to instead)`,
    );
    this.name = 'SymlinkRefusedError';
  }
}

/** A path that exists but is not a regular file (a folder, a device, a FIFO, a socket). */
export class NotAFileError extends Error {
  readonly code = 'ENOTFILE';
  constructor(readonly file: string) {
    super(`${file} is not a regular file`);
    this.name = 'NotAFileError';
  }
}

/** A file larger than the caller accepts. */
export class TooLargeError extends Error {
  readonly code = 'ETOOLARGE';
  constructor(
    readonly file: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${file} is too large to open (${size} bytes, limit ${limit})`);
    this.name = 'TooLargeError';
  }
}

function isErrno(e: unknown, code: string): boolean {
  return e instanceof Error && 'code' in e && e.code === code;
}

/**
 * How `file` itself (not what it may point to) exists: a regular file, absent, or refused
 * (a link, or not a regular file). Never follows a link.
 */
export async function inspectNoFollow(file: string): Promise<{ kind: 'file'; mode: number } | { kind: 'absent' }> {
  try {
    const s = await lstat(file);
    if (s.isSymbolicLink()) throw new SymlinkRefusedError(file);
    if (!s.isFile()) throw new NotAFileError(file);
    return { kind: 'file', mode: s.mode & 0o777 };
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return { kind: 'absent' };
    throw e;
  }
}

/** Reads a regular file as UTF-8 (BOM dropped), refusing links, non-files and files over `maxBytes`. */
export async function readFileNoFollow(file: string, maxBytes: number): Promise<string> {
  // Where O_NOFOLLOW does not exist, this lstat is the (racy, best-effort) check.
  if (!O_NOFOLLOW) await inspectNoFollow(file);
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    // Linux and macOS answer ELOOP when the last component is a link; FreeBSD says EMLINK.
    if (isErrno(e, 'ELOOP') || isErrno(e, 'EMLINK')) throw new SymlinkRefusedError(file);
    throw e;
  }
  try {
    const s = await handle.stat();
    if (!s.isFile()) throw new NotAFileError(file);
    if (s.size > maxBytes) throw new TooLargeError(file, s.size, maxBytes);
    const text = await handle.readFile('utf8');
    return text.replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}
