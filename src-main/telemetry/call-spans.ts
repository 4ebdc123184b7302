/**
 * Spans of the calls a step makes: `chat {model}` for a model call (`llm.call`), and
 * `execute_tool {name}` for an HTTP call (`http.call`). One span per call attempt, each a
 * child of its step's span, timed from the event (it is recorded when the call returns, with
 * its latency). Attribute names come from conventions.ts.
 */
import type { EngineEvent } from '../../shared/events';
import type { Connector } from '../../shared/spec/schema';
import type { ChatMessage } from '../engine/ports';
import type { ContentPolicy } from './content';
import {
  GEN_AI,
  GEN_AI_OPERATION,
  GEN_AI_TOOL_TYPE_EXTENSION,
  GENERAL,
  OPENINFERENCE,
  OPENINFERENCE_KIND,
  SPAN_NAME,
  WAYMARK,
  genAiProviderName,
} from './conventions';
import { spanIdOf } from './ids';
import { type Attributes, type SpanRecord, msOf, put } from './span-record';

type LlmCall = Extract<EngineEvent, { type: 'llm.call' }>;
type HttpCall = Extract<EngineEvent, { type: 'http.call' }>;

/** What a call span needs to know about its run and step. */
export interface CallSpanContext {
  traceId: string;
  /** The step span the call belongs to. */
  parentSpanId: string;
  /** The step's name (the tool's name for an HTTP call). */
  stepName: string;
  connectors: Readonly<Record<string, Connector>>;
  content: ContentPolicy;
}

function serverOf(attrs: Attributes, url: string | undefined): void {
  if (!url) return;
  try {
    const u = new URL(url);
    put(attrs, GENERAL.serverAddress, u.hostname);
    const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : u.protocol === 'http:' ? 80 : undefined;
    put(attrs, GENERAL.serverPort, port);
  } catch {
    // Not a URL: no server attributes.
  }
}

/** A URL without its query and fragment (they may carry personal data or tokens) and without credentials. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?[redacted]' : ''}`;
  } catch {
    return '[unparseable url]';
  }
}

function baseSpan(ctx: CallSpanContext, e: LlmCall | HttpCall, name: string, attrs: Attributes): SpanRecord {
  const endMs = msOf(e.at);
  return {
    traceId: ctx.traceId,
    spanId: spanIdOf(e.runId, 'event', e.seq),
    parentSpanId: ctx.parentSpanId,
    name,
    kind: 'client',
    startMs: endMs - Math.max(0, e.latencyMs),
    endMs,
    attributes: attrs,
    events: [],
    links: [],
    status: e.error ? { code: 'error', message: e.error.message } : { code: 'unset' },
  };
}

/** The request's messages, when the event recorded them as the engine's chat messages. */
function messagesOf(request: unknown): ChatMessage[] | undefined {
  const m = (request as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(m)) return undefined;
  return m.filter(
    (x): x is ChatMessage =>
      typeof x === 'object' && x !== null && typeof x.role === 'string' && typeof x.content === 'string',
  );
}

