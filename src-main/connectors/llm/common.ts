/**
 * What the provider adapters share: key checks, the JSON POST, and turning error bodies
 * into classified `StepError`s. Provider files keep only what differs (paths, headers,
 * request and response shapes).
 */
import type { z } from 'zod';
import type { Clock, HttpPort, HttpResponse, LlmRequest } from '../../engine/ports';
import { StepError } from '../../engine/errors';
import { httpStatusError } from '../../engine/http-status';

/** Base URL without trailing slashes, so `${base}/path` never doubles them. */
export function baseUrl(req: LlmRequest, fallback: string): string {
  return (req.connector.baseUrl ?? fallback).replace(/\/+$/, '');
}

/**
 * Hosted APIs always need a key; failing before the call gives a message that names the
 * secret instead of a bare 401. Local OpenAI-compatible servers (Ollama, llama.cpp, …)
 * usually run without one, so they are let through.
 */
export function requireKeyFor(req: LlmRequest, hostedHost: string, defaultSecret: string, provider: string): void {
  if (req.apiKey) return;
  // An unparsable baseUrl is reported by the HTTP port (http.bad-url), not here.
  const base = baseUrl(req, `https://${hostedHost}`);
  if (!URL.canParse(base) || new URL(base).hostname !== hostedHost) return;
  const name = req.connector.apiKey?.secret;
  throw new StepError({
    code: 'secret.missing',
    retryable: false,
    message: name
      ? `${provider} needs an API key: secret ${name} is not set (set the ${name} environment variable or add it to --secrets-file)`
      : `${provider} needs an API key: the connector has no apiKey secret (e.g. "apiKey": { "secret": "${defaultSecret}" })`,
    detail: { secret: name ?? defaultSecret },
  });
}

/** POSTs a JSON body with the headers every provider call carries. */
export function postJson(
  http: HttpPort,
  req: LlmRequest,
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<HttpResponse> {
  return http.request({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      // Lets providers (and proxies) that support it collapse retries of the same call.
      'idempotency-key': req.idempotencyKey,
      ...headers,
    },
    body: JSON.stringify(body),
    timeoutMs: req.timeoutMs,
    signal: req.signal,
  });
}

/** A fatal error for a response we cannot use: retrying the same call rarely fixes a broken server. */
export function badResponse(provider: string, why: string, body?: string): StepError {
  return new StepError({
    code: 'llm.bad-response',
    retryable: false,
    message: `${provider} returned an unusable response: ${why}`,
    detail: body === undefined ? undefined : { excerpt: body.length > 500 ? `${body.slice(0, 500)}…` : body },
  });
}

/**
 * The classified error for a non-2xx response, using the shared HTTP classification.
 * Providers put the useful sentence in `error.message` of a JSON body; that sentence is
 * what the trace shows, instead of the raw JSON.
 */
export function statusError(res: HttpResponse, clock: Clock, provider: string): StepError | undefined {
  return httpStatusError(res.status, res.headers, providerMessage(res.body) ?? res.body, clock.now(), provider);
}

function providerMessage(body: string): string | undefined {
  try {
    const data: unknown = JSON.parse(body);
    if (typeof data !== 'object' || data === null || !('error' in data)) return undefined;
    const err = data.error;
    if (typeof err === 'string') return err;
    if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') {
      const type = 'type' in err && typeof err.type === 'string' ? `${err.type}: ` : '';
      return `${type}${err.message}`;
    }
  } catch {
    // Not JSON (an HTML error page from a proxy, say): the raw excerpt is all there is.
  }
  return undefined;
}

/** Parses a 2xx JSON body against the provider's response schema, or throws llm.bad-response. */
export function parseBody<T extends z.ZodType>(res: HttpResponse, schema: T, provider: string): z.infer<T> {
  let data: unknown;
  try {
    data = JSON.parse(res.body);
  } catch {
    throw badResponse(provider, 'body is not JSON', res.body);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
    throw badResponse(provider, `${where}: ${issue?.message ?? 'unexpected shape'}`, res.body);
  }
  return parsed.data;
}

/** `request` overrides the connector's defaults, which override the provider's. */
export function pick<T>(...values: (T | undefined)[]): T | undefined {
  return values.find((v) => v !== undefined);
}

/** Tokens a message costs beyond its text (role and separators), in the estimate below. */
const MESSAGE_OVERHEAD_TOKENS = 4;

/**
 * Usage for a server that reported none (some local OpenAI-compatible servers): about one
 * token per four characters of the prompt and of the reply, flagged `estimated`, so cost and
 * token budgets still apply instead of silently counting zero.
 */
export function estimateUsage(
  req: LlmRequest,
  reply: string,
): { inputTokens: number; outputTokens: number; estimated: true } {
  const prompt = req.messages.reduce((n, m) => n + Math.ceil(m.content.length / 4) + MESSAGE_OVERHEAD_TOKENS, 0);
  return { inputTokens: prompt, outputTokens: Math.ceil(reply.length / 4), estimated: true };
}
