/**
 * Where the app's own files are. Entry points run from source (tsx), from the CLI bundle
 * (dist/cli) and from Electron (dist/electron, maybe inside an asar), so paths are found
 * by walking up to Waymark's package.json rather than by counting `..`.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The directory holding Waymark's package.json, searching upward from `start`. */
export function findPackageRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(pkg, 'utf8'));
        if (parsed && typeof parsed === 'object' && 'name' in parsed && parsed.name === 'waymark') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export interface AppPaths {
  /** Built renderer: index.html and assets. */
  rendererDir: string;
  /** Shipped example workflows. */
  examplesDir: string;
}

/** Paths of the app's shipped files under a package root. */
export function appPaths(root: string): AppPaths {
  return { rendererDir: path.join(root, 'dist', 'renderer'), examplesDir: path.join(root, 'resources', 'examples') };
}

/**
 * The default data directory for the web host: `$WAYMARK_DATA_DIR`, else `.waymark/` in
 * the working directory (the same place the CLI keeps its state, and already git-ignored).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const fromEnv = env.WAYMARK_DATA_DIR;
  if (fromEnv) return path.resolve(cwd, fromEnv.replace(/^~(?=$|\/)/, os.homedir()));
  return path.join(cwd, '.waymark');
}
