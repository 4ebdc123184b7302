/**
 * Running one node on its own, outside any run, with a hand-written or recorded scope: the
 * inspector's "run this step". Nothing is checkpointed. Real calls are made only when the
 * node's policy lets it run unattended; otherwise use its pinned output (`simulate`).
 */
import type { EngineEvent } from '../../shared/events';
import { effectivePolicy } from '../../shared/policy';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { RunStateError } from './errors';
import { EventBuffer } from './event-buffer';
import { executeStep, type ExecutorPorts, type StepOutcome } from './executor';
import type { ExprScope, NodeDefinition } from './node-def';
import type { NodeRegistry } from './registry';
import { MemoryCheckpointStore } from './memory-store';
import { planNode } from './plan';
import { RunGovernor } from './policy/enforcer';
import type { RunRecord } from './store';
import { RunRedactor } from './redact';
import { declaredSecrets } from './secret-boundary';

export interface SingleNodeResult {
  outcome: StepOutcome;
  /** What the step emitted (LLM/HTTP calls, decisions), stamped with a throwaway run id. */
  events: EngineEvent[];
}

export async function runSingleNode(
  deps: ExecutorPorts & { registry: NodeRegistry },
  spec: WorkflowSpec,
  nodeId: string,
  scope: ExprScope,
  opts: { simulate?: boolean; signal?: AbortSignal } = {},
): Promise<SingleNodeResult> {
  const node = spec.nodes.find((n) => n.id === nodeId);
  if (!node) throw new RunStateError(`there is no node "${nodeId}" in ${spec.id}`);
  const def = deps.registry.definition(node.type) as NodeDefinition | undefined;
  if (!def) throw new RunStateError(`node "${nodeId}" has unknown type "${node.type}"`);
  if (def.effect === 'external' && !opts.simulate) {
    const p = effectivePolicy(spec, deps.registry, nodeId);
    if (p.decision !== 'allow') {
      throw new RunStateError(
        `"${nodeId}" may not run unattended (${p.rule}); run it with its pinned output (simulate) or inside a run, where it can ask for approval`,
      );
    }
  }
  const runId = `single-${nodeId}`;
  const events = new EventBuffer(runId, 0, deps.clock);
  // Nothing this returns holds a secret value (the scope someone typed included), and the node
  // sends secrets only through the connectors that declare them: the run's own boundary.
  const red = new RunRedactor(spec, deps.secrets);
  const ports: ExecutorPorts = {
    ...deps,
    redactor: red,
    secrets: red.port(
      declaredSecrets(spec, deps.secrets),
      () => ({ stepIdx: 0, nodeId }),
      (a) => events.push({ type: 'secret.accessed', ...a }),
    ),
  };
  // The same policy and budget checks as in a run, over a throwaway run of this one step.
  const now = deps.clock.now();
  const run: RunRecord = {
    id: runId,
    specId: spec.id,
    specName: spec.name,
    spec,
    input: scope.input,
    status: 'running',
    simulate: opts.simulate ?? false,
    trigger: 'single-node',
    createdAt: now,
    updatedAt: now,
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0 },
    stepCount: 0,
    nextSeq: 0,
  };
  const governor = new RunGovernor(run, [], new MemoryCheckpointStore(), deps.clock, deps.registry, (t) =>
    red.scrubText(t),
  ).step({
    node,
    idx: 0,
    events,
    flush: () => {},
  });
  const outcome = await executeStep(
    {
      spec,
      plan: planNode(spec, node, def),
      runId,
      stepIdx: 0,
      idempotencyKey: `wm-${runId}-${now}`,
      scope: red.scrub(scope),
      simulate: opts.simulate ?? false,
      priorAttempts: 0,
      governor,
      signal: opts.signal ?? new AbortController().signal,
      events,
      onRetry: (attempt, error, delayMs) =>
        events.push({ type: 'step.retried', stepIdx: 0, nodeId, attempt, error, delayMs }),
    },
    ports,
  );
  return red.scrub({ outcome, events: events.take() });
}
