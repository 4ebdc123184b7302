/**
 * The built-in node types. Adding a node type: describe it in shared/nodes/, implement it
 * here, and add one line below (and one to NODE_TYPES / NODE_CATALOG).
 */
import { NODE_TYPES, type NodeType } from '../../../shared/nodes/types';
import type { NodeDefinition } from '../node-def';
import { NodeRegistry } from '../registry';
import { approval } from './approval';
import { decision } from './decision';
import { end } from './end';
import { guardrail } from './guardrail';
import { llm } from './llm';
import { start } from './start';
import { tool } from './tool';
import { transform } from './transform';

type AnyDef = NodeDefinition<never> & NodeDefinition;

const BUILTIN: Record<NodeType, AnyDef> = {
  start: start as AnyDef,
  end: end as AnyDef,
  llm: llm as AnyDef,
  tool: tool as AnyDef,
  transform: transform as AnyDef,
  decision: decision as AnyDef,
  approval: approval as AnyDef,
  guardrail: guardrail as AnyDef,
};

/** A fresh registry with every built-in node type. */
export function builtinRegistry(): NodeRegistry {
  return new NodeRegistry(NODE_TYPES.map((t) => BUILTIN[t]));
}
