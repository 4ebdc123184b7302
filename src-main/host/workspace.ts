/**
 * The web host's workspace: the one folder whose workflow files the browser may open and
 * save (`waymark serve --workspace <dir>`, default the working directory). The browser is
 * a less trusted caller than a native dialog: whatever path it names, the file must lie
 * inside the workspace, reached without any symbolic link (a linked folder could lead
 * anywhere on the machine, and a linked file anywhere at all). See docs/security.md.
 */
import { realpathSync, statSync } from 'node:fs';
import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { WorkspaceEntry, WorkspaceListing } from '../../shared/api';
import { ApiError } from './errors';

/** Most entries one listing returns. */
export const MAX_LISTING = 1000;

export interface Workspace {
  /** The workspace folder: absolute, its real path (no links). */
  readonly root: string;
  /** Whether an absolute path lies inside the workspace (lexically; for filtering lists). */
  contains(file: string): boolean;
  /**
   * The file a caller named (relative to the root, or absolute inside it), checked: inside,
   * and every folder on the way a real folder, not a link. The last component is the
   * caller's to open without following (no-follow.ts). Throws `forbidden` / `not_found`.
   */
  resolve(method: string, given: string): Promise<string>;
  /** A folder inside the workspace (the root when `given` is absent), checked the same way. */
  resolveDir(method: string, given?: string): Promise<string>;
  /** Lists a folder of the workspace (the root when `given` is absent). */
  list(method: string, given?: string): Promise<WorkspaceListing>;
}

/** Case-insensitive file systems (the default on macOS and Windows) may spell a real path differently. */
const samePath =
  process.platform === 'win32' || process.platform === 'darwin'
    ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
    : (a: string, b: string) => a === b;

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** A workspace over `dir`, which must be an existing folder. Throws a message naming it otherwise. */
export function createWorkspace(dir: string): Workspace {
  let root: string;
  try {
    root = realpathSync(path.resolve(dir));
    if (!statSync(root).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new Error(`the workspace folder ${path.resolve(dir)} does not exist or is not a folder`);
  }

  const outside = (method: string, given: string): ApiError =>
    new ApiError(
      'forbidden',
      `${method}: ${JSON.stringify(given)} is outside the workspace ${root}; the web app opens and saves files only inside it (start it with --workspace <folder> to work elsewhere)`,
    );

  /** `folder` (lexically inside) reached without links: its real path must be itself. */
  async function checkFolder(method: string, given: string, folder: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(folder);
    } catch {
      throw new ApiError('not_found', `${method}: the folder ${folder} does not exist`);
    }
    if (!samePath(real, folder)) {
      throw new ApiError(
        'forbidden',
        inside(root, real)
          ? `${method}: ${JSON.stringify(given)} is reached through a symbolic link (${path.relative(root, folder) || '.'}); Waymark does not follow links in the workspace`
          : `${method}: ${JSON.stringify(given)} leads outside the workspace through a symbolic link (${path.relative(root, folder) || '.'} → ${real})`,
      );
    }
  }

  function lexical(method: string, given: string): string {
    if (given.includes('\0')) throw new ApiError('invalid_params', `${method}: the path contains a NUL character`);
    const target = path.resolve(root, given);
    if (!inside(root, target)) throw outside(method, given);
    return target;
  }

  async function resolveDir(method: string, given?: string): Promise<string> {
    if (given === undefined) return root;
    const target = lexical(method, given);
    await checkFolder(method, given, target);
    return target;
  }

  return {
    root,
    contains: (file) => inside(root, path.resolve(file)),
    resolveDir,
    async list(method, given) {
      const dir = await resolveDir(method, given);
      const kinds: Array<{ name: string; kind: WorkspaceEntry['kind'] }> = [];
      for (const d of await readdir(dir, { withFileTypes: true })) {
        if (d.name.startsWith('.')) continue;
        if (d.isSymbolicLink()) kinds.push({ name: d.name, kind: 'link' });
        else if (d.isDirectory()) kinds.push({ name: d.name, kind: 'folder' });
        else if (d.isFile() && /\.json$/i.test(d.name)) kinds.push({ name: d.name, kind: 'file' });
      }
      const order = { folder: 0, file: 1, link: 2 } as const;
      kinds.sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name, undefined, { numeric: true }));
      // Sizes and times only for what is returned: a folder of 100,000 files stays cheap.
      const entries = await Promise.all(
        kinds.slice(0, MAX_LISTING).map(async ({ name, kind }): Promise<WorkspaceEntry> => {
          const file = path.join(dir, name);
          if (kind !== 'file') return { name, path: file, kind };
          const s = await lstat(file).catch(() => undefined);
          return s
            ? { name, path: file, kind, size: s.size, modifiedAt: Math.round(s.mtimeMs) }
            : { name, path: file, kind };
        }),
      );
      return {
        workspace: root,
        dir,
        relative: path.relative(root, dir),
        parent: dir === root ? null : path.dirname(dir),
        entries,
        truncated: kinds.length > MAX_LISTING,
      };
    },
    async resolve(method, given) {
      const target = lexical(method, given);
      if (target === root)
        throw new ApiError('invalid_params', `${method}: ${JSON.stringify(given)} is the workspace folder, not a file`);
      await checkFolder(method, given, path.dirname(target));
      return target;
    },
  };
}
