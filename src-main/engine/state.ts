/**
 * Rebuilds a run's position from its step log: the expression scope, the next node, how
 * often each loop edge was taken, and the step (if any) that was in flight. Resume and
 * fork both start from this fold — completed steps are never executed again.
 */
import { addUsage, ZERO_USAGE, type Usage } from '../../shared/events';
import type { SpecEdge, WorkflowSpec } from '../../shared/spec/schema';
import { edgePortKey } from '../../shared/spec/graph';
import type { ExprScope } from './node-def';
import type { StepRecord } from './store';

/** Node type of the step records that hold a debugger's state edit (see Engine.editState). */
export const EDIT_STEP = '$edit';

export interface RunPosition {
  scope: ExprScope;
  /** Node to run next; undefined when the last step ended the run. */
  nextNodeId: string | undefined;
  nextIdx: number;
  edgeCounts: Map<string, number>;
  /** A step that began (or is waiting for a human) but did not finish. */
  pending?: StepRecord;
  last?: StepRecord;
  usage: Usage;
}

/** Edge lookup by (node, port), built once per spec. */
export class CompiledGraph {
  private readonly byPort = new Map<string, SpecEdge>();

  constructor(readonly spec: WorkflowSpec) {
    for (const e of spec.edges) this.byPort.set(`${e.source}/${edgePortKey(e)}`, e);
  }

  edge(nodeId: string, port: string): SpecEdge | undefined {
    return this.byPort.get(`${nodeId}/${port}`);
  }
}

/**
 * The position after `steps`. `startId` is the entry node (plan.ts), where a run with no
 * steps goes first; callers that only want the scope may pass undefined.
 */
export function foldSteps(
  graph: CompiledGraph,
  startId: string | undefined,
  input: unknown,
  steps: readonly StepRecord[],
): RunPosition {
  const scope: ExprScope = { input, nodes: {}, prev: input };
  const edgeCounts = new Map<string, number>();
  let usage = ZERO_USAGE;
  let nextNodeId = startId;
  let pending: StepRecord | undefined;
  let lastNodeId: string | undefined;
  for (const s of steps) {
    if (s.status === 'running' || s.status === 'waiting') {
      pending = s;
      nextNodeId = s.nodeId;
      continue;
    }
    // Usage of finished steps only: a step in flight adds its (recorded) usage when it ends.
    usage = addUsage(usage, s.usage);
    pending = undefined;
    if (s.nodeType === EDIT_STEP) {
      // A state edit replaces a node's output; the run continues where it paused.
      scope.nodes[s.nodeId] = s.output;
      if (lastNodeId === s.nodeId) scope.prev = s.output;
      nextNodeId = s.nextNodeId;
      continue;
    }
    lastNodeId = s.nodeId;
    scope.nodes[s.nodeId] = s.output;
    scope.prev = s.output;
    nextNodeId = s.nextNodeId;
    if (s.port) {
      const e = graph.edge(s.nodeId, s.port);
      if (e) edgeCounts.set(e.id, (edgeCounts.get(e.id) ?? 0) + 1);
    }
  }
  const last = steps[steps.length - 1];
  return {
    scope,
    nextNodeId,
    nextIdx: pending ? pending.idx : steps.length,
    edgeCounts,
    usage,
    ...(pending ? { pending } : {}),
    ...(last ? { last } : {}),
  };
}

/** Compiled graphs are cached per spec object: a run's snapshot compiles once. */
const graphs = new WeakMap<WorkflowSpec, CompiledGraph>();
export function graphOf(spec: WorkflowSpec): CompiledGraph {
  let g = graphs.get(spec);
  if (!g) graphs.set(spec, (g = new CompiledGraph(spec)));
  return g;
}
