/**
 * A fake LLM provider speaking both wire formats, for tests that must go through real HTTP:
 * - `POST /v1/chat/completions` (OpenAI shape; connector `baseUrl: srv.openaiBaseUrl`)
 * - `POST /v1/messages` (Anthropic shape; connector `baseUrl: srv.anthropicBaseUrl`)
 *
 * Each request takes the next queued reply, else the `handler`'s reply, else the default:
 * `echo: <last user message>` (or, when a JSON schema was requested, a minimal JSON value
 * matching it), with usage computed by `estimateTokens` from message lengths.
 */
import type http from 'node:http';
import type { Started } from './serve';
import { delay, flatHeaders, listen, readBody, send, tryJson } from './serve';
import { sampleFromSchema } from './sample-json';

export type FakeLlmProvider = 'openai' | 'anthropic';

/** One recorded request. */
export interface FakeLlmRequest {
  provider: FakeLlmProvider;
  method: string;
  path: string;
  /** Lower-cased; e.g. `headers['idempotency-key']`, `headers.authorization`, `headers['x-api-key']`. */
  headers: Record<string, string>;
  idempotencyKey?: string;
  /** Parsed JSON body (undefined if it was not JSON). */
  body: unknown;
  rawBody: string;
  model?: string;
  /** The system prompt (Anthropic `system`, or OpenAI system messages joined by blank lines). */
  system: string;
  /** The non-system messages, as sent. */
  messages: { role: string; content: string }[];
  /** The JSON schema the client asked for (OpenAI response_format, or Anthropic's <json_schema> block). */
  jsonSchema?: object;
  /** Date.now() when the request arrived. */
  at: number;
}

/** A scripted reply. Every kind accepts `delayMs` before answering. */
export type FakeLlmReply =
  /** A successful completion. Usage defaults to the estimate; `model` defaults to the request's. */
  | {
      text: string;
      usage?: { inputTokens?: number; outputTokens?: number };
      finishReason?: string;
      model?: string;
      delayMs?: number;
    }
  /** An error in the provider's shape, e.g. `{ error: { status: 429, retryAfter: '2' } }`. */
  | {
      error: { status: number; message?: string; type?: string; retryAfter?: string; headers?: Record<string, string> };
      delayMs?: number;
    }
  /** A 200 the client cannot use: `not-json` (garbage text) or `wrong-shape` (JSON without choices/content). */
  | { malformed: 'not-json' | 'wrong-shape'; delayMs?: number }
  /** Full control over status, headers and body. */
  | { raw: { status?: number; headers?: Record<string, string>; body: string }; delayMs?: number }
  /** Never answer (for timeouts). */
  | { hang: true };

export type FakeLlmHandler = (req: FakeLlmRequest) => FakeLlmReply | Promise<FakeLlmReply>;

export interface FakeLlmServerOptions {
  replies?: FakeLlmReply[];
  handler?: FakeLlmHandler;
  /** When set, requests must carry this key (Bearer or x-api-key) or get a 401. */
  apiKey?: string;
}

export interface FakeLlmServer extends Started {
  /** `${url}/v1`: the connector baseUrl for provider 'openai'. */
  openaiBaseUrl: string;
  /** `${url}`: the connector baseUrl for provider 'anthropic'. */
  anthropicBaseUrl: string;
  requests: FakeLlmRequest[];
  /** Queues replies, consumed first-in first-out before the handler. */
  enqueue(...replies: FakeLlmReply[]): void;
  setHandler(handler: FakeLlmHandler | undefined): void;
  /** Clears requests and queued replies. */
  reset(): void;
}

