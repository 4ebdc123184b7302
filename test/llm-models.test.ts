import { describe, expect, it } from 'vitest';
import { findModel, LLM_PROVIDERS, providerById, providerOf } from '../shared/llm-models';
import { MODEL_PROVIDERS, PRICES_SOURCE } from '../shared/llm-models.generated';
import { modelTable } from '../scripts/model-prices';

describe('the offline model and price table', () => {
  it('is what @pydantic/genai-prices says (regenerate with npm run gen:prices)', async () => {
    const fresh = await modelTable(PRICES_SOURCE.asOf);
    expect(PRICES_SOURCE.version).toBe(fresh.version);
    expect(MODEL_PROVIDERS).toEqual(fresh.providers);
  });

  it('offers current models of both engine APIs with prices per million tokens', () => {
    const openai = providerById('openai');
    const anthropic = providerById('anthropic');
    expect(openai?.api).toBe('openai');
    expect(anthropic?.api).toBe('anthropic');
    const mini = openai && findModel(openai, 'gpt-4o-mini');
    expect(mini).toMatchObject({ inputPerMTok: 0.15, outputPerMTok: 0.6 });
    for (const p of LLM_PROVIDERS)
      for (const m of p.models) {
        expect(m.inputPerMTok).toBeGreaterThanOrEqual(0);
        expect(m.outputPerMTok).toBeGreaterThanOrEqual(0);
      }
  });

  it('recognises a connector’s provider from its API and base URL', () => {
    expect(providerOf({ provider: 'openai' }).id).toBe('openai');
    expect(providerOf({ provider: 'anthropic' }).id).toBe('anthropic');
    expect(providerOf({ provider: 'openai', baseUrl: 'https://api.mistral.ai/v1/' }).id).toBe('mistral');
    expect(providerOf({ provider: 'openai', baseUrl: 'http://127.0.0.1:11434/v1' }).id).toBe('local');
    expect(providerOf({ provider: 'openai', baseUrl: 'https://api.openai.com/v1' }).id).toBe('openai');
  });
});
