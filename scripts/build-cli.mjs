// Bundles the headless entry points (CLI, web host) for Node with esbuild. Native and
// large runtime dependencies stay external and load from node_modules.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

// The sandbox worker is its own entry: worker threads load it by file (src-main/sandbox/spawn.ts).
const entries = ['src-main/cli/main.ts', 'src-main/sandbox/worker.ts'].filter((f) => existsSync(f));
await build({
  entryPoints: entries,
  outdir: 'dist',
  outbase: 'src-main',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
