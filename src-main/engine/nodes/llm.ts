import type { Usage } from '../../../shared/events';
import { llmNode } from '../../../shared/nodes/llm';
import type { ConfigOf } from '../../../shared/nodes/types';
import type { LlmConnector } from '../../../shared/spec/schema';
import { StepError, toErrorInfo } from '../errors';
import { classifyInjection } from '../guardrails/classifier';
import { guardPrompt } from '../guardrails/prompt';
import { extractJson } from '../json-reply';
import type { NodeContext, NodeDefinition } from '../node-def';
import { CallRefused } from '../policy/errors';
import type { ChatMessage, LlmResponse } from '../ports';

type Config = ConfigOf<typeof llmNode>;

/** Cost of one call from the provider's usage fields and the connector's price list. */
export function costOf(connector: LlmConnector, usage: { inputTokens: number; outputTokens: number }): number {
  const p = connector.pricing;
  if (!p) return 0;
  return Math.round(((usage.inputTokens * p.inputPerMTok + usage.outputTokens * p.outputPerMTok) / 1e6) * 1e9) / 1e9;
}

async function call(
  ctx: NodeContext<Config>,
  connector: LlmConnector,
  messages: ChatMessage[],
  repair: number,
): Promise<{ res: LlmResponse }> {
  const apiKey = connector.apiKey ? ctx.secrets.get(connector.apiKey.secret) : undefined;
  const request = {
    connector,
    ...(apiKey !== undefined ? { apiKey } : {}),
    messages,
    temperature: ctx.config.temperature ?? connector.temperature,
    maxTokens: ctx.config.maxTokens ?? connector.maxTokens,
    ...(ctx.config.outputSchema ? { jsonSchema: ctx.config.outputSchema } : {}),
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    // A repair request has different messages, so it is a different logical call.
    idempotencyKey: repair ? `${ctx.idempotencyKey}-r${repair}` : ctx.idempotencyKey,
  };
  const base = {
    type: 'llm.call' as const,
    stepIdx: ctx.stepIdx,
    nodeId: ctx.node.id,
    attempt: ctx.attempt,
    connector: ctx.config.model,
    provider: connector.provider,
    model: connector.model,
    request: { messages },
  };
  const started = ctx.clock.now();
  try {
    const res = await ctx.llm.complete(request);
    const usage: Usage = {
      inputTokens: res.usage.inputTokens,
      outputTokens: res.usage.outputTokens,
      costUsd: costOf(connector, res.usage),
      llmCalls: 1,
      ...(res.usage.estimated ? { estimated: true } : {}),
    };
    ctx.emit({
      ...base,
      response: { text: res.text, model: res.model, finishReason: res.finishReason },
      usage,
      latencyMs: ctx.clock.now() - started,
    });
    return { res };
  } catch (e) {
    // Refused by policy or budget before it was sent: there was no call to record.
    if (e instanceof CallRefused) throw e;
    ctx.emit({ ...base, error: toErrorInfo(e), latencyMs: ctx.clock.now() - started });
    throw e;
  }
}

/**
 * Prompts a model. With an output schema the reply must be JSON that satisfies it; an
 * invalid reply is sent back with the problems for repair, up to `repairAttempts` times,
 * and then the step fails (fatal: repeating the same prompt would not help).
 */
export const llm: NodeDefinition<Config> = {
  ...llmNode,
  async run(ctx) {
    const connector = ctx.spec.connectors[ctx.config.model];
    if (!connector || connector.kind !== 'llm')
      throw new StepError({
        code: 'connector',
        retryable: false,
        message: `LLM connector "${ctx.config.model}" is not declared`,
      });
    const messages: ChatMessage[] = [];
    if (ctx.config.system) messages.push({ role: 'system', content: await ctx.render(ctx.config.system) });
    messages.push({ role: 'user', content: await ctx.render(ctx.config.prompt) });
    // Per-node guardrails (redact personal data, screen for injection) before anything is sent.
    const g = ctx.config.guardrails;
    const classify = g?.injectionClassifier
      ? (text: string) =>
          classifyInjection(ctx, g.injectionClassifier as string, g.injectionClassifierThreshold ?? 0.5, text)
      : undefined;
    messages.splice(0, messages.length, ...(await guardPrompt(ctx, messages, g, classify)));
    const schema = ctx.config.outputSchema;
    for (let repair = 0; ; repair++) {
      const r = await call(ctx, connector, messages, repair);
      if (!schema) return { kind: 'done', output: { text: r.res.text }, port: 'next' };
      const parsed = extractJson(r.res.text);
      const problems = parsed.ok
        ? (await ctx.validate(schema, parsed.value)).map((i) => `${i.path} ${i.message}`)
        : [parsed.error];
      if (parsed.ok && problems.length === 0) return { kind: 'done', output: parsed.value, port: 'next' };
      if (repair >= ctx.config.repairAttempts) {
        throw new StepError({
          code: 'llm.schema',
          retryable: false,
          message: `model reply does not match the output schema after ${repair} repair attempt(s): ${problems.join('; ')}`,
          detail: { problems, reply: r.res.text.slice(0, 2000) },
        });
      }
      messages.push({ role: 'assistant', content: r.res.text });
      messages.push({
        role: 'user',
        content: `Your reply does not match the required JSON Schema: ${problems.join('; ')}. Reply with only the corrected JSON.`,
      });
    }
  },
};
