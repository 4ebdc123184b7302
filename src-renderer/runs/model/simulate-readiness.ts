/**
 * Whether a workflow can run in simulation: every step that would call out (an LLM or an
 * API) needs a pinned output, since simulation never calls models or APIs. Checked before
 * a simulated run starts, not by failing halfway. Also seeds a pinned output from what
 * the step declares it returns. Pure: unit-tested.
 */
import { nodeCatalog } from '../../catalog/catalog';
import type { SpecNode, WorkflowSpec } from '../../../shared/spec/schema';
import { asSchema, sampleOf, type Json } from '../../forms/schema-model';

export interface PinGap {
  nodeId: string;
  name: string;
  type: string;
}

/**
 * Steps that would fail a simulated run for want of a pinned output, in workflow order: those
 * whose type declares that simulation needs one (the served catalog's `simulate`).
 */
export function simulateGaps(spec: WorkflowSpec): PinGap[] {
  const catalog = nodeCatalog();
  return spec.nodes
    .filter((n) => catalog.get(n.type)?.simulate === 'pinned' && !n.pinned)
    .map((n) => ({ nodeId: n.id, name: n.name, type: n.type }));
}

/** The schema of what a step returns, where it declares one (llm structured output, tool response). */
export function outputSchemaOf(node: SpecNode): unknown {
  return node.config.outputSchema ?? node.config.responseSchema;
}

/**
 * A pinned output that fits the step: a sample of its declared output (examples, enums and
 * defaults first), an LLM's `{ text }` reply, or an empty object.
 */
export function seedPinnedOutput(node: SpecNode): Json {
  const schema = outputSchemaOf(node);
  if (schema && typeof schema === 'object') return sampleOf(asSchema(schema));
  if (node.type === 'llm') return { text: '' };
  return {};
}
