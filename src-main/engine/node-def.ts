/**
 * What a node type is at run time: its shared description plus `run()`. Nodes get every
 * side effect through the context's ports and never import IO themselves.
 */
import type { EventDraft } from '../../shared/events';
import type { NodeDescription } from '../../shared/nodes/types';
import type { SpecNode, WorkflowSpec } from '../../shared/spec/schema';
import type { ScreenOptions, ScreenResult } from './guardrails/screen';
import type { Clock, HttpPort, LlmPort, RandomPort, SchemaIssues, SecretsPort } from './ports';
import type { ApprovalRecord } from './store';

/** What expressions and templates see: `input`, every node's latest output, and `prev`. */
export interface ExprScope {
  input: unknown;
  nodes: Record<string, unknown>;
  prev: unknown;
}

export interface NodeContext<C> {
  spec: WorkflowSpec;
  node: SpecNode;
  config: C;
  runId: string;
  stepIdx: number;
  attempt: number;
  /** The same for every attempt of this step, across retries and crash/resume. */
  idempotencyKey: string;
  scope: ExprScope;
  signal: AbortSignal;
  /** Per-attempt timeout in ms, to pass on to transports. */
  timeoutMs: number;
  http: HttpPort;
  llm: LlmPort;
  clock: Clock;
  random: RandomPort;
  secrets: SecretsPort;
  /** Evaluates a JSONata expression against the scope. */
  evaluate(expression: string): Promise<unknown>;
  /** Renders a `{{ }}` template against the scope; `encode` is applied to each hole's text. */
  render(template: string, encode?: (s: string) => string): Promise<string>;
  /** Checks a value against a spec-supplied JSON Schema, within the step's limits (engine/bounded.ts). */
  validate(schema: object, value: unknown): Promise<SchemaIssues>;
  /** Screens a value for personal data and injection signals, within the step's limits. */
  screen(value: unknown, options: ScreenOptions, path?: string): Promise<ScreenResult>;
  /** Records an event for this step (stamped and persisted with the step's next commit). */
  emit(draft: EventDraft): void;
  /** The decided approval when a step that asked a human is run again after the decision. */
  approval?: ApprovalRecord;
  /** The timed wait that came due, when a step that waited in one of its wait states is run again. */
  resumed?: TimedWait;
}

/** What a node asks a human to decide (the `decision` wait: an approval record). */
export interface ApprovalRequest {
  message: string;
  payload: unknown;
  payloadSchema?: object;
  approvers: string[];
  reason: string;
  timeoutAt?: number;
}

/**
 * A durable wait until a point in time, in one of the wait states the node's description
 * declares (`resolves: 'time'`). The run parks; once `until` has passed, a resume or the
 * host's sweeper runs the node again with `ctx.resumed` set.
 */
export interface TimedWait {
  state: string;
  /** Epoch milliseconds. */
  until: number;
  /** Anything the node wants back when it resumes (recorded with the step). */
  detail?: unknown;
}

/** What one attempt of a node ends with: done by a port, or a durable wait. */
export type NodeResult =
  | { kind: 'done'; output: unknown; port: string }
  | { kind: 'wait'; approval: ApprovalRequest }
  | { kind: 'wait'; wait: TimedWait };

/** A node type at run time: its description plus `run()`. */
export interface NodeDefinition<C = Record<string, unknown>> extends NodeDescription<C> {
  run(ctx: NodeContext<C>): Promise<NodeResult>;
}
