/**
 * A node type's description: everything about a node type except how it runs. The
 * renderer builds palettes and inspector forms from it (describe the UI, don't code it);
 * the validator checks configs with it; the engine adds `run()` on top (src-main/engine/nodes).
 */
import type { z } from 'zod';

export const NODE_TYPES = ['start', 'end', 'llm', 'tool', 'transform', 'decision', 'approval', 'guardrail'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export type NodeCategory = 'flow' | 'ai' | 'integration' | 'logic' | 'human';

/** An output port. `next` and `error` are the plain ports; `branch` ports carry a name. */
export type Port = { kind: 'next' } | { kind: 'error' } | { kind: 'branch'; name: string };

/** Field kinds the inspector knows how to render. */
export type ParamKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'duration' // milliseconds, edited in minutes, hours or days
  | 'boolean'
  | 'select'
  | 'model' // picks an LLM connector alias
  | 'connector' // picks an HTTP connector alias
  | 'template' // text with {{ expression }} holes (Monaco)
  | 'expression' // a JSONata expression (Monaco)
  | 'jsonSchema' // a JSON Schema (Monaco, validated)
  | 'keyValue' // string map whose values are templates
  | 'rules' // decision rules
  | 'stringList';

export interface ParamDescriptor {
  key: string;
  label: string;
  kind: ParamKind;
  help?: string;
  required?: boolean;
  placeholder?: string;
  options?: ReadonlyArray<{ value: string; label: string }>;
  min?: number;
  max?: number;
}

export interface NodeDescription<C = Record<string, unknown>> {
  type: NodeType;
  /** Current typeVersion written for new nodes. */
  version: number;
  title: string;
  category: NodeCategory;
  /** Short glyph shown on the canvas and in the palette. */
  icon: string;
  description: string;
  /** Whether the node can have incoming edges (false only for start). */
  hasInput: boolean;
  /** Output ports for a given config (decision branches depend on its rules). */
  ports(config: C): Port[];
  params: readonly ParamDescriptor[];
  configSchema: z.ZodType<C>;
  defaults: C;
  /**
   * Whether running the node touches the outside world (LLM or HTTP). Side-effecting
   * steps get a durable checkpoint barrier before they run and should have an error path.
   */
  sideEffect: boolean;
  /** Expressions/templates in the config, for validation: [config key, kind]. */
  expressions(
    config: C,
  ): Array<{ key: string; path: Array<string | number>; kind: 'expression' | 'template'; source: string }>;
  /** One line describing the config, shown on the canvas node. */
  summary(config: C): string;
}

export function portKey(p: Port): string {
  return p.kind === 'branch' ? `branch:${p.name}` : p.kind;
}

export function describePort(p: Port): string {
  return p.kind === 'branch' ? `branch "${p.name}"` : p.kind === 'next' ? 'next' : 'error';
}

/** The config type of a node description. */
export type ConfigOf<D> = D extends NodeDescription<infer C> ? C : never;
