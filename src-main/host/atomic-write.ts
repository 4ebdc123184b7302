/**
 * Atomic file replacement: write a temp file next to the target, flush it, then rename
 * over the target. A crash or a full disk leaves either the old file or the new one,
 * never half of each, which is what "nothing silently lost" needs for saved workflows.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Follows a symlinked target so the link stays a link and its target gets the new bytes. */
async function resolveTarget(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    return file; // does not exist yet
  }
}

/** Writes `text` (UTF-8) to `file` atomically. Keeps an existing file's permission bits. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const target = await resolveTarget(file);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    mode = (await stat(target)).mode & 0o777;
  } catch {
    mode = undefined;
  }
  const handle = await open(tmp, 'wx', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (e) {
    await handle.close();
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await handle.close();
  try {
    if (mode !== undefined) await chmod(tmp, mode);
    await rename(tmp, target);
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
