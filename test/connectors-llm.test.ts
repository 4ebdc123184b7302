// Both LLM adapters over the real Node HttpPort against the fake provider: request shapes,
// usage, and how every kind of failure is classified.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LlmConnector } from '../shared/spec/schema';
import { StepError } from '../src-main/engine/errors';
import type { Clock, HttpPort, LlmRequest } from '../src-main/engine/ports';
import { createNodeHttpPort } from '../src-main/connectors/http';
import { createLlmPort } from '../src-main/connectors/llm';
import { systemClock } from '../src-main/connectors/system';
import type { FakeLlmServer } from './fakes/fake-llm-server';
import { estimateTokens, startFakeLlmServer } from './fakes/fake-llm-server';

const http = createNodeHttpPort();
const llm = createLlmPort(http, systemClock);
let srv: FakeLlmServer;
beforeAll(async () => {
  srv = await startFakeLlmServer();
});
afterAll(async () => {
  await srv.close();
  http.close();
});
beforeEach(() => {
  srv.reset();
  srv.setHandler(undefined);
});

type Provider = LlmConnector['provider'];
function connector(provider: Provider, extra: Partial<LlmConnector> = {}): LlmConnector {
  return {
    kind: 'llm',
    provider,
    model: `${provider}-model-1`,
    baseUrl: provider === 'openai' ? srv.openaiBaseUrl : srv.anthropicBaseUrl,
    ...extra,
  };
}
function request(provider: Provider, extra: Partial<LlmRequest> = {}): LlmRequest {
  return {
    connector: connector(provider),
    apiKey: 'sk-test',
    messages: [
      { role: 'system', content: 'You triage tickets.' },
      { role: 'user', content: 'My order never arrived' },
    ],
    timeoutMs: 2000,
    idempotencyKey: 'run_1:node_a:1',
    ...extra,
  };
}
async function failure(p: Promise<unknown>): Promise<StepError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StepError);
  return e as StepError;
}

describe('OpenAI adapter: request shape', () => {
  it('POSTs /chat/completions with Bearer key, model, messages, temperature, max_tokens and Idempotency-Key', async () => {
    const res = await llm.complete(request('openai', { temperature: 0.2, maxTokens: 300 }));
    const seen = srv.requests[0];
    expect(seen?.provider).toBe('openai');
    expect(seen?.method).toBe('POST');
    expect(seen?.path).toBe('/v1/chat/completions');
    expect(seen?.headers.authorization).toBe('Bearer sk-test');
    expect(seen?.headers['idempotency-key']).toBe('run_1:node_a:1');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.body).toEqual({
      model: 'openai-model-1',
      messages: [
        { role: 'system', content: 'You triage tickets.' },
        { role: 'user', content: 'My order never arrived' },
      ],
      temperature: 0.2,
      max_tokens: 300,
    });
    expect(res.text).toBe('echo: My order never arrived');
    expect(res.model).toBe('openai-model-1');
    expect(res.finishReason).toBe('stop');
  });

  it('falls back to connector temperature/maxTokens and omits them when unset', async () => {
    await llm.complete(request('openai', { connector: connector('openai', { temperature: 0.7, maxTokens: 50 }) }));
    expect(srv.requests[0]?.body).toMatchObject({ temperature: 0.7, max_tokens: 50 });
    await llm.complete(request('openai'));
    expect(srv.requests[1]?.body).not.toHaveProperty('temperature');
    expect(srv.requests[1]?.body).not.toHaveProperty('max_tokens');
  });

  it('asks for json_schema output when jsonSchema is given', async () => {
    const schema = {
      type: 'object',
      properties: { category: { type: 'string', enum: ['shipping', 'billing'] }, urgent: { type: 'boolean' } },
      required: ['category', 'urgent'],
    };
    const res = await llm.complete(request('openai', { jsonSchema: schema }));
    expect(srv.requests[0]?.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'output', schema, strict: false } },
    });
    expect(JSON.parse(res.text)).toEqual({ category: 'shipping', urgent: false });
  });

  it('tolerates a trailing slash in baseUrl', async () => {
    await llm.complete(request('openai', { connector: connector('openai', { baseUrl: `${srv.openaiBaseUrl}/` }) }));
    expect(srv.requests[0]?.path).toBe('/v1/chat/completions');
  });

  it('parses usage from prompt_tokens/completion_tokens', async () => {
    srv.enqueue({ text: 'hi', usage: { inputTokens: 123, outputTokens: 45 } });
    const res = await llm.complete(request('openai'));
    expect(res.usage).toEqual({ inputTokens: 123, outputTokens: 45 });
  });

  it('estimates usage, flagged, when a local server omits it', async () => {
    srv.enqueue({
      raw: { body: JSON.stringify({ choices: [{ message: { content: 'ok, done' }, finish_reason: 'stop' }] }) },
    });
    const req = request('openai');
    const res = await llm.complete(req);
    const prompt = req.messages.reduce((n, m) => n + Math.ceil(m.content.length / 4) + 4, 0);
    expect(res).toMatchObject({
      text: 'ok, done',
      usage: { inputTokens: prompt, outputTokens: 2, estimated: true },
      model: 'openai-model-1',
    });
  });

  it('lets a local server run without a key (no Authorization header)', async () => {
    const res = await llm.complete(request('openai', { apiKey: undefined }));
    expect(res.text).toMatch(/^echo:/);
    expect(srv.requests[0]?.headers).not.toHaveProperty('authorization');
  });
});

