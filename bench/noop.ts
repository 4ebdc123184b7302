// A no-op node type for benchmarks, registered through the injectable registry.
import { z } from 'zod';
import type { NodeDefinition } from '../src-main/engine/node-def';

const NoConfig = z.object({}).strict();

export function noopNode(onRun?: (stepIdx: number) => void | Promise<void>): NodeDefinition<z.infer<typeof NoConfig>> {
  return {
    type: 'noop',
    version: 1,
    title: 'No-op',
    category: 'logic',
    icon: '·',
    description: 'Does nothing (benchmarks).',
    ports: [{ kind: 'next' }],
    params: [],
    configSchema: NoConfig,
    defaults: {},
    effect: 'pure',
    summary: '',
    run: async (ctx) => {
      await onRun?.(ctx.stepIdx);
      return { kind: 'done', output: null, port: 'next' };
    },
  };
}

/** start → n × noop → end. */
export function chainSpec(n: number) {
  const nodes = [
    { id: 'start', type: 'start', name: 'Start' },
    ...Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'noop', name: `N${i}` })),
    { id: 'end', type: 'end', name: 'End' },
  ];
  const edges = nodes
    .slice(1)
    .map((node, i) => ({ id: `e${i}`, source: (nodes[i] as { id: string }).id, target: node.id }));
  return { specVersion: 1, id: 'chain', name: `Chain of ${n}`, nodes, edges };
}

/** A loop body for benchmarks: leaves by branch "again" until `limit` steps, then "done". */
export function counterNode(
  limit: number,
  onRun?: (stepIdx: number) => void | Promise<void>,
): NodeDefinition<z.infer<typeof NoConfig>> {
  return {
    ...noopNode(),
    type: 'counter',
    title: 'Counter',
    ports: [
      { kind: 'branch', name: 'again' },
      { kind: 'branch', name: 'done' },
    ],
    run: async (ctx) => {
      await onRun?.(ctx.stepIdx);
      return { kind: 'done', output: { i: ctx.stepIdx }, port: ctx.stepIdx < limit ? 'branch:again' : 'branch:done' };
    },
  };
}

/** start → counter ⟲ (bounded) → end: many steps, small spec. */
export function loopSpec(maxTraversals: number) {
  return {
    specVersion: 1,
    id: 'loop',
    name: 'Bounded loop',
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      { id: 'count', type: 'counter', name: 'Count' },
      { id: 'end', type: 'end', name: 'End' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'count' },
      { id: 'again', source: 'count', target: 'count', kind: 'branch', branch: 'again', maxTraversals },
      { id: 'done', source: 'count', target: 'end', kind: 'branch', branch: 'done' },
    ],
  };
}
