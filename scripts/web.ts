/**
 * `npm run web [-- --port N] [--data-dir DIR] [--open] [--rebuild]`: builds the renderer
 * when its sources changed since the last build (scripts/renderer-stamp.ts), then serves
 * the editor (src-main/host/start-web.ts) in this same process.
 *
 * Stopping: Ctrl+C reaches every process of the terminal's group, and the host closes on
 * SIGINT/SIGTERM. But `npm run` starts scripts through a shell, and SIGTERM sent to npm
 * alone (a process manager, an IDE's stop button) kills that shell and orphans us. So we
 * also watch our parent: when it goes away we stop as if signalled, and the port is freed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererFreshness } from './renderer-stamp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'dist', 'renderer');
const PARENT_POLL_MS = 250;

function watchParent(): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, PARENT_POLL_MS);
  timer.unref();
}

async function ensureRenderer(force: boolean): Promise<void> {
  const fresh = force ? { current: false as const, reason: '--rebuild' } : await rendererFreshness(ROOT, OUT_DIR);
  if (fresh.current) {
    process.stdout.write('The renderer build is current (dist/renderer); starting.\n');
    return;
  }
  process.stdout.write(`Building the renderer (${fresh.reason}); this takes a minute…\n`);
  const { build } = await import('vite');
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    root: path.join(ROOT, 'src-renderer'),
    logLevel: 'warn',
  });
}

watchParent();
const rebuild = process.argv.includes('--rebuild');
// start-web.ts parses the remaining arguments strictly.
process.argv = process.argv.filter((a) => a !== '--rebuild');
try {
  await ensureRenderer(rebuild);
} catch (e) {
  process.stderr.write(`waymark web: the renderer build failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
await import('../src-main/host/start-web');