describe('Anthropic adapter: request shape', () => {
  it('POSTs /v1/messages with x-api-key, anthropic-version, top-level system and max_tokens', async () => {
    const res = await llm.complete(
      request('anthropic', {
        messages: [
          { role: 'system', content: 'Rule one.' },
          { role: 'system', content: 'Rule two.' },
          { role: 'user', content: 'Hello' },
          { role: 'assistant', content: 'Hi' },
          { role: 'user', content: 'Refund please' },
        ],
        temperature: 0,
      }),
    );
    const seen = srv.requests[0];
    expect(seen?.path).toBe('/v1/messages');
    expect(seen?.headers['x-api-key']).toBe('sk-test');
    expect(seen?.headers['anthropic-version']).toBe('2023-06-01');
    expect(seen?.headers['idempotency-key']).toBe('run_1:node_a:1');
    expect(seen?.headers).not.toHaveProperty('authorization');
    expect(seen?.body).toEqual({
      model: 'anthropic-model-1',
      max_tokens: 1024,
      system: 'Rule one.\n\nRule two.',
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi' },
        { role: 'user', content: 'Refund please' },
      ],
      temperature: 0,
    });
    expect(res).toMatchObject({ text: 'echo: Refund please', finishReason: 'end_turn', model: 'anthropic-model-1' });
  });

  it('uses maxTokens from the request, then the connector', async () => {
    await llm.complete(request('anthropic', { maxTokens: 77, connector: connector('anthropic', { maxTokens: 500 }) }));
    await llm.complete(request('anthropic', { connector: connector('anthropic', { maxTokens: 500 }) }));
    expect(srv.requests.map((r) => (r.body as { max_tokens: number }).max_tokens)).toEqual([77, 500]);
  });

  it('puts a JSON-only instruction with the schema into the system prompt', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const res = await llm.complete(request('anthropic', { jsonSchema: schema }));
    const seen = srv.requests[0];
    expect(seen?.system).toMatch(/^You triage tickets\.\n\nReply with only a JSON value/);
    expect(seen?.jsonSchema).toEqual(schema);
    expect(seen?.body).not.toHaveProperty('response_format');
    expect(JSON.parse(res.text)).toEqual({ answer: 'fake' });
  });

  it('concatenates text blocks and ignores other block types', async () => {
    srv.enqueue({
      raw: {
        body: JSON.stringify({
          model: 'claude-x',
          content: [
            { type: 'text', text: 'Hello, ' },
            { type: 'tool_use', id: 't1', name: 'x', input: {} },
            { type: 'text', text: 'world' },
          ],
          stop_reason: 'end_turn',
          usage: { input_tokens: 10, output_tokens: 3, cache_read_input_tokens: 5 },
        }),
      },
    });
    const res = await llm.complete(request('anthropic'));
    expect(res).toEqual({
      text: 'Hello, world',
      usage: { inputTokens: 15, outputTokens: 3 },
      model: 'claude-x',
      finishReason: 'end_turn',
    });
  });

  it('parses usage from input_tokens/output_tokens (default: the fake estimate)', async () => {
    const res = await llm.complete(request('anthropic'));
    expect(res.usage).toEqual({
      inputTokens: estimateTokens('You triage tickets.My order never arrived'),
      outputTokens: estimateTokens('echo: My order never arrived'),
    });
  });
});

