/**
 * The built-in node types. Adding a built-in: describe it in shared/nodes/, implement it
 * here, and add one line below (and one to BUILTIN_NODE_TYPES / NODE_CATALOG). An embedder
 * registers its own node types on a registry instead (docs/nodes-authoring.md).
 */
import { BUILTIN_NODE_TYPES, type BuiltinNodeType } from '../../../shared/nodes/types';
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
import { wait } from './wait';

type AnyDef = NodeDefinition<never> & NodeDefinition;

const BUILTIN: Record<BuiltinNodeType, AnyDef> = {
  start: start as AnyDef,
  end: end as AnyDef,
  llm: llm as AnyDef,
  tool: tool as AnyDef,
  transform: transform as AnyDef,
  decision: decision as AnyDef,
  approval: approval as AnyDef,
  guardrail: guardrail as AnyDef,
  wait: wait as AnyDef,
};

/** A fresh registry with every built-in node type. */
export function builtinRegistry(): NodeRegistry {
  return new NodeRegistry(BUILTIN_NODE_TYPES.map((t) => BUILTIN[t]));
}
