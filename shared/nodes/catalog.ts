/**
 * The built-in node descriptions, keyed by type. A `Record<BuiltinNodeType, …>` so that
 * adding a type to BUILTIN_NODE_TYPES without describing it fails to compile. Node types are
 * open: a registry (src-main/engine/registry.ts) adds an embedder's; everything that needs
 * node knowledge takes a {@link NodeCatalog}.
 */
import { approvalNode } from './approval';
import { decisionNode } from './decision';
import { endNode } from './end';
import { guardrailNode } from './guardrail';
import { llmNode } from './llm';
import { startNode } from './start';
import { toolNode } from './tool';
import { transformNode } from './transform';
import { waitNode } from './wait';
import type { BuiltinNodeType, NodeDescription } from './types';

// Each description is typed by its own config; the catalog erases that to the common shape.
type AnyDescription = NodeDescription<never> & NodeDescription<Record<string, unknown>>;

export const NODE_CATALOG: Record<BuiltinNodeType, AnyDescription> = {
  start: startNode as AnyDescription,
  end: endNode as AnyDescription,
  llm: llmNode as AnyDescription,
  tool: toolNode as AnyDescription,
  transform: transformNode as AnyDescription,
  decision: decisionNode as AnyDescription,
  approval: approvalNode as AnyDescription,
  guardrail: guardrailNode as AnyDescription,
  wait: waitNode as AnyDescription,
};

/** A lookup of node descriptions by type: the engine's registry, the built-ins, or the editor's served catalog. */
export interface NodeCatalog {
  get(type: string): NodeDescription | undefined;
  types(): string[];
}

export const builtinCatalog: NodeCatalog = {
  get: (type) =>
    Object.hasOwn(NODE_CATALOG, type) ? (NODE_CATALOG[type as BuiltinNodeType] as NodeDescription) : undefined,
  types: () => Object.keys(NODE_CATALOG),
};
