/**
 * OpenAI Chat Completions over plain HTTP. Also the adapter for every OpenAI-compatible
 * server (Ollama, vLLM, LM Studio, llama.cpp): they share the path and the shapes, and only
 * the base URL changes.
 */
import { z } from 'zod';
import type { Clock, HttpPort, LlmPort, LlmRequest, LlmResponse } from '../../engine/ports';
import { badResponse, baseUrl, estimateUsage, parseBody, pick, postJson, requireKeyFor, statusError } from './common';

const PROVIDER = 'OpenAI';
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Only the fields we read; everything else a server adds is ignored (no `.strict()`). */
const ResponseSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable().optional(), refusal: z.string().nullable().optional() }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1, 'no choices'),
  // Some local servers omit usage; it is then estimated (estimateUsage), see docs/providers.md.
  usage: z
    .object({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) })
    .nullable()
    .optional(),
});

/** The Chat Completions request body for `req` (exported for tests and traces). */
export function openAiBody(req: LlmRequest): Record<string, unknown> {
  const temperature = pick(req.temperature, req.connector.temperature);
  const maxTokens = pick(req.maxTokens, req.connector.maxTokens);
  return {
    model: req.connector.model,
    messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
    ...(req.jsonSchema
      ? // strict:false: strict mode rejects common schemas (optional properties, no
        // additionalProperties:false); the engine validates the output against the schema anyway.
        {
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'output', schema: req.jsonSchema, strict: false },
          },
        }
      : {}),
  };
}

/** An `LlmPort` for OpenAI and OpenAI-compatible servers. */
export function createOpenAiProvider(http: HttpPort, clock: Clock): LlmPort {
  return {
    async complete(req: LlmRequest): Promise<LlmResponse> {
      requireKeyFor(req, 'api.openai.com', 'OPENAI_API_KEY', PROVIDER);
      const headers: Record<string, string> = req.apiKey ? { authorization: `Bearer ${req.apiKey}` } : {};
      const res = await postJson(
        http,
        req,
        `${baseUrl(req, OPENAI_DEFAULT_BASE_URL)}/chat/completions`,
        headers,
        openAiBody(req),
      );
      const failed = statusError(res, clock, PROVIDER);
      if (failed) throw failed;
      const data = parseBody(res, ResponseSchema, PROVIDER);
      const choice = data.choices[0];
      const content = choice?.message.content;
      if (typeof content !== 'string') {
        const refusal = choice?.message.refusal;
        throw badResponse(
          PROVIDER,
          refusal ? `the model refused: ${refusal}` : 'choices[0].message.content is empty',
          res.body,
        );
      }
      return {
        text: content,
        usage: data.usage
          ? { inputTokens: data.usage.prompt_tokens, outputTokens: data.usage.completion_tokens }
          : estimateUsage(req, content),
        model: data.model ?? req.connector.model,
        ...(choice?.finish_reason ? { finishReason: choice.finish_reason } : {}),
      };
    },
  };
}
