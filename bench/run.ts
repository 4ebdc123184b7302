export {};
/**
 * `npm run bench [-- name …]`: Waymark's performance targets, each reported as a ratio
 * against a baseline measured in the same run on the same machine (never as timed
 * assertions in tests). Without names it runs them all: engine (engine overhead, durable
 * checkpoints, resume), canvas (frame times at 100/500/1,000 steps) and trace (the trace
 * panel with 100,000 spans). See docs/benchmarks.md.
 */
const ALL = ['engine', 'guardrails', 'canvas', 'trace'] as const;
const names = process.argv.slice(2).length ? process.argv.slice(2) : [...ALL];
for (const name of names) {
  if (!(ALL as readonly string[]).includes(name)) {
    console.error(`unknown benchmark "${name}"; choose from: ${ALL.join(', ')}`);
    process.exit(2);
  }
  const mod = (await import(`./${name}.ts`)) as { default: () => Promise<unknown> };
  // Goals are reported, not enforced: a slow or noisy machine must not fail anything.
  await mod.default();
}
