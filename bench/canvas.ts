/**
 * Canvas benchmark: frame time while panning and dragging at 100, 500 and 1,000 steps
 * against the empty canvas, in headless Chromium on the production build. The measurement
 * itself is the Playwright spec e2e/editor-perf.spec.ts (it drives the real editor through
 * the web host); this runs it and passes its table through.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export default async function benchCanvas(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '..');
  if (!existsSync(path.join(root, 'dist/renderer/index.html'))) {
    const build = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the renderer build failed; the canvas benchmark needs it');
  }
  console.log('\nCanvas (headless Chromium, production build; ratios against the empty canvas in the same run)');
  const r = spawnSync('npx', ['playwright', 'test', 'e2e/editor-perf.spec.ts', '--reporter=line'], {
    cwd: root,
    encoding: 'utf8',
  });
  const table = (r.stdout ?? '').split('\n').filter((l) => /^\s*(steps|\d+)\s/.test(l) || /^opened/.test(l));
  console.log(
    table.length
      ? table.map((l) => `  ${l.trim()}`).join('\n')
      : `  (no result: ${r.stderr?.split('\n').slice(-3).join(' ') || `exit ${r.status}`})`,
  );
}