describe.each(['openai', 'anthropic'] as const)('%s adapter: failures', (provider) => {
  it('429 with Retry-After is retryable with retryAfterMs and the provider message', async () => {
    srv.enqueue({ error: { status: 429, retryAfter: '7', message: 'Rate limit reached for requests' } });
    const e = await failure(llm.complete(request(provider)));
    expect(e).toMatchObject({ code: 'http.status', status: 429, retryable: true, retryAfterMs: 7000 });
    expect(e.message).toContain('Rate limit reached for requests');
    expect(e.message).not.toContain('{');
  });

  it('400 is fatal and carries the provider message', async () => {
    srv.enqueue({ error: { status: 400, message: 'max_tokens is too large' } });
    const e = await failure(llm.complete(request(provider)));
    expect(e).toMatchObject({ code: 'http.status', status: 400, retryable: false });
    expect(e.message).toMatch(/max_tokens is too large/);
  });

  it('401 is fatal', async () => {
    srv.enqueue({ error: { status: 401, message: 'invalid x-api-key' } });
    expect(await failure(llm.complete(request(provider)))).toMatchObject({ status: 401, retryable: false });
  });

  it('500 is retryable', async () => {
    srv.enqueue({ error: { status: 500 } });
    expect(await failure(llm.complete(request(provider)))).toMatchObject({
      code: 'http.status',
      status: 500,
      retryable: true,
    });
  });

  it('a non-JSON error page keeps the raw excerpt', async () => {
    srv.enqueue({ raw: { status: 502, body: '<html>Bad gateway</html>' } });
    const e = await failure(llm.complete(request(provider)));
    expect(e).toMatchObject({ status: 502, retryable: true });
    expect(e.message).toContain('<html>Bad gateway</html>');
  });

  it('a 200 that is not JSON is a fatal llm.bad-response', async () => {
    srv.enqueue({ malformed: 'not-json' });
    const e = await failure(llm.complete(request(provider)));
    expect(e).toMatchObject({ code: 'llm.bad-response', retryable: false });
    expect(e.message).toMatch(/not JSON/);
  });

  it('a 200 with the wrong shape is a fatal llm.bad-response', async () => {
    srv.enqueue({ malformed: 'wrong-shape' });
    const e = await failure(llm.complete(request(provider)));
    expect(e).toMatchObject({ code: 'llm.bad-response', retryable: false });
    expect(e.message).toMatch(provider === 'openai' ? /no choices/ : /content/);
  });

  it('a hung provider times out (retryable)', async () => {
    srv.enqueue({ hang: true });
    expect(await failure(llm.complete(request(provider, { timeoutMs: 150 })))).toMatchObject({
      code: 'timeout',
      retryable: true,
    });
  });

  it('cancellation rejects with the signal reason', async () => {
    srv.enqueue({ hang: true });
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('cancelled by user')), 30);
    await expect(llm.complete(request(provider, { signal: ac.signal }))).rejects.toThrow('cancelled by user');
  });

  it('a wrong key against a server that checks keys is a fatal 401', async () => {
    const strict = await startFakeLlmServer({ apiKey: 'right' });
    try {
      const base = provider === 'openai' ? strict.openaiBaseUrl : strict.anthropicBaseUrl;
      const e = await failure(
        llm.complete(request(provider, { apiKey: 'wrong', connector: connector(provider, { baseUrl: base }) })),
      );
      expect(e).toMatchObject({ status: 401, retryable: false });
      const ok = await llm.complete(
        request(provider, { apiKey: 'right', connector: connector(provider, { baseUrl: base }) }),
      );
      expect(ok.text).toMatch(/^echo:/);
    } finally {
      await strict.close();
    }
  });
});

