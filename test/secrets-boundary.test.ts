// The secret boundary at run time: a secret value is sent only by the connector that declares
// it, in its own header or API key, to its own service. Everything else a node sends is checked
// (URL, body, other headers, model messages, other connectors' keys), what comes back is scrubbed
// before the node sees it, step outputs reach later steps scrubbed, and nodes read only declared
// secrets. Driven through the engine with recording fakes of the services.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src-main/engine/nodes';
import type { NodeDefinition } from '../src-main/engine/node-def';
import type { HttpRequest, LlmRequest } from '../src-main/engine/ports';
import { edges, harness, spec } from '../src-main/engine/testing/harness';
import { json, mapSecrets, ScriptedHttp, ScriptedLlm } from '../src-main/engine/testing/fakes';

const TOKEN = 'tok-boundary-5e6f7a8b9c';
const KEY = 'sk-boundary-0a1b2c3d4e';
const ALL = ['read', 'draft', 'write', 'financial', 'external-communication', 'destructive'] as const;

/** An embedder's node that does what its config says with a secret: the attempts a boundary must stop. */
const Leak = z
  .object({
    connector: z.string(),
    how: z.enum(['query', 'body', 'header', 'foreign-origin', 'base64-body', 'llm-message', 'undeclared']),
  })
  .strict();
const leaky: NodeDefinition<z.infer<typeof Leak>> = {
  type: 'leaky',
  version: 1,
  title: 'Leaky',
  category: 'integration',
  icon: '!',
  description: 'Tries to send a secret where it does not belong (test only).',
  summary: 'Sends a secret where it does not belong',
  ports: [{ kind: 'next' }, { kind: 'error' }],
  params: [],
  configSchema: Leak,
  defaults: { connector: 'api', how: 'query' },
  effect: 'external',
  calls: [{ kind: 'http', connectorParam: 'connector' }],
  async run(ctx) {
    const { how } = ctx.config;
    if (how === 'undeclared')
      return { kind: 'done', output: { read: ctx.secrets.get('NOT_DECLARED') ?? null }, port: 'next' };
    const token = ctx.secrets.get('ORDERS_TOKEN') as string;
    if (how === 'llm-message') {
      const gpt = ctx.spec.connectors.gpt;
      if (gpt?.kind !== 'llm') throw new Error('no gpt');
      await ctx.llm.complete({
        connector: gpt,
        apiKey: ctx.secrets.get('OPENAI_API_KEY') as string,
        messages: [{ role: 'user', content: `remember ${token.toUpperCase()}` }],
        timeoutMs: 1000,
        idempotencyKey: ctx.idempotencyKey,
      });
      return { kind: 'done', output: null, port: 'next' };
    }
    const req: HttpRequest = { method: 'GET', url: 'http://api.test/x', headers: {}, timeoutMs: 1000 };
    if (how === 'query') req.url = `http://api.test/x?${new URLSearchParams({ t: `${token} !` })}`;
    if (how === 'body') req.body = JSON.stringify({ t: token });
    if (how === 'base64-body') req.body = JSON.stringify({ basic: btoa(`user:${token}`) });
    if (how === 'header') req.headers['x-copy'] = `Bearer ${token}`;
    if (how === 'foreign-origin') {
      req.url = 'http://elsewhere.test/x';
      req.headers.Authorization = token;
    }
    await ctx.http.request(req);
    return { kind: 'done', output: null, port: 'next' };
  },
};

function setup(
  nodes: Array<{ id: string; type: string; name: string } & Record<string, unknown>>,
  edgeText: string,
  httpReply = (_r: HttpRequest) => json(200, { ok: true }),
) {
  const http = new ScriptedHttp(httpReply);
  const llm = new ScriptedLlm(() => 'fine');
  const h = harness({
    http,
    llm,
    registry: builtinRegistry().register(leaky),
    secrets: mapSecrets({ ORDERS_TOKEN: TOKEN, OPENAI_API_KEY: KEY, NOT_DECLARED: 'undeclared-value-123' }),
  });
  const s = spec({
    secrets: [{ name: 'ORDERS_TOKEN' }, { name: 'OPENAI_API_KEY' }],
    zones: [{ id: 'z', name: 'Open', policy: { unattended: [...ALL], approval: [], forbidden: [] } }],
    connectors: {
      api: { kind: 'http', baseUrl: 'http://api.test', headers: { Authorization: { secret: 'ORDERS_TOKEN' } } },
      sink: { kind: 'http', baseUrl: 'http://sink.test' },
      gpt: {
        kind: 'llm',
        provider: 'openai',
        model: 'm',
        baseUrl: 'http://llm.test/v1',
        apiKey: { secret: 'OPENAI_API_KEY' },
      },
    },
    nodes: [
      { id: 's', type: 'start', name: 'Start' },
      ...nodes.map((n) => ({ zone: 'z', ...n })),
      { id: 'e', type: 'end', name: 'End', config: { output: '$' } },
    ],
    edges: edges(edgeText),
  });
  return { h, http, llm, s };
}

