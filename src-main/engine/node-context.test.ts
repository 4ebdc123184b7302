import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runSingleNode } from './run-node';
import type { NodeContext, NodeDefinition } from './node-def';
import { builtinRegistry } from './nodes';
import { edges, harness, spec } from './testing/harness';
import { mapSecrets, noHttp, noLlm, RecordingClock, SeededRandom } from './testing/fakes';

/** The members a node's context has: its contract (node-def.ts) and nothing more. */
const CONTEXT_KEYS = [
  'attempt',
  'clock',
  'config',
  'emit',
  'evaluate',
  'http',
  'idempotencyKey',
  'llm',
  'node',
  'random',
  'render',
  'runId',
  'scope',
  'screen',
  'secrets',
  'signal',
  'spec',
  'stepIdx',
  'timeoutMs',
  'validate',
];

/** A node that records the context it was given. */
function probe(seen: Array<NodeContext<Record<string, unknown>>>): NodeDefinition<Record<string, unknown>> {
  return {
    type: 'probe',
    version: 1,
    title: 'Probe',
    category: 'logic',
    icon: '?',
    description: 'Records its context (tests).',
    ports: [{ kind: 'next' }],
    params: [],
    configSchema: z.record(z.string(), z.unknown()),
    defaults: {},
    effect: 'pure',
    summary: '',
    run: async (ctx) => {
      seen.push(ctx);
      return { kind: 'done', output: null, port: 'next' };
    },
  };
}

const probeSpec = spec({
  nodes: [
    { id: 's', type: 'start', name: 'S' },
    { id: 'p', type: 'probe', name: 'P' },
    { id: 'e', type: 'end', name: 'E' },
  ],
  edges: edges('s>p, p>e'),
});

describe('node context', () => {
  it('in a run holds exactly the contract: no store, registry or event listener', async () => {
    const seen: Array<NodeContext<Record<string, unknown>>> = [];
    const h = harness({ registry: builtinRegistry().register(probe(seen)) });
    await h.engine.start(probeSpec, {});
    expect(seen).toHaveLength(1);
    expect(Object.keys(seen[0] as object).sort()).toEqual(CONTEXT_KEYS);
  });

  it('of a single-node run holds exactly the contract too', async () => {
    const seen: Array<NodeContext<Record<string, unknown>>> = [];
    const registry = builtinRegistry().register(probe(seen));
    const deps = { registry, http: noHttp, llm: noLlm, clock: new RecordingClock(), random: new SeededRandom() };
    const { loadSpecDocument } = await import('../../shared/spec/load');
    const loaded = loadSpecDocument(probeSpec, registry);
    await runSingleNode({ ...deps, secrets: mapSecrets({}) }, loaded.spec as never, 'p', {
      input: {},
      nodes: {},
      prev: {},
    });
    expect(Object.keys(seen[0] as object).sort()).toEqual(CONTEXT_KEYS);
  });
});
