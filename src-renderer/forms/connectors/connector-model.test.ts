import { describe, expect, it } from 'vitest';
import { refundFixture } from '../../testing/refund-fixture';
import {
  connectorProblems,
  httpConnector,
  httpDraft,
  llmConnector,
  llmDraft,
  saveConnector,
  withModel,
  withProvider,
} from './connector-model';

describe('connector forms', () => {
  it('a new LLM draft is a priced model with a key by secret name', () => {
    const d = llmDraft('gpt');
    expect(llmConnector(d)).toEqual({
      kind: 'llm',
      provider: 'openai',
      model: 'gpt-4o-mini',
      apiKey: { secret: 'OPENAI_API_KEY' },
      pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
    });
  });

  it('choosing a provider and a model fills the base URL, key name and prices', () => {
    let d = withProvider(llmDraft('m'), 'mistral');
    expect(d.baseUrl).toBe('https://api.mistral.ai/v1');
    expect(d.keySecret).toBe('MISTRAL_API_KEY');
    d = withProvider(d, 'anthropic');
    const sonnet = 'claude-sonnet-4-5';
    d = withModel(d, sonnet);
    const c = llmConnector(d);
    expect(c).toMatchObject({ provider: 'anthropic', model: sonnet, apiKey: { secret: 'ANTHROPIC_API_KEY' } });
    expect(c.pricing?.inputPerMTok).toBeGreaterThan(0);
    expect(c.baseUrl).toBeUndefined();
    // A model the table does not know keeps the prices typed.
    const typed = withModel({ ...d, inputPerMTok: '9', outputPerMTok: '10' }, 'my-finetune');
    expect(llmConnector(typed).pricing).toEqual({ inputPerMTok: 9, outputPerMTok: 10 });
    // A local server: any model, no key, free.
    const local = llmConnector({ ...withProvider(d, 'local'), model: 'llama3.1' });
    expect(local).toEqual({
      kind: 'llm',
      provider: 'openai',
      model: 'llama3.1',
      baseUrl: 'http://127.0.0.1:11434/v1',
      pricing: { inputPerMTok: 0, outputPerMTok: 0 },
    });
  });

  it('editing keeps the keys the form does not show', () => {
    const original = {
      kind: 'llm' as const,
      provider: 'openai' as const,
      model: 'gpt-4o',
      maxTokens: 500,
      temperature: 0.2,
      description: 'main model',
    };
    const c = llmConnector(withModel(llmDraft('gpt', original), 'gpt-4o-mini'), original);
    expect(c).toMatchObject({ maxTokens: 500, temperature: 0.2, description: 'main model', model: 'gpt-4o-mini' });
    const http = { kind: 'http' as const, baseUrl: 'https://x.test', rateLimitPerSecond: 5, headers: { A: 'b' } };
    expect(httpConnector(httpDraft('x', http), http)).toEqual(http);
  });

  it('an HTTP draft round-trips auth, headers and risk', () => {
    const c = {
      kind: 'http' as const,
      baseUrl: 'https://orders.test',
      headers: { Authorization: { secret: 'ORDERS_TOKEN' }, Accept: 'application/json' },
      risk: 'read' as const,
    };
    const d = httpDraft('orders', c);
    expect(d).toMatchObject({
      auth: 'secretHeader',
      authHeader: 'Authorization',
      authSecret: 'ORDERS_TOKEN',
      risk: 'read',
    });
    expect(httpConnector(d, c)).toEqual(c);
    expect(httpConnector({ ...d, auth: 'none' }, c).headers).toEqual({ Accept: 'application/json' });
  });

  it('saving renames references, declares secrets, and names problems by field', () => {
    const spec = refundFixture();
    const uses = spec.nodes.filter((n) => n.config.model === 'claude').length;
    expect(uses).toBeGreaterThan(0);
    const renamed = saveConnector(spec, 'model', spec.connectors.claude!, 'claude');
    expect(Object.keys(renamed.connectors)).toEqual(['shop', 'model']);
    expect(renamed.nodes.filter((n) => n.config.model === 'model').length).toBe(uses);
    const withKey = saveConnector(spec, 'claude', llmConnector(withProvider(llmDraft('claude'), 'anthropic')));
    expect(withKey.secrets.map((s) => s.name)).toContain('ANTHROPIC_API_KEY');
    expect(connectorProblems(spec, 'shop', llmConnector(llmDraft('x')))).toEqual({
      alias: 'There is already a connector "shop".',
    });
    expect(connectorProblems(spec, '9 bad', { ...llmConnector(llmDraft('x')), model: '' })).toMatchObject({
      alias: expect.stringMatching(/letters/),
      model: 'Choose or type a model.',
    });
    expect(connectorProblems(spec, 'a', httpConnector({ ...httpDraft('a'), baseUrl: 'not a url' }))).toEqual({
      baseUrl: 'Type a full URL, e.g. https://api.example.com/v1.',
    });
  });
});
