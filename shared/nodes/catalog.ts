/**
 * The built-in node descriptions, keyed by type. A `Record<NodeType, …>` so that adding a
 * type to NODE_TYPES without describing it fails to compile.
 */
import { approvalNode } from './approval';
import { decisionNode } from './decision';
import { endNode } from './end';
import { guardrailNode } from './guardrail';
import { llmNode } from './llm';
import { startNode } from './start';
import { toolNode } from './tool';
import { transformNode } from './transform';
import type { NodeDescription, NodeType } from './types';

// Each description is typed by its own config; the catalog erases that to the common shape.
type AnyDescription = NodeDescription<never> & NodeDescription<Record<string, unknown>>;

export const NODE_CATALOG: Record<NodeType, AnyDescription> = {
  start: startNode as AnyDescription,
  end: endNode as AnyDescription,
  llm: llmNode as AnyDescription,
  tool: toolNode as AnyDescription,
  transform: transformNode as AnyDescription,
  decision: decisionNode as AnyDescription,
  approval: approvalNode as AnyDescription,
  guardrail: guardrailNode as AnyDescription,
};

/** A lookup of descriptions by type; the engine's registry satisfies it too. */
export interface NodeCatalog {
  get(type: string): NodeDescription | undefined;
  types(): string[];
}

export const builtinCatalog: NodeCatalog = {
  get: (type) => (Object.hasOwn(NODE_CATALOG, type) ? (NODE_CATALOG[type as NodeType] as NodeDescription) : undefined),
  types: () => Object.keys(NODE_CATALOG),
};
