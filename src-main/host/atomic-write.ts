/**
 * Atomic file replacement: write a temp file next to the target, flush it, then rename
 * over the target. A crash or a full disk leaves either the old file or the new one,
 * never half of each, which is what "nothing silently lost" needs for saved workflows.
 *
 * Never through a link: a target that is a symbolic link is refused (it could point at any
 * file on the machine), and the temp file is created exclusively (O_EXCL with O_NOFOLLOW, so
 * a link planted at its name is not followed either). rename() replaces the directory
 * entry itself, so even a link swapped in after the check is replaced, not written through.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { inspectNoFollow } from './no-follow';

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Writes `text` (UTF-8) to `file` atomically. Keeps an existing file's permission bits.
 * @throws SymlinkRefusedError when `file` is a symbolic link; NotAFileError when it is a folder or device.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const existing = await inspectNoFollow(file);
  const mode = existing.kind === 'file' ? existing.mode : 0o644;
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, mode);
  try {
    await handle.writeFile(text, 'utf8');
    // The umask may have narrowed the mode at create; set it on our own handle, not by path.
    if (existing.kind === 'file' && process.platform !== 'win32') await handle.chmod(mode);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await syncDir(dir);
}

/** Flushes the directory entry so the rename itself survives power loss (POSIX only). */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Some file systems refuse fsync on directories; the data itself is already flushed.
  }
}
