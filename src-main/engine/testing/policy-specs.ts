/**
 * Spec builders for the governance tests: one tool or LLM call between start and end, with
 * an error edge to a fallback that records the error code, inside a zone or not.
 */
import type { EngineEvent } from '../../../shared/events';
import type { RiskClass, WorkflowSpecInput } from '../../../shared/spec/schema';
import type { CheckpointStore } from '../store';
import { edges, spec } from './harness';

export const BASE_URL = 'http://127.0.0.1:9/v1';

type ZoneInput = NonNullable<WorkflowSpecInput['zones']>[number];

export interface CallFlow {
  /** The tool node's own risk class. */
  risk?: RiskClass;
  /** The connector's risk class. */
  connectorRisk?: RiskClass;
  zone?: ZoneInput;
  /** Whether the call has an error edge to the fallback (default true). */
  errorEdge?: boolean;
  requestSchema?: object;
  retry?: {
    maxAttempts: number;
    initialDelayMs: number;
    backoffMultiplier: number;
    maxDelayMs: number;
    jitter: number;
  };
  /** Extra connectors (for allow-list tests). */
  connectors?: WorkflowSpecInput['connectors'];
  secrets?: WorkflowSpecInput['secrets'];
  /** The call's HTTP method (default POST). */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
}

/** start → call (POST /refunds { amount: input.amount }, or `method`) → end, error → fallback → end. */
export function toolFlow(o: CallFlow = {}): WorkflowSpecInput {
  return spec({
    input: { type: 'object', properties: { amount: { type: 'number' } } },
    connectors: {
      api: { kind: 'http', baseUrl: BASE_URL, ...(o.connectorRisk ? { risk: o.connectorRisk } : {}) },
      ...o.connectors,
    },
    ...(o.secrets ? { secrets: o.secrets } : {}),
    ...(o.zone ? { zones: [o.zone] } : {}),
    nodes: [
      { id: 's', type: 'start', name: 'S' },
      {
        id: 'call',
        type: 'tool',
        name: 'Refund',
        ...(o.zone ? { zone: o.zone.id } : {}),
        config: {
          connector: 'api',
          method: o.method ?? 'POST',
          path: '/refunds',
          body: '{ "amount": input.amount }',
          ...(o.risk ? { risk: o.risk } : {}),
          ...(o.requestSchema ? { requestSchema: o.requestSchema } : {}),
        },
        ...(o.retry ? { retry: o.retry } : {}),
      },
      {
        id: 'fb',
        type: 'transform',
        name: 'Fallback',
        config: {
          expression: '{ "fallback": true, "code": nodes.call.error.code, "message": nodes.call.error.message }',
        },
      },
      { id: 'e', type: 'end', name: 'E' },
    ],
    edges: edges(o.errorEdge === false ? 's>call, call>e, fb>e' : 's>call, call>e, call-error>fb, fb>e'),
  });
}

export const GPT = {
  kind: 'llm' as const,
  provider: 'openai' as const,
  model: 'gpt-test',
  pricing: { inputPerMTok: 1, outputPerMTok: 2 },
};

/** start → the given LLM nodes in a chain (each with an error edge to the fallback) → end. */
export function llmChain(
  ids: Array<{ id: string; zone?: string; config?: Record<string, unknown> }>,
  zones: ZoneInput[],
  between: Array<{ after: string; node: WorkflowSpecInput['nodes'][number] }> = [],
): WorkflowSpecInput {
  const chain: string[] = [];
  const nodes: WorkflowSpecInput['nodes'] = [{ id: 's', type: 'start', name: 'S' }];
  for (const n of ids) {
    nodes.push({
      id: n.id,
      type: 'llm',
      name: n.id,
      ...(n.zone ? { zone: n.zone } : {}),
      config: { model: 'gpt', prompt: `step ${n.id} for {{ input.topic }}`, ...n.config },
    });
    chain.push(n.id);
    for (const b of between.filter((x) => x.after === n.id)) {
      nodes.push(b.node);
      chain.push(b.node.id);
    }
  }
  nodes.push(
    {
      id: 'fb',
      type: 'transform',
      name: 'Fallback',
      config: { expression: '{ "fallback": true, "code": $string(prev.error.code) }' },
    },
    { id: 'e', type: 'end', name: 'E' },
  );
  const links = ['s', ...chain, 'e']
    .slice(1)
    .map(
      (id, i) =>
        `${['s', ...chain][i]}${isApproval(nodes, ['s', ...chain][i] as string) ? '-branch:approved' : ''}>${id}`,
    );
  const errs = ids.map((n) => `${n.id}-error>fb`);
  const rejected = chain.filter((id) => isApproval(nodes, id)).map((id) => `${id}-branch:rejected>e`);
  return spec({
    input: { type: 'object' },
    connectors: { gpt: GPT },
    zones,
    nodes,
    edges: edges([...links, ...errs, ...rejected, 'fb>e'].join(', ')),
  });
}

function isApproval(nodes: WorkflowSpecInput['nodes'], id: string): boolean {
  return nodes.find((n) => n.id === id)?.type === 'approval';
}

/** The events of one type of a run. */
export function eventsOf<T extends EngineEvent['type']>(
  store: CheckpointStore,
  runId: string,
  type: T,
): Array<Extract<EngineEvent, { type: T }>> {
  return store.getEvents(runId).filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}