/** Every text the fakes received, for a search for the value. */
const sent = (http: ScriptedHttp, llm: ScriptedLlm): string =>
  JSON.stringify([
    http.requests.map((r) => ({ ...r, signal: undefined })),
    llm.requests.map((r) => ({ ...r, signal: undefined })),
  ]);

describe('the secret boundary at run time', () => {
  it('sends a connector its own secret header, and nothing of it anywhere else', async () => {
    const { h, http, llm, s } = setup(
      [
        { id: 'get', type: 'tool', name: 'Get', config: { connector: 'api', path: '/echo' } },
        {
          id: 'post',
          type: 'tool',
          name: 'Forward',
          config: {
            connector: 'sink',
            method: 'POST',
            path: '/in',
            body: 'nodes.get',
            query: { q: '{{ nodes.get.seen }}' },
          },
        },
      ],
      's>get, get>post, post>e',
      // The API echoes its Authorization header back.
      (r) => json(200, { seen: r.headers.Authorization ?? null }),
    );
    const out = await h.engine.start(s, {});
    expect(out.status, JSON.stringify(out)).toBe('completed');
    expect(http.requests[0]?.headers.Authorization).toBe(TOKEN);
    // The echoed value reached the next step as a placeholder: the sink got no value.
    expect(http.requests[1]?.url).toBe('http://sink.test/in?q=%5Bsecret%3AORDERS_TOKEN%5D');
    expect(JSON.parse(http.requests[1]?.body ?? 'null')).toEqual({ seen: '[secret:ORDERS_TOKEN]' });
    expect(sent(http, llm).split(TOKEN)).toHaveLength(2);
  });

  it('never sends a value pasted into another connector’s plain header: the run’s spec snapshot is scrubbed', async () => {
    const { h, http, s } = setup(
      [{ id: 'post', type: 'tool', name: 'Tell sink', config: { connector: 'sink', path: '/in' } }],
      's>post, post>e',
    );
    (s.connectors as Record<string, unknown>).sink = {
      kind: 'http',
      baseUrl: 'http://sink.test',
      headers: { 'X-Pasted': TOKEN },
    };
    const out = await h.engine.start(s, {});
    expect(out.status).toBe('completed');
    expect(http.requests[0]?.headers['X-Pasted']).toBe('[secret:ORDERS_TOKEN]');
    expect(JSON.stringify([h.store.getRun(out.runId), h.store.getEvents(out.runId)])).not.toContain(TOKEN);
  });

  it.each([
    ['query', 'the URL'],
    ['body', 'the body'],
    ['base64-body', 'the body'],
    ['header', 'header "x-copy"'],
    ['foreign-origin', 'header "Authorization" to http://elsewhere.test'],
    ['llm-message', 'message 1 (user)'],
  ] as const)('refuses a node that puts the secret in %s (%s), before anything is sent', async (how, field) => {
    const { h, http, llm, s } = setup(
      [{ id: 'leak', type: 'leaky', name: 'Leaker', config: { connector: 'api', how } }],
      's>leak, leak>e',
    );
    const out = await h.engine.start(s, {});
    expect(out.status).toBe('failed');
    expect(out.error?.code).toBe('secret.boundary');
    expect(out.error?.message).toContain(`Step 'Leaker' would send secret ORDERS_TOKEN in ${field}`);
    expect(http.requests).toHaveLength(0);
    expect(llm.requests).toHaveLength(0);
    expect(sent(http, llm)).not.toContain(TOKEN);
  });

  it('lets a node read only the secrets the spec declares', async () => {
    const { h, s } = setup(
      [{ id: 'leak', type: 'leaky', name: 'Reader', config: { connector: 'api', how: 'undeclared' } }],
      's>leak, leak>e',
    );
    const out = await h.engine.start(s, {});
    expect(out.output).toMatchObject({ nodes: { leak: { read: null } } });
  });

  it('scrubs a reply before the node cuts it: an error excerpt never holds half a secret', async () => {
    // 290 characters of filler, then the value: the 300-character excerpt would cut it in half.
    const { h, s } = setup(
      [{ id: 'get', type: 'tool', name: 'Get', config: { connector: 'api', path: '/x' }, retry: { maxAttempts: 1 } }],
      's>get, get>e',
      (r) => ({ status: 403, headers: {}, body: `${'x'.repeat(290)}${r.headers.Authorization} denied` }),
    );
    const out = await h.engine.start(s, {});
    expect(out.status).toBe('failed');
    const stored = JSON.stringify([h.store.getEvents(out.runId), h.store.getSteps(out.runId), out]);
    for (let n = 6; n <= TOKEN.length; n++) expect(stored).not.toContain(TOKEN.slice(0, n));
    expect(stored).toContain('[secret:');
  });

  it('checks a model call too: its own key passes, a secret in the prompt does not', async () => {
    const { h, llm, s } = setup(
      [{ id: 'ask', type: 'llm', name: 'Ask', config: { model: 'gpt', prompt: 'Hello {{ input.name }}' } }],
      's>ask, ask>e',
    );
    const ok = await h.engine.start(s, { name: 'Ann' });
    expect(ok.status).toBe('completed');
    expect((llm.requests[0] as LlmRequest).apiKey).toBe(KEY);
    // The input is scrubbed when the run starts: the prompt carries the placeholder.
    await h.engine.start(s, { name: `Ann ${KEY}` });
    expect(llm.requests[1]?.messages.at(-1)?.content).toBe('Hello Ann [secret:OPENAI_API_KEY]');
  });
});

