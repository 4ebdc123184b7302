/**
 * Anthropic Messages API over plain HTTP. Differences from OpenAI that shape this file:
 * the system prompt is a top-level field, `max_tokens` is mandatory, and there is no
 * JSON-schema response mode, so structured output is asked for in the system prompt.
 */
import { z } from 'zod';
import type { Clock, HttpPort, LlmPort, LlmRequest, LlmResponse } from '../../engine/ports';
import { StepError } from '../../engine/errors';
import { baseUrl, parseBody, pick, postJson, requireKeyFor, statusError } from './common';

const PROVIDER = 'Anthropic';
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';
/** The API requires max_tokens; this default fits a typical agent step. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;
/** Anthropic's "overloaded" status: transient by their documentation. */
const OVERLOADED = 529;

const ResponseSchema = z.object({
  model: z.string().optional(),
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullable().optional(),
  usage: z.object({
    input_tokens: z.number().int().min(0),
    output_tokens: z.number().int().min(0),
    cache_creation_input_tokens: z.number().int().min(0).nullable().optional(),
    cache_read_input_tokens: z.number().int().min(0).nullable().optional(),
  }),
});

/**
 * The system-prompt instruction for structured output. The schema sits in XML tags, the
 * delimiter Anthropic's prompting guide recommends (and what the fake server reads back).
 */
export function jsonInstruction(schema: object): string {
  return [
    'Reply with only a JSON value that matches the JSON Schema in <json_schema> tags: no prose before or after it, no code fences.',
    '<json_schema>',
    JSON.stringify(schema),
    '</json_schema>',
  ].join('\n');
}

/** The Messages request body for `req` (exported for tests and traces). */
export function anthropicBody(req: LlmRequest): Record<string, unknown> {
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content);
  if (req.jsonSchema) system.push(jsonInstruction(req.jsonSchema));
  const temperature = pick(req.temperature, req.connector.temperature);
  return {
    model: req.connector.model,
    max_tokens: pick(req.maxTokens, req.connector.maxTokens) ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    // The Messages API takes only user/assistant turns; system text went to `system` above.
    messages: req.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role, content: m.content })),
    ...(temperature !== undefined ? { temperature } : {}),
  };
}

/** An `LlmPort` for the Anthropic Messages API. */
export function createAnthropicProvider(http: HttpPort, clock: Clock): LlmPort {
  return {
    async complete(req: LlmRequest): Promise<LlmResponse> {
      requireKeyFor(req, 'api.anthropic.com', 'ANTHROPIC_API_KEY', PROVIDER);
      const headers: Record<string, string> = {
        'anthropic-version': ANTHROPIC_VERSION,
        ...(req.apiKey ? { 'x-api-key': req.apiKey } : {}),
      };
      const res = await postJson(
        http,
        req,
        `${baseUrl(req, ANTHROPIC_DEFAULT_BASE_URL)}/v1/messages`,
        headers,
        anthropicBody(req),
      );
      const failed = statusError(res, clock, PROVIDER);
      if (failed) throw res.status === OVERLOADED ? overloaded(failed) : failed;
      const data = parseBody(res, ResponseSchema, PROVIDER);
      const u = data.usage;
      return {
        text: data.content.map((b) => (b.type === 'text' ? (b.text ?? '') : '')).join(''),
        usage: {
          // Cached prompt tokens are still input; counting them at the full input price keeps
          // budgets conservative (Waymark does not send cache_control, so they are rare).
          inputTokens: u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0),
          outputTokens: u.output_tokens,
        },
        model: data.model ?? req.connector.model,
        ...(data.stop_reason ? { finishReason: data.stop_reason } : {}),
      };
    },
  };
}

/**
 * The shared HTTP table treats unknown 5xx as fatal, which is right in general; 529 is
 * Anthropic-specific and documented as temporary, so only this adapter makes it retryable.
 */
function overloaded(e: StepError): StepError {
  return new StepError({
    code: e.code,
    status: e.status,
    retryable: true,
    message: e.message.replace(/^Anthropic 529/, 'Anthropic 529 (overloaded, retryable)'),
    detail: e.detail,
  });
}
