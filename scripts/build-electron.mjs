// Bundles the Electron shell with esbuild:
//   src-main/electron/main.ts            → dist/electron/main.cjs     (main process)
//   src-main/electron/preload.ts         → dist/electron/preload.cjs  (sandboxed preload)
//   src-main/electron/backend-process.ts → dist/electron/backend.cjs  (utility process: API + engine)
// `electron` is provided at run time; better-sqlite3 is native and loads from node_modules
// (rebuilt for Electron's ABI when packaging, see docs/desktop.md). Everything else is
// bundled, so an installer needs almost nothing from node_modules.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  sourcemap: true,
  external: ['electron', 'better-sqlite3'],
  logLevel: 'warning',
  legalComments: 'none',
  // Zod alone is ~700 kB unminified; the preload is parsed on every window load.
  minify: true,
  keepNames: true,
};

await Promise.all([
  build({ ...common, entryPoints: ['src-main/electron/main.ts'], outfile: 'dist/electron/main.cjs', target: 'node22' }),
  build({
    ...common,
    entryPoints: ['src-main/electron/backend-process.ts'],
    outfile: 'dist/electron/backend.cjs',
    target: 'node22',
  }),
  // The sandbox's worker threads load their code from this file (src-main/sandbox/spawn.ts).
  build({
    ...common,
    entryPoints: ['src-main/sandbox/worker.ts'],
    outfile: 'dist/electron/sandbox-worker.cjs',
    target: 'node22',
  }),
  // Electron 38 ships Chromium 140.
  build({
    ...common,
    entryPoints: ['src-main/electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    target: 'chrome140',
    external: ['electron'],
  }),
]);

// A sandboxed preload can only require a few modules; anything else fails at run time in
// the window, silently from the user's point of view. Fail the build instead.
const SANDBOX_MODULES = new Set(['electron', 'events', 'timers', 'url']);
const preload = await readFile('dist/electron/preload.cjs', 'utf8');
const required = [...preload.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]);
const bad = required.filter((m) => !SANDBOX_MODULES.has(m));
if (bad.length > 0) {
  console.error(`build-electron: the preload requires modules a sandboxed preload cannot load: ${bad.join(', ')}`);
  process.exit(1);
}
console.log('build-electron: wrote dist/electron/{main,preload,backend,sandbox-worker}.cjs');
