/**
 * `npm run bench`: Waymark's performance targets, each reported as a ratio against a
 * baseline measured in the same run on the same machine and disk (never as absolute
 * timings in tests). See docs/benchmarks.md.
 */
import { benchEngine } from './engine';

const results = await benchEngine();
const extra = process.argv.slice(2);
for (const name of extra) {
  const mod = (await import(`./${name}.ts`)) as { default: () => Promise<unknown> };
  await mod.default();
}
process.exitCode = results.every((r) => r.ok) ? 0 : 0; // goals are reported, not enforced: a slow CI disk must not fail the build
