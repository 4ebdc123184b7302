// Shared by the CLI storage-fault tests: a spec whose steps store large records, and the
// "one line, no stack trace" check every storage failure must pass.
import { expect } from 'vitest';
import type { CliResult } from './cli';

/** A chain of `n` transforms, each passing on (a copy of) a large input string. */
export function chain(n: number) {
  const nodes = [
    { id: 'start', type: 'start', name: 'Start' },
    ...Array.from({ length: n }, (_, i) => ({
      id: `t${i}`,
      type: 'transform',
      name: `Copy ${i}`,
      config: { expression: `{ "blob": input.blob, "step": ${i} }` },
    })),
    { id: 'end', type: 'end', name: 'End', config: { output: `nodes.t${n - 1}.step` } },
  ];
  const ids = nodes.map((x) => x.id);
  return {
    specVersion: 1,
    id: 'big-chain',
    name: 'Big chain',
    nodes,
    edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i], target: id })),
  };
}

/** One line on stderr, starting `waymark: `, and nothing that looks like a stack trace. */
export function oneLine(r: CliResult): string {
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toContain('internal error');
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('waymark: '));
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}