describe('the secret boundary at validate time', () => {
  const problems = async (parts: object) => {
    const { loadSpecDocument } = await import('../shared/spec/load');
    const base = {
      specVersion: 1,
      id: 'v',
      name: 'V',
      secrets: [{ name: 'ORDERS_TOKEN' }],
      nodes: [
        { id: 's', type: 'start', name: 'Start' },
        { id: 'e', type: 'end', name: 'End' },
      ],
      edges: [{ id: 'e1', source: 's', target: 'e' }],
    };
    return loadSpecDocument({ ...base, ...parts }, builtinRegistry()).problems.filter((p) =>
      p.code.startsWith('secret.'),
    );
  };

  it('refuses one secret sent by connectors of two services, naming both', async () => {
    const found = await problems({
      connectors: {
        orders: {
          kind: 'http',
          baseUrl: 'https://orders.test/api',
          headers: { Authorization: { secret: 'ORDERS_TOKEN' } },
        },
        other: { kind: 'http', baseUrl: 'https://other.test', headers: { 'X-Key': { secret: 'ORDERS_TOKEN' } } },
        // Same service, another path: fine.
        orders2: {
          kind: 'http',
          baseUrl: 'https://orders.test/v2',
          headers: { Authorization: { secret: 'ORDERS_TOKEN' } },
        },
      },
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      code: 'secret.shared',
      path: '$.connectors.other.headers["X-Key"].secret',
    });
    expect(found[0]?.message).toContain(
      'connector "orders" (https://orders.test) and by connector "other" (https://other.test)',
    );
  });

  it('refuses a secret reference in a step’s settings and a secret read in an expression, naming step and field', async () => {
    const found = await problems({
      connectors: {
        orders: {
          kind: 'http',
          baseUrl: 'https://orders.test',
          headers: { Authorization: { secret: 'ORDERS_TOKEN' } },
        },
      },
      nodes: [
        { id: 's', type: 'start', name: 'Start' },
        {
          id: 'get',
          type: 'tool',
          name: 'Look up order',
          config: {
            connector: 'orders',
            path: '/o',
            headers: { 'X-Copy': { secret: 'ORDERS_TOKEN' } },
            query: { t: '{{ secrets.ORDERS_TOKEN }}' },
          },
        },
        { id: 'fmt', type: 'transform', name: 'Format', config: { expression: '$env("HOME")' } },
        { id: 'e', type: 'end', name: 'End' },
      ],
      edges: [
        { id: 'e1', source: 's', target: 'get' },
        { id: 'e2', source: 'get', target: 'fmt' },
        { id: 'e3', source: 'fmt', target: 'e' },
      ],
    });
    const byCode = Object.fromEntries(found.map((p) => [`${p.code} ${p.path}`, p.message]));
    expect(byCode['secret.misplaced $.nodes[1].config.headers["X-Copy"]']).toBe(
      'Step "Look up order" puts secret "ORDERS_TOKEN" in its headers › X-Copy: a secret is sent only by a connector, in the connector\'s headers or API key.',
    );
    expect(byCode['secret.in-expression $.nodes[1].config.query.t']).toContain(
      'Step "Look up order" reads secret "ORDERS_TOKEN" in its query › t',
    );
    expect(byCode['secret.in-expression $.nodes[2].config.expression']).toContain(
      'Step "Format" reads the environment ($env)',
    );
  });

  it('passes every bundled example', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { loadSpecDocument } = await import('../shared/spec/load');
    const { EXAMPLES } = await import('./helpers/cli');
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const doc = JSON.parse(readFileSync(`${EXAMPLES}/${f}`, 'utf8'));
      const bad = loadSpecDocument(doc, builtinRegistry()).problems.filter((p) => p.code.startsWith('secret.'));
      expect(bad, f).toEqual([]);
    }
  });
});
