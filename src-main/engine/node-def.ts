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
  /**
   * The wait that fired, when a step that waited in one of its wait states is run again:
   * `cause` says what fired it (`time`: its `until` came; `signal`/`webhook`: the event,
   * whose `payload` it carries).
   */
  resumed?: ResumedWait;
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
  /** Epoch milliseconds: the timer, or (with `on`) the timeout of the event wait. */
  until: number;
  /** Anything the node wants back when it resumes (recorded with the step). */
  detail?: unknown;
  /**
   * An event that ends the wait before `until` (a state declared `resolves: 'event'`): a
   * named signal whose payload passes `match`, or a call to a per-wait webhook URL.
   */
  on?: WaitTrigger;
}

/** What an event wait waits for (recorded in its `waits` row). */
export type WaitTrigger =
  | {
      kind: 'signal';
      name: string;
      /** JSONata over `payload` (the signal's) and `input` (the run input); must be true. */
      match?: string;
      /** Keys the signal can be addressed by (`--correlate key=value`). */
      correlation?: Record<string, string>;
    }
  | {
      kind: 'webhook';
      method: string;
      /** JSON Schema the request body must match. */
      bodySchema?: object;
      /** What the caller is answered (default 202 with `{ "accepted": true }`). */
      reply?: { status: number; body?: unknown };
    };

/** A wait that fired, as the node sees it when run again. */
export interface ResumedWait extends TimedWait {
  cause: 'time' | 'signal' | 'webhook';
  /** The signal's payload, or the webhook request (`{ method, body, query }`). */
  payload?: unknown;
  firedAt?: number;
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
