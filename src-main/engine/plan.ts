/**
 * A run's plan: what the run loop needs to know about each node, read from the node types'
 * declarations once per run (per spec snapshot and registry), never per step — the
 * definition to run, whether it is terminal or calls the outside world, what simulation does
 * with it, its retry policy and its per-attempt timeout — plus the compiled graph and the
 * entry node.
 */
import { simulateOf } from '../../shared/nodes/derive';
import type { SimulateBehaviour } from '../../shared/nodes/types';
import type { RetryPolicy, SpecNode, WorkflowSpec } from '../../shared/spec/schema';
import { RunStateError } from './errors';
import type { NodeDefinition } from './node-def';
import type { NodeRegistry } from './registry';
import { DEFAULT_SIDE_EFFECT_RETRY, NO_RETRY } from './retry';
import { graphOf, type CompiledGraph } from './state';

/** The per-attempt timeout of an external node when nothing declares one. */
export const FALLBACK_TIMEOUT_MS = 60_000;

/** One node of a run, with everything its type declares resolved against the spec. */
export interface NodePlan {
  readonly node: SpecNode;
  readonly def: NodeDefinition;
  /** Calls the outside world (`effect: 'external'`): durable barrier, retries, idempotency key. */
  readonly external: boolean;
  /** The run ends when this node completes. */
  readonly terminal: boolean;
  readonly simulate: SimulateBehaviour;
  readonly retry: RetryPolicy;
  /**
   * Per-attempt timeout. Pure nodes only get one when it is configured: arming a timer per
   * step would dominate the engine's per-node overhead for no benefit.
   */
  readonly timeoutMs: number | undefined;
}

export interface RunPlan {
  readonly graph: CompiledGraph;
  /** The entry node (its type declares `entry`); undefined only in specs that never validated. */
  readonly startId: string | undefined;
  readonly nodes: ReadonlyMap<string, NodePlan>;
}

/** The plan of one node; see {@link NodePlan}. */
export function planNode(spec: WorkflowSpec, node: SpecNode, def: NodeDefinition): NodePlan {
  const external = def.effect === 'external';
  return {
    node,
    def,
    external,
    terminal: def.terminal ?? false,
    simulate: simulateOf(def),
    retry: node.retry ?? (external ? (spec.defaults?.retry ?? DEFAULT_SIDE_EFFECT_RETRY) : NO_RETRY),
    timeoutMs:
      node.timeoutMs ?? (external ? (spec.defaults?.timeoutMs ?? def.timeoutMs ?? FALLBACK_TIMEOUT_MS) : undefined),
  };
}

const plans = new WeakMap<WorkflowSpec, { registry: NodeRegistry; plan: RunPlan }>();

/**
 * The plan of a spec under a registry, cached per spec object (a run's snapshot plans once).
 * @throws RunStateError when a node's type is not registered (specs reaching here were validated).
 */
export function planRun(spec: WorkflowSpec, registry: NodeRegistry): RunPlan {
  const cached = plans.get(spec);
  if (cached?.registry === registry) return cached.plan;
  const nodes = new Map<string, NodePlan>();
  let startId: string | undefined;
  for (const node of spec.nodes) {
    const def = registry.definition(node.type);
    if (!def) throw new RunStateError(`node "${node.id}" has type "${node.type}", which this engine does not know`);
    nodes.set(node.id, planNode(spec, node, def));
    if (def.entry && startId === undefined) startId = node.id;
  }
  const plan: RunPlan = { graph: graphOf(spec), startId, nodes };
  plans.set(spec, { registry, plan });
  return plan;
}