/** `chat {model}`: one model call, with the GenAI attributes and its cost. */
export function chatSpan(ctx: CallSpanContext, e: LlmCall): SpanRecord {
  const a: Attributes = {
    [GEN_AI.operationName]: GEN_AI_OPERATION.chat,
    [GEN_AI.providerName]: genAiProviderName(e.provider),
    [GEN_AI.requestModel]: e.model,
    [OPENINFERENCE.spanKind]: OPENINFERENCE_KIND.llm,
    [OPENINFERENCE.llmModelName]: e.model,
    [OPENINFERENCE.llmProvider]: genAiProviderName(e.provider),
    [WAYMARK.attempt]: e.attempt,
  };
  const connector = e.connector !== undefined ? ctx.connectors[e.connector] : undefined;
  put(a, WAYMARK.connector, e.connector);
  if (connector?.kind === 'llm') {
    serverOf(a, connector.baseUrl ?? (connector.provider === 'anthropic' ? 'https://api.anthropic.com' : undefined));
    put(a, GEN_AI.requestTemperature, connector.temperature);
    put(a, GEN_AI.requestMaxTokens, connector.maxTokens);
  }
  const response = (e.response ?? {}) as { text?: unknown; model?: unknown; finishReason?: unknown };
  put(a, GEN_AI.responseModel, typeof response.model === 'string' ? response.model : undefined);
  if (typeof response.finishReason === 'string') a[GEN_AI.responseFinishReasons] = [response.finishReason];
  if (e.usage) {
    a[GEN_AI.usageInputTokens] = e.usage.inputTokens;
    a[GEN_AI.usageOutputTokens] = e.usage.outputTokens;
    a[GEN_AI.usageCost] = e.usage.costUsd;
    a[WAYMARK.costUsd] = e.usage.costUsd;
    a[OPENINFERENCE.llmTokenCountPrompt] = e.usage.inputTokens;
    a[OPENINFERENCE.llmTokenCountCompletion] = e.usage.outputTokens;
    a[OPENINFERENCE.llmTokenCountTotal] = e.usage.inputTokens + e.usage.outputTokens;
  }
  if (e.error) {
    a[GENERAL.errorType] = e.error.status !== undefined ? String(e.error.status) : e.error.code;
    a[WAYMARK.errorCode] = e.error.code;
  }
  if (ctx.content.capture) {
    const messages = messagesOf(e.request);
    if (messages) {
      const { system, input } = ctx.content.chatInput(messages);
      put(a, GEN_AI.systemInstructions, system);
      a[GEN_AI.inputMessages] = input;
      a[OPENINFERENCE.inputValue] = input;
    }
    if (typeof response.text === 'string') {
      const output = ctx.content.chatOutput(
        response.text,
        typeof response.finishReason === 'string' ? response.finishReason : undefined,
      );
      a[GEN_AI.outputMessages] = output;
      a[OPENINFERENCE.outputValue] = output;
    }
  }
  return baseSpan(ctx, e, SPAN_NAME.chat(e.model), a);
}

/** `execute_tool {step name}`: one HTTP call through a connector, with its HTTP attributes. */
export function toolSpan(ctx: CallSpanContext, e: HttpCall): SpanRecord {
  const a: Attributes = {
    [GEN_AI.operationName]: GEN_AI_OPERATION.executeTool,
    [GEN_AI.toolName]: ctx.stepName,
    [GEN_AI.toolType]: GEN_AI_TOOL_TYPE_EXTENSION,
    [OPENINFERENCE.spanKind]: OPENINFERENCE_KIND.tool,
    [OPENINFERENCE.toolName]: ctx.stepName,
    [GENERAL.httpRequestMethod]: e.method,
    [GENERAL.urlFull]: ctx.content.capture ? ctx.content.text(e.url) : safeUrl(e.url),
    [WAYMARK.attempt]: e.attempt,
    [WAYMARK.idempotencyKey]: e.idempotencyKey,
  };
  put(a, WAYMARK.connector, e.connector);
  const connector = e.connector !== undefined ? ctx.connectors[e.connector] : undefined;
  put(a, GEN_AI.toolDescription, connector?.description);
  serverOf(a, e.url);
  put(a, GENERAL.httpResponseStatusCode, e.status);
  const failed = e.error !== undefined || (e.status !== undefined && e.status >= 400);
  if (e.error) {
    a[GENERAL.errorType] = e.status !== undefined ? String(e.status) : e.error.code;
    a[WAYMARK.errorCode] = e.error.code;
  } else if (failed) {
    a[GENERAL.errorType] = String(e.status);
  }
  const span = baseSpan(ctx, e, SPAN_NAME.tool(ctx.stepName), a);
  if (failed && !e.error) span.status = { code: 'error', message: `HTTP ${e.status}` };
  return span;
}
