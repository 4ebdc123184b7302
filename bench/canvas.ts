/**
 * Canvas benchmark: the production build in headless Chromium through the real web host.
 * The measurement is the bench-only Playwright spec bench/canvas.pw.ts (its own config,
 * never part of `npm test`); this builds the renderer if needed, runs it and passes its
 * table through. See docs/benchmarks.md.
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
  const r = spawnSync('npx', ['playwright', 'test', '-c', 'bench/playwright.config.ts', 'bench/canvas.pw.ts'], {
    cwd: root,
    encoding: 'utf8',
  });
  const table = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('| ') || l.startsWith('|---'));
  console.log(
    table.length
      ? table.map((l) => `  ${l.trim()}`).join('\n')
      : `  (no result: ${[r.stdout, r.stderr].join('\n').split('\n').slice(-12).join('\n')} exit ${r.status})`,
  );
}
