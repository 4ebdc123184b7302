/**
 * A node type's description: everything about a node type except how it runs, declared as
 * data wherever it can be. The validator, the policy model, the executor, the run loop and
 * the editor all read these declarations instead of knowing node type names:
 * - the editor builds palettes, inspector forms and the canvas look from them (served by the
 *   backend as {@link NodeDescriptor}s, so an embedder's node type appears in the editor);
 * - the validator checks configs, connectors, ports and graph shape with them, plus the
 *   node's own {@link NodeDescription.validate} hook;
 * - the policy model finds the calls a node makes in {@link NodeDescription.calls};
 * - the engine takes entry/terminal flags, the side-effect class, the default timeout, the
 *   simulate behaviour and the durable wait states from here; src-main/engine/nodes adds `run()`.
 */
import type { z } from 'zod';
import type { SpecNode, WorkflowSpec } from '../spec/schema';
import type { PortRule } from './ports';

export type { PortRule, PortCondition } from './ports';

/** The built-in node types. Node types are open strings: a registry may add more. */
export const BUILTIN_NODE_TYPES = [
  'start',
  'end',
  'llm',
  'tool',
  'transform',
  'decision',
  'approval',
  'guardrail',
  'wait',
] as const;
export type BuiltinNodeType = (typeof BUILTIN_NODE_TYPES)[number];

/** Palette groups. An embedder's node picks one of these. */
export const NODE_CATEGORIES = ['flow', 'ai', 'integration', 'logic', 'human'] as const;
export type NodeCategory = (typeof NODE_CATEGORIES)[number];

/** An output port. `next` and `error` are the plain ports; `branch` ports carry a name. */
export type Port = { kind: 'next' } | { kind: 'error' } | { kind: 'branch'; name: string };

/** Field kinds the inspector knows how to render. */
export const PARAM_KINDS = [
  'text',
  'textarea',
  'number',
  'duration', // milliseconds, edited in minutes, hours or days
  'boolean',
  'select',
  'model', // picks an LLM connector alias
  'connector', // picks an HTTP connector alias
  'template', // text with {{ expression }} holes (Monaco)
  'expression', // a JSONata expression (Monaco)
  'jsonSchema', // a JSON Schema (Monaco, validated)
  'keyValue', // string map whose values are templates
  'rules', // decision rules
  'stringList',
] as const;
export type ParamKind = (typeof PARAM_KINDS)[number];

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

/**
 * What running a node does to the world. `pure`: computes from run state (no barrier, one
 * attempt by default, runs for real in simulation). `external`: calls the outside world —
 * a durable checkpoint barrier before it runs, retries by default, an idempotency key, a
 * default timeout, and it should have an error path.
 */
export type SideEffectClass = 'pure' | 'external';

/**
 * What a simulated run (`--simulate`, the editor's Simulate) does with the node when it has
 * no pinned output: `run` it as usual, or fail the step asking for a `pinned` output (a
 * simulation never calls models or APIs).
 */
export type SimulateBehaviour = 'run' | 'pinned';

/** The kind of outside call a node makes. */
export type CallKind = 'http' | 'llm';

/**
 * A call the node makes, for policy: the kind, the config key that names its connector
 * alias, and optionally the config key of a risk class that overrides the connector's.
 */
export interface CallDeclaration {
  kind: CallKind;
  connectorParam: string;
  riskParam?: string;
  /**
   * For an HTTP call, the config key of its method (GET when unset): the method sets the
   * call's least risk class (shared/policy.ts `methodFloor`).
   */
  methodParam?: string;
  /**
   * The call is made only when the config names a connector at `connectorParam` (e.g. the
   * guardrail's injection classifier): an empty value is no call, not a missing connector.
   */
  optional?: boolean;
}

/**
 * A durable wait state a node can enter: the step records it, the run's status becomes
 * `waiting`, and the run continues when the wait resolves — by a human decision (an
 * approval record, decided once, with timeouts) or at a point in time the node names.
 */
export interface WaitStateDescriptor {
  /** Name, unique within the node type (`approval`, `timer`, …); recorded on the step. */
  state: string;
  /**
   * `decision`: an approval record; `time`: at a time the node names; `event`: by a signal or
   * webhook call the node names, or at its timeout (see engine/waits.ts).
   */
  resolves: 'decision' | 'time' | 'event';
  /** Shown while a run waits in this state, e.g. "Waiting for approval". */
  label: string;
  /**
   * For `decision` waits: the node's config holds the timeout rule of its approvals
   * (`timeoutMs`, `onTimeout`, `escalateTo`, `timeoutBranch`); otherwise the zone's applies.
   */
  timeoutRuleInConfig?: boolean;
}

/** A problem the node's own validation hook reports; `path` is relative to the node's config. */
export interface NodeIssue {
  severity: 'error' | 'warning';
  code: string;
  path: Array<string | number>;
  message: string;
  hint: string;
}

/** What a validation hook sees besides the node's parsed config. */
export interface NodeCheckContext {
  spec: WorkflowSpec;
  node: SpecNode;
}

/** An expression or template inside a config, for validation. */
export interface ConfigExpression {
  key: string;
  path: Array<string | number>;
  kind: 'expression' | 'template';
  source: string;
}

export interface NodeDescription<C = Record<string, unknown>> {
  /** The node type: an open string, unique within a registry. */
  type: string;
  /** Current typeVersion written for new nodes. */
  version: number;
  title: string;
  category: NodeCategory;
  /** Short glyph shown on the canvas and in the palette. */
  icon: string;
  description: string;
  /** Where a run begins (no incoming edges; a workflow has exactly one entry node). */
  entry?: boolean;
  /** Where a run ends (no outgoing ports needed; its output is the run's). */
  terminal?: boolean;
  /** Output ports as rules over the config (shared/nodes/ports.ts evaluates them). */
  ports: readonly PortRule[];
  params: readonly ParamDescriptor[];
  configSchema: z.ZodType<C>;
  defaults: C;
  effect: SideEffectClass;
  /** Default per-attempt timeout for `external` nodes (spec defaults and the node's own win). */
  timeoutMs?: number;
  /** Default: `pinned` for external nodes, `run` for pure ones. */
  simulate?: SimulateBehaviour;
  /** Calls the node makes, for policy; the first is "the node's call". */
  calls?: readonly CallDeclaration[];
  /** Durable wait states the node can enter (any node may also be parked by a policy gate). */
  waits?: readonly WaitStateDescriptor[];
  /** Problems beyond the config schema (cross-field rules, governance warnings). */
  validate?(config: C, ctx: NodeCheckContext): NodeIssue[];
  /**
   * Expressions/templates in the config, for validation. Default: derived from the params
   * (template, expression, keyValue and rules kinds; see shared/nodes/derive.ts).
   */
  expressions?(config: C): ConfigExpression[];
  /**
   * One line describing the config, shown on the canvas node: a function, or a template
   * with `{{ key }}` holes over the config (the only form an embedder's node can serve).
   */
  summary: string | ((config: C) => string);
}

export function portKey(p: Port): string {
  return p.kind === 'branch' ? `branch:${p.name}` : p.kind;
}

export function describePort(p: Port): string {
  return p.kind === 'branch' ? `branch "${p.name}"` : p.kind === 'next' ? 'next' : 'error';
}

/** The config type of a node description. */
export type ConfigOf<D> = D extends NodeDescription<infer C> ? C : never;