/** The fake's token estimate: a quarter of the characters, rounded up (deterministic). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const queue: FakeLlmReply[] = [...(options.replies ?? [])];
  let handler = options.handler;
  const requests: FakeLlmRequest[] = [];
  let seq = 0;

  const started = await listen((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      const provider = req.method === 'POST' ? providerFor(req.url ?? '') : undefined;
      if (!provider)
        return send(res, 404, { error: { type: 'not_found', message: `no route ${req.method} ${req.url}` } });
      const rec = record(provider, req, rawBody);
      requests.push(rec);
      if (options.apiKey !== undefined && keyOf(rec) !== options.apiKey) {
        return reply(
          res,
          rec,
          { error: { status: 401, type: 'authentication_error', message: 'invalid api key' } },
          ++seq,
        );
      }
      const scripted = queue.shift() ?? (await handler?.(rec)) ?? defaultReply(rec);
      await reply(res, rec, scripted, ++seq);
    })().catch(() => req.socket.destroy());
  });

  return {
    ...started,
    openaiBaseUrl: `${started.url}/v1`,
    anthropicBaseUrl: started.url,
    requests,
    enqueue: (...r) => void queue.push(...r),
    setHandler: (h) => void (handler = h),
    reset() {
      requests.length = 0;
      queue.length = 0;
    },
  };
}

function providerFor(url: string): FakeLlmProvider | undefined {
  const path = url.split('?')[0];
  if (path === '/v1/chat/completions') return 'openai';
  if (path === '/v1/messages') return 'anthropic';
  return undefined;
}

function keyOf(rec: FakeLlmRequest): string | undefined {
  if (rec.provider === 'anthropic') return rec.headers['x-api-key'];
  return rec.headers.authorization?.replace(/^Bearer /, '');
}

function record(provider: FakeLlmProvider, req: http.IncomingMessage, rawBody: string): FakeLlmRequest {
  const body = tryJson(rawBody);
  const b = isObject(body) ? body : {};
  const all = Array.isArray(b.messages)
    ? b.messages.filter(isObject).map((m) => ({ role: String(m.role), content: String(m.content) }))
    : [];
  const systemParts = all.filter((m) => m.role === 'system').map((m) => m.content);
  if (typeof b.system === 'string') systemParts.unshift(b.system);
  const system = systemParts.join('\n\n');
  const headers = flatHeaders(req);
  return {
    provider,
    method: req.method ?? 'POST',
    path: req.url ?? '',
    headers,
    idempotencyKey: headers['idempotency-key'],
    body,
    rawBody,
    model: typeof b.model === 'string' ? b.model : undefined,
    system,
    messages: all.filter((m) => m.role !== 'system'),
    jsonSchema: provider === 'openai' ? openAiSchema(b) : anthropicSchema(system),
    at: Date.now(),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function openAiSchema(b: Record<string, unknown>): object | undefined {
  const rf = b.response_format;
  if (!isObject(rf) || !isObject(rf.json_schema)) return undefined;
  return isObject(rf.json_schema.schema) ? rf.json_schema.schema : undefined;
}

function anthropicSchema(system: string): object | undefined {
  const m = /<json_schema>\n([\s\S]*?)\n<\/json_schema>/.exec(system);
  const parsed = m?.[1] === undefined ? undefined : tryJson(m[1]);
  return isObject(parsed) ? parsed : undefined;
}

function defaultReply(rec: FakeLlmRequest): FakeLlmReply {
  if (rec.jsonSchema) return { text: JSON.stringify(sampleFromSchema(rec.jsonSchema)) };
  const lastUser = [...rec.messages].reverse().find((m) => m.role === 'user');
  return { text: `echo: ${lastUser?.content ?? ''}` };
}

async function reply(res: http.ServerResponse, rec: FakeLlmRequest, r: FakeLlmReply, n: number): Promise<void> {
  if ('hang' in r) return;
  if (r.delayMs) await delay(r.delayMs);
  if ('raw' in r) return send(res, r.raw.status ?? 200, r.raw.body, r.raw.headers);
  if ('malformed' in r) {
    if (r.malformed === 'not-json')
      return send(res, 200, '<html>502 Bad Gateway</html>', { 'content-type': 'text/html' });
    return send(
      res,
      200,
      rec.provider === 'openai' ? { id: `chatcmpl-fake-${n}`, choices: [] } : { id: `msg_fake_${n}`, type: 'message' },
    );
  }
  if ('error' in r) {
    const { status, message = `fake error ${status}`, type = errorType(status), retryAfter, headers = {} } = r.error;
    const body =
      rec.provider === 'openai'
        ? { error: { message, type, code: null } }
        : { type: 'error', error: { type, message } };
    return send(res, status, body, { ...(retryAfter !== undefined ? { 'retry-after': retryAfter } : {}), ...headers });
  }
  const inputTokens =
    r.usage?.inputTokens ?? estimateTokens([rec.system, ...rec.messages.map((m) => m.content)].join(''));
  const outputTokens = r.usage?.outputTokens ?? estimateTokens(r.text);
  const model = r.model ?? rec.model ?? 'fake-model';
  if (rec.provider === 'openai') {
    return send(res, 200, {
      id: `chatcmpl-fake-${n}`,
      object: 'chat.completion',
      created: Math.floor(rec.at / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: r.text }, finish_reason: r.finishReason ?? 'stop' }],
      usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
    });
  }
  return send(res, 200, {
    id: `msg_fake_${n}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: r.text }],
    stop_reason: r.finishReason ?? 'end_turn',
    usage: { input_tokens: inputTokens, output_tokens: outputTokens },
  });
}

function errorType(status: number): string {
  if (status === 429) return 'rate_limit_error';
  if (status === 401) return 'authentication_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}
