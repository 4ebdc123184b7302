/**
 * The `LlmPort` the composition roots wire: one port that dispatches each call to the
 * adapter for its connector's provider.
 */
import type { Clock, HttpPort, LlmPort } from '../../engine/ports';
import { StepError } from '../../engine/errors';
import { createAnthropicProvider } from './anthropic';
import { createOpenAiProvider } from './openai';

/**
 * Creates the LLM port over an `HttpPort` (the real one, or a fake in tests). `clock` turns
 * HTTP-date `Retry-After` headers into delays.
 */
export function createLlmPort(http: HttpPort, clock: Clock): LlmPort {
  const openai = createOpenAiProvider(http, clock);
  const anthropic = createAnthropicProvider(http, clock);
  return {
    complete(req) {
      const provider = req.connector.provider;
      // Exhaustive: adding a provider to the schema fails to compile until it is handled here.
      switch (provider) {
        case 'openai':
          return openai.complete(req);
        case 'anthropic':
          return anthropic.complete(req);
        default: {
          const unknown: never = provider;
          // Reachable only with a spec that skipped validation.
          return Promise.reject(
            new StepError({
              code: 'llm.provider',
              retryable: false,
              message: `unknown LLM provider: ${String(unknown)}`,
            }),
          );
        }
      }
    },
  };
}
