/**
 * Ports: the only ways the engine touches the world. Nodes receive these through their
 * context; the composition roots (CLI, web host, desktop) wire real implementations and
 * tests wire fakes. Nothing in engine/ may import IO modules (enforced by lint).
 */
import type { LlmConnector } from '../../shared/spec/schema';
import type { ScreenOptions, ScreenResult } from './guardrails/screen';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one HTTP request, no retries. Transport failures (refused, reset, timeout) throw a
 * retryable `StepError`; any HTTP status is returned, for the caller to classify.
 */
export interface HttpPort {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  connector: LlmConnector;
  apiKey?: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** When set, ask the provider for JSON output matching this schema where it supports it. */
  jsonSchema?: object;
  timeoutMs: number;
  signal?: AbortSignal;
  idempotencyKey: string;
}

export interface LlmResponse {
  text: string;
  /** As the provider reported it; `estimated` when it reported none and the adapter estimated. */
  usage: { inputTokens: number; outputTokens: number; estimated?: boolean };
  model: string;
  finishReason?: string;
}

/** One model call, no retries; failures throw `StepError` classified as retryable or not. */
export interface LlmPort {
  complete(req: LlmRequest): Promise<LlmResponse>;
}

export interface SecretsPort {
  /** The secret's value, or undefined when it is not configured. */
  get(name: string): string | undefined;
}

export interface RandomPort {
  /** Uniform in [0, 1). */
  random(): number;
  /** A new unique id with the given prefix, e.g. `run_…`. */
  id(prefix: string): string;
}

/** Issues a JSON Schema validation found (empty when the value is valid). */
export type SchemaIssues = Array<{ path: string; message: string }>;

/**
 * Work the engine cannot prove finishes quickly — JSONata with functions, recursion or
 * ranges; spec-supplied JSON Schemas (patterns, `$ref`, `uniqueItems`); guardrail scans of
 * large text — runs behind this port, in an isolate the host stops when it passes its
 * deadline or memory cap (src-main/sandbox). A limit passed rejects with
 * `SandboxLimitError` (engine/bounded.ts); any other failure rejects with an `Error`
 * whose message says what went wrong. An abort of `signal` stops the work too.
 */
export interface SandboxPort {
  evaluate(source: string, scope: unknown, timeoutMs: number, signal?: AbortSignal): Promise<unknown>;
  validate(schema: object, value: unknown, timeoutMs: number, signal?: AbortSignal): Promise<SchemaIssues>;
  /** Optional: get ready for work soon (start a worker), so the first job does not pay for it. */
  warm?(): void;
  screen(
    value: unknown,
    options: ScreenOptions,
    path: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<ScreenResult>;
}