describe('Anthropic 529 (overloaded)', () => {
  it('is retryable even though the shared table treats unknown 5xx as fatal', async () => {
    srv.enqueue({ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } });
    const e = await failure(llm.complete(request('anthropic')));
    expect(e).toMatchObject({ code: 'http.status', status: 529, retryable: true });
    expect(e.message).toMatch(/overloaded_error: Overloaded/);
  });

  it('stays fatal for OpenAI-compatible servers', async () => {
    srv.enqueue({ error: { status: 529 } });
    expect(await failure(llm.complete(request('openai')))).toMatchObject({ status: 529, retryable: false });
  });
});

describe('missing API keys', () => {
  // Never reaches the network: the key check happens before any request.
  const noNetwork: HttpPort = { request: () => Promise.reject(new Error('must not be called')) };
  const offline = createLlmPort(noNetwork, systemClock);

  it.each([
    ['openai', undefined, 'OPENAI_API_KEY'],
    ['openai', 'https://api.openai.com/v1', 'OPENAI_API_KEY'],
    ['anthropic', undefined, 'ANTHROPIC_API_KEY'],
    ['anthropic', 'https://api.anthropic.com/', 'ANTHROPIC_API_KEY'],
  ] as const)('%s at %s is a fatal secret.missing naming the secret', async (provider, baseUrl, secret) => {
    const req = request(provider, {
      apiKey: undefined,
      connector: {
        kind: 'llm',
        provider,
        model: 'm',
        apiKey: { secret: `MY_${secret}` },
        ...(baseUrl ? { baseUrl } : {}),
      },
    });
    const e = await failure(offline.complete(req));
    expect(e).toMatchObject({ code: 'secret.missing', retryable: false });
    expect(e.message).toContain(`MY_${secret}`);
  });

  it('suggests a secret name when the connector declares none', async () => {
    const e = await failure(
      offline.complete(
        request('anthropic', { apiKey: undefined, connector: { kind: 'llm', provider: 'anthropic', model: 'm' } }),
      ),
    );
    expect(e.code).toBe('secret.missing');
    expect(e.message).toContain('ANTHROPIC_API_KEY');
  });

  it('an unparsable baseUrl is reported as a bad URL, not a crash', async () => {
    const e = await failure(
      llm.complete(
        request('openai', {
          apiKey: undefined,
          connector: { kind: 'llm', provider: 'openai', model: 'm', baseUrl: 'not a url' },
        }),
      ),
    );
    expect(e).toMatchObject({ code: 'http.bad-url', retryable: false });
  });

  it('an empty key counts as missing', async () => {
    const e = await failure(
      offline.complete(request('openai', { apiKey: '', connector: { kind: 'llm', provider: 'openai', model: 'm' } })),
    );
    expect(e.code).toBe('secret.missing');
  });
});

describe('Retry-After as an HTTP date', () => {
  it('is measured from the injected clock', async () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    const fixed: Clock = { now: () => now, sleep: () => Promise.resolve() };
    const port = createLlmPort(http, fixed);
    srv.enqueue({ error: { status: 503, retryAfter: 'Tue, 01 Jan 2030 00:00:30 GMT' } });
    expect(await failure(port.complete(request('openai')))).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
  });
});

describe('unknown providers', () => {
  it('are rejected as a fatal error (only reachable with an unvalidated spec)', async () => {
    const bad = { kind: 'llm', provider: 'mystery', model: 'm' } as unknown as LlmConnector;
    expect(await failure(llm.complete(request('openai', { connector: bad })))).toMatchObject({
      code: 'llm.provider',
      retryable: false,
    });
  });
});
