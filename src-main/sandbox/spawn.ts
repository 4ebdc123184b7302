/**
 * Starting a sandbox worker wherever Waymark runs: from TypeScript sources (tsx, vitest:
 * the worker registers tsx, then imports worker.ts), from the CLI bundle
 * (`dist/sandbox/worker.mjs` beside `dist/cli/`), or from the desktop backend bundle
 * (`sandbox-worker.cjs` beside it). `WAYMARK_SANDBOX_WORKER` names the file explicitly.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** This module's own file, under ESM (sources, CLI bundle) or CommonJS (desktop bundle). */
function here(): string {
  const url = (import.meta as { url?: string }).url;
  if (url) return fileURLToPath(url);
  return typeof __filename === 'string' ? __filename : process.cwd();
}

export function spawnWorker(opts: { resourceLimits: ResourceLimits }): Worker {
  const explicit = process.env.WAYMARK_SANDBOX_WORKER;
  if (explicit) return new Worker(explicit, opts);
  const self = here();
  const dir = path.dirname(self);
  if (self.endsWith('.ts')) {
    // tsx's ESM entry (its CommonJS one cannot register the ESM loader).
    const pkg = createRequire(self).resolve('tsx/package.json');
    const tsx = path.join(path.dirname(pkg), 'dist/esm/api/index.mjs');
    const worker = pathToFileURL(path.join(dir, 'worker.ts')).href;
    const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); })`;
    return new Worker(boot, { ...opts, eval: true });
  }
  for (const candidate of [path.join(dir, '../sandbox/worker.mjs'), path.join(dir, 'sandbox-worker.cjs')])
    if (existsSync(candidate)) return new Worker(candidate, opts);
  throw new Error(`the sandbox worker is not built next to ${self}; run \`npm run build\``);
}
