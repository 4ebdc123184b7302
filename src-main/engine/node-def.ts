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
  /** The decided approval when an approval step is resumed after a human answered. */
  approval?: ApprovalRecord;
}

export type NodeResult =
  | { kind: 'done'; output: unknown; port: string }
  | {
      kind: 'wait';
      approval: {
        message: string;
        payload: unknown;
        payloadSchema?: object;
        approvers: string[];
        reason: string;
        timeoutAt?: number;
      };
    };

export interface NodeDefinition<C = Record<string, unknown>> extends NodeDescription<C> {
  run(ctx: NodeContext<C>): Promise<NodeResult>;
}
