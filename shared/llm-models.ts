/**
 * The LLM providers and models the connector form offers, with prices per million tokens
 * from a committed offline table (llm-models.generated.ts, generated from
 * @pydantic/genai-prices by `npm run gen:prices`). Nothing here reaches the network.
 */
import { MODEL_PROVIDERS } from './llm-models.generated';

export interface ModelEntry {
  id: string;
  name: string;
  /** USD per million input tokens. */
  inputPerMTok: number;
  /** USD per million output tokens. */
  outputPerMTok: number;
  /** USD per million input tokens read from the provider's prompt cache, when it has one. */
  cacheReadPerMTok?: number;
  contextWindow?: number;
}

export interface ModelProvider {
  /** Our id for the choice in the form (not the connector's `provider`). */
  id: string;
  name: string;
  /** The API the engine speaks to it: the connector's `provider`. */
  api: 'openai' | 'anthropic';
  /** Base URL for hosted OpenAI-compatible APIs; absent means the API's own default. */
  baseUrl?: string;
  /** Secret name suggested for its API key. */
  keySecret?: string;
  models: readonly ModelEntry[];
}

/** Self-hosted OpenAI-compatible servers: any model name, no key, no price. */
export const LOCAL_PROVIDER: ModelProvider = {
  id: 'local',
  name: 'Local server (Ollama, vLLM, LM Studio, llama.cpp)',
  api: 'openai',
  baseUrl: 'http://127.0.0.1:11434/v1',
  models: [],
};

export const LLM_PROVIDERS: readonly ModelProvider[] = [...MODEL_PROVIDERS, LOCAL_PROVIDER];

export function providerById(id: string): ModelProvider | undefined {
  return LLM_PROVIDERS.find((p) => p.id === id);
}

/**
 * Which offered provider a connector is: by base URL for OpenAI-compatible hosts, else by
 * its API; a base URL no hosted provider uses is a local server.
 */
export function providerOf(c: { provider: 'openai' | 'anthropic'; baseUrl?: string }): ModelProvider {
  const url = c.baseUrl?.replace(/\/+$/, '');
  if (url) {
    const hosted = MODEL_PROVIDERS.find((p) => p.baseUrl && p.baseUrl === url);
    if (hosted) return hosted;
    if (c.provider === 'openai' && !/^https:\/\/api\.openai\.com/.test(url)) return LOCAL_PROVIDER;
  }
  return MODEL_PROVIDERS.find((p) => p.api === c.provider && !p.baseUrl) ?? LOCAL_PROVIDER;
}

export function findModel(provider: ModelProvider, modelId: string): ModelEntry | undefined {
  return provider.models.find((m) => m.id === modelId);
}
