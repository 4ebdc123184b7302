/**
 * The recent-files list, newest first, persisted as a small JSON file in the data dir.
 * A missing or corrupt file means "no recent files" (it is a convenience, not data worth
 * failing over). Writes are serialised so two quick saves cannot interleave.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write';

const RecentFileSchema = z.object({ version: z.literal(1), files: z.array(z.string()) });

export interface RecentFiles {
  /** Existing files, newest first (entries whose file is gone are skipped). */
  list(): Promise<string[]>;
  /** Moves `file` to the front. */
  add(file: string): Promise<void>;
}

/** Recent files stored in `<dataDir>/recent.json`, at most `max` entries. */
export function createRecentFiles(dataDir: string, max = 10): RecentFiles {
  const store = path.join(dataDir, 'recent.json');
  let chain: Promise<unknown> = Promise.resolve();

  async function read(): Promise<string[]> {
    try {
      const parsed = RecentFileSchema.safeParse(JSON.parse(await readFile(store, 'utf8')));
      return parsed.success ? parsed.data.files : [];
    } catch {
      return [];
    }
  }

  async function exists(file: string): Promise<boolean> {
    try {
      return (await stat(file)).isFile();
    } catch {
      return false;
    }
  }

  return {
    async list() {
      await chain;
      const files = await read();
      const present = await Promise.all(files.map(exists));
      return files.filter((_, i) => present[i]);
    },
    add(file) {
      const next = chain.then(async () => {
        const files = [file, ...(await read()).filter((f) => f !== file)].slice(0, max);
        await mkdir(dataDir, { recursive: true });
        await writeFileAtomic(store, `${JSON.stringify({ version: 1, files }, null, 2)}\n`);
      });
      chain = next.catch(() => {});
      return next;
    },
  };
}
