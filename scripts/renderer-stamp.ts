/**
 * Whether `dist/renderer` was built from the sources on disk, so `npm run web` can skip the
 * renderer build (about a minute) when nothing changed.
 *
 * Every Vite build writes a stamp beside its output (the Vite plugin below): the list of
 * files the build read and a hash of their contents. The inputs are every file under
 * `src-renderer/` but its READMEs and unit tests (CSS `@import`s never appear in the module graph), every module of the
 * bundle outside node_modules (`shared/`, the published JSON Schema, …), and the files that
 * decide how and with what the build runs (package.json, the lock file, vite.config.ts,
 * tsconfig.json, this file). The build is current when the stamp's hash matches the same
 * list hashed now; a new source file changes the hash of the file that imports it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Where the stamp of a build in `outDir` lives: beside it, not in it, so it is neither
 * served by the web host nor packed into the desktop app.
 */
export function stampPath(outDir: string): string {
  return `${outDir.replace(/[\\/]+$/, '')}.stamp.json`;
}

const FIXED_INPUTS = [
  'package.json',
  'package-lock.json',
  'vite.config.ts',
  'tsconfig.json',
  'scripts/renderer-stamp.ts',
];

export interface BuildStamp {
  version: 1;
  hash: string;
  /** Inputs outside src-renderer/, relative to the package root, sorted. */
  modules: string[];
}

/** Files under src-renderer/ that never reach the bundle: docs and unit tests. */
const NOT_BUNDLED = /(\.md|\.test\.tsx?)$/;

function walk(dir: string, root: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) walk(abs, root, out);
    else if (e.isFile() && !NOT_BUNDLED.test(e.name)) out.push(path.relative(root, abs).split(path.sep).join('/'));
  }
}

/** Every input of a build whose bundle included `modules` (relative paths, sorted, unique). */
export function inputFiles(root: string, modules: readonly string[]): string[] {
  const files: string[] = [];
  walk(path.join(root, 'src-renderer'), root, files);
  return [...new Set([...files, ...modules, ...FIXED_INPUTS])].sort();
}

/** Hash of the files' names and contents; a missing file hashes as missing. */
export function hashFiles(root: string, files: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f).update('\0');
    try {
      h.update(
        createHash('sha256')
          .update(readFileSync(path.join(root, f)))
          .digest('hex'),
      );
    } catch {
      h.update('missing');
    }
    h.update('\n');
  }
  return h.digest('hex');
}

/** Whether any of the files changed after `since` (ms since the epoch). */
function changedSince(root: string, files: readonly string[], since: number): boolean {
  return files.some((f) => {
    try {
      return statSync(path.join(root, f)).mtimeMs > since;
    } catch {
      return true;
    }
  });
}

/** Module ids of a bundle → package-relative source paths outside node_modules. */
export function sourceModules(root: string, ids: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    if (id.startsWith('\0')) continue; // virtual modules
    const file = id.split('?')[0] as string;
    if (!path.isAbsolute(file)) continue;
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (rel.startsWith('..') || rel.startsWith('node_modules/') || rel.includes('/node_modules/')) continue;
    if (rel.startsWith('src-renderer/')) continue; // walked anyway
    out.add(rel);
  }
  return [...out].sort();
}

export type Freshness = { current: true } | { current: false; reason: string };

/** Whether the build in `outDir` is current for the sources under `root`. */
export async function rendererFreshness(root: string, outDir: string): Promise<Freshness> {
  let stamp: BuildStamp;
  try {
    await readFile(path.join(outDir, 'index.html'));
    stamp = JSON.parse(await readFile(stampPath(outDir), 'utf8')) as BuildStamp;
  } catch {
    return { current: false, reason: 'no build yet' };
  }
  if (stamp.version !== 1 || !Array.isArray(stamp.modules)) return { current: false, reason: 'an older build' };
  const hash = hashFiles(root, inputFiles(root, stamp.modules));
  return hash === stamp.hash ? { current: true } : { current: false, reason: 'sources changed' };
}

/**
 * Vite plugin: writes the stamp once the bundle is on disk. A file edited while the build ran may not be in the bundle: then no stamp is
 * written, and the next `npm run web` builds again.
 */
export function buildStampPlugin(root: string): Plugin {
  let modules: string[] = [];
  let outDir = '';
  let started = 0;
  return {
    name: 'waymark-build-stamp',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async buildStart() {
      started = Date.now();
      // Until this build has written its bundle, the output is not known to be current.
      await rm(stampPath(outDir), { force: true });
    },
    buildEnd(error) {
      if (!error) modules = sourceModules(root, this.getModuleIds());
    },
    async writeBundle() {
      const files = inputFiles(root, modules);
      if (changedSince(root, files, started)) return;
      const stamp: BuildStamp = { version: 1, hash: hashFiles(root, files), modules };
      await mkdir(path.dirname(outDir), { recursive: true });
      await writeFile(stampPath(outDir), `${JSON.stringify(stamp, null, 2)}\n`);
    },
  };
}
