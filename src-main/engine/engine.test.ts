import { describe, expect, it } from 'vitest';
import { edges, harness, spec } from './testing/harness';
import { hang, json, ScriptedHttp, ScriptedLlm } from './testing/fakes';
import { ApprovalConflictError, InputInvalidError, RunStateError, SpecInvalidError } from './errors';

// Declared `write`, in a zone that runs writes unattended (a POST counts as at least `write`
// whatever is declared); governance has its own tests (engine/policy).
const api = { api: { kind: 'http' as const, baseUrl: 'http://127.0.0.1:9/v1', risk: 'write' as const } };
const open = [
  {
    id: 'open',
    name: 'Open',
    policy: { unattended: ['read' as const, 'draft' as const, 'write' as const], approval: [], forbidden: [] },
  },
];
const model = {
  gpt: {
    kind: 'llm' as const,
    provider: 'openai' as const,
    model: 'gpt-test',
    pricing: { inputPerMTok: 1, outputPerMTok: 2 },
  },
};

describe('engine: linear runs', () => {
  it('runs start → transform → end and checkpoints every step with contiguous events', async () => {
    const h = harness();
    const out = await h.engine.start(
      spec({
        input: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
        nodes: [
          { id: 's', type: 'start', name: 'Start' },
          { id: 'double', type: 'transform', name: 'Double', config: { expression: '{ "n": input.n * 2 }' } },
          { id: 'e', type: 'end', name: 'End', config: { output: '{ "result": nodes.double.n + 1 }' } },
        ],
        edges: edges('s>double, double>e'),
      }),
      { n: 20 },
    );
    expect(out).toMatchObject({ status: 'completed', output: { result: 41 } });
    const steps = h.store.getSteps(out.runId);
    expect(steps.map((s) => [s.nodeId, s.status, s.port])).toEqual([
      ['s', 'completed', 'next'],
      ['double', 'completed', 'next'],
      ['e', 'completed', 'next'],
    ]);
    const seqs = h.store.getEvents(out.runId).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(h.events.map((e) => e.seq)).toEqual(seqs);
    expect(h.store.getRun(out.runId)?.status).toBe('completed');
  });

  it('rejects bad input naming the field, and invalid specs with every problem', async () => {
    const h = harness();
    const s = spec({
      input: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        { id: 'e', type: 'end', name: 'E' },
      ],
      edges: edges('s>e'),
    });
    await expect(h.engine.start(s, { n: 'x' })).rejects.toThrow(InputInvalidError);
    await expect(h.engine.start(s, { n: 'x' })).rejects.toThrow(/\$input\.n must be number/);
    const bad = spec({
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        { id: 'x', type: 'nope', name: 'X' },
      ],
      edges: edges('s>x, s>ghost'),
    });
    const err = await h.engine.start(bad, {}).catch((e) => e);
    expect(err).toBeInstanceOf(SpecInvalidError);
    const codes = (err as SpecInvalidError).problems.map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['node.unknown-type', 'edge.dangling', 'graph.end']));
  });
});

describe('engine: decisions and loops', () => {
  const loopSpec = (bound: number) =>
    spec({
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        {
          id: 'inc',
          type: 'transform',
          name: 'Inc',
          config: { expression: '{ "i": ($exists(nodes.inc.i) ? nodes.inc.i : 0) + 1 }' },
        },
        {
          id: 'check',
          type: 'decision',
          name: 'Check',
          config: { rules: [{ when: 'nodes.inc.i < 3', branch: 'again', label: 'not yet' }], defaultBranch: 'done' },
        },
        { id: 'e', type: 'end', name: 'E', config: { output: 'nodes.inc' } },
      ],
      edges: edges(`s>inc, inc>check, check-branch:again>inc *${bound}, check-branch:done>e`),
    });

  it('takes branches by the first rule that holds and records the rationale', async () => {
    const h = harness();
    const out = await h.engine.start(loopSpec(5), {});
    expect(out).toMatchObject({ status: 'completed', output: { i: 3 } });
    const decisions = h.store.getEvents(out.runId).filter((e) => e.type === 'decision.taken');
    expect(decisions.map((d) => (d.type === 'decision.taken' ? [d.branch, d.ruleIndex] : null))).toEqual([
      ['again', 0],
      ['again', 0],
      ['done', null],
    ]);
    expect(decisions[0]).toMatchObject({ rationale: 'rule 1 "nodes.inc.i < 3" (not yet) held → again' });
  });

  it('fails the run when a loop edge exceeds its bound', async () => {
    const h = harness();
    const out = await h.engine.start(loopSpec(1), {});
    expect(out.status).toBe('failed');
    expect(out.error).toMatchObject({ code: 'loop.bound' });
  });
});

describe('engine: HTTP tool calls', () => {
  const toolSpec = (
    retry?: {
      maxAttempts: number;
      initialDelayMs: number;
      backoffMultiplier: number;
      maxDelayMs: number;
      jitter: number;
    },
    extra: object = {},
  ) =>
    spec({
      connectors: api,
      zones: open,
      input: { type: 'object', properties: { id: { type: 'string' } } },
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        {
          id: 'get',
          type: 'tool',
          name: 'Get',
          zone: 'open',
          config: {
            connector: 'api',
            method: 'POST',
            path: '/orders/{{ input.id }}',
            body: '{ "id": input.id }',
            ...extra,
          },
          ...(retry ? { retry } : {}),
          timeoutMs: 200,
        },
        {
          id: 'fallback',
          type: 'transform',
          name: 'Fallback',
          config: { expression: '{ "fallback": true, "why": nodes.get.error.code }' },
        },
        { id: 'e', type: 'end', name: 'E' },
      ],
      edges: edges('s>get, get>e, get-error>fallback, fallback>e'),
    });
  const fast = { maxAttempts: 4, initialDelayMs: 5, backoffMultiplier: 2, maxDelayMs: 1000, jitter: 0 };

  it('sends the templated request with an idempotency key that stays the same across retries', async () => {
    const http = new ScriptedHttp((_, n) => (n < 3 ? json(503, { error: 'busy' }) : json(200, { ok: true })));
    const h = harness({ http });
    const out = await h.engine.start(toolSpec(fast), { id: 'A/1' });
    expect(out).toMatchObject({ status: 'completed', output: { ok: true } });
    expect(http.requests.map((r) => r.url)).toEqual(Array(3).fill('http://127.0.0.1:9/v1/orders/A%2F1'));
    const keys = new Set(http.requests.map((r) => r.headers['idempotency-key']));
    expect([...keys]).toEqual([`wm-${out.runId}-1`]);
    expect(http.requests[0]?.body).toBe('{"id":"A/1"}');
    expect(h.clock.sleeps.filter((ms) => ms !== 200)).toEqual([5, 10]);
    const retried = h.store.getEvents(out.runId).filter((e) => e.type === 'step.retried');
    expect(retried).toHaveLength(2);
    expect(h.store.getSteps(out.runId)[1]).toMatchObject({ attempts: 3, status: 'completed' });
  });

  it('honours Retry-After as a floor on the backoff', async () => {
    const http = new ScriptedHttp((_, n) => (n === 1 ? json(429, {}, { 'retry-after': '0.3' }) : json(200, { ok: 1 })));
    const h = harness({ http });
    const out = await h.engine.start(toolSpec(fast), { id: '1' });
    expect(out.status).toBe('completed');
    expect(h.clock.sleeps.filter((ms) => ms !== 200)).toEqual([300]);
  });

  it('does not retry 4xx other than 408/425/429, and routes the failure to the error edge', async () => {
    const http = new ScriptedHttp(() => json(404, { error: 'no such order' }));
    const h = harness({ http });
    const out = await h.engine.start(toolSpec(fast), { id: '1' });
    expect(http.requests).toHaveLength(1);
    expect(out).toMatchObject({ status: 'completed', output: { fallback: true, why: 'http.status' } });
    const failed = h.store.getEvents(out.runId).find((e) => e.type === 'step.failed');
    expect(failed).toMatchObject({ handled: true, nextNodeId: 'fallback', error: { status: 404, retryable: false } });
  });

  it('times out a hung call per attempt and retries it', async () => {
    const http = new ScriptedHttp((req, n) => (n === 1 ? hang(req) : json(200, { late: false })));
    const h = harness({ http });
    const out = await h.engine.start(toolSpec(fast), { id: '1' });
    expect(out).toMatchObject({ status: 'completed', output: { late: false } });
    const retried = h.store.getEvents(out.runId).find((e) => e.type === 'step.retried');
    expect(retried).toMatchObject({ error: { code: 'timeout' } });
  });

  it('fails after maxAttempts and validates the response schema', async () => {
    const http = new ScriptedHttp(() => json(500, {}));
    const h = harness({ http });
    const out = await h.engine.start(toolSpec({ ...fast, maxAttempts: 2 }), { id: '1' });
    expect(http.requests).toHaveLength(2);
    expect(out.output).toMatchObject({ fallback: true });

    const http2 = new ScriptedHttp(() => json(200, { total: 'ten' }));
    const h2 = harness({ http: http2 });
    const out2 = await h2.engine.start(
      toolSpec(fast, { responseSchema: { type: 'object', properties: { total: { type: 'number' } } } }),
      { id: '1' },
    );
    const failed = h2.store.getEvents(out2.runId).find((e) => e.type === 'step.failed');
    expect(failed).toMatchObject({
      error: { code: 'schema', message: expect.stringContaining('$.total must be number') },
    });
  });
});

describe('engine: LLM steps', () => {
  const llmSpec = (outputSchema?: object) =>
    spec({
      connectors: model,
      input: { type: 'object', properties: { ticket: { type: 'string' } } },
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        {
          id: 'classify',
          type: 'llm',
          name: 'Classify',
          config: {
            model: 'gpt',
            system: 'You triage tickets.',
            prompt: 'Ticket: {{ input.ticket }}',
            ...(outputSchema ? { outputSchema } : {}),
          },
        },
        { id: 'e', type: 'end', name: 'E' },
      ],
      edges: edges('s>classify, classify>e'),
    });
  const schema = { type: 'object', properties: { category: { enum: ['refund', 'other'] } }, required: ['category'] };

  it('renders the prompt, records usage and cost', async () => {
    const llm = new ScriptedLlm(() => ({
      text: 'hello',
      usage: { inputTokens: 1000, outputTokens: 500 },
      model: 'gpt-test',
    }));
    const h = harness({ llm });
    const out = await h.engine.start(llmSpec(), { ticket: 'my order broke' });
    expect(out.output).toEqual({ text: 'hello' });
    expect(llm.requests[0]?.messages).toEqual([
      { role: 'system', content: 'You triage tickets.' },
      { role: 'user', content: 'Ticket: my order broke' },
    ]);
    expect(out.usage).toEqual({ inputTokens: 1000, outputTokens: 500, costUsd: 0.002, llmCalls: 1 });
    expect(h.store.getRun(out.runId)?.usage.costUsd).toBe(0.002);
  });

  it('repairs an invalid structured reply once, then accepts a valid one', async () => {
    const llm = new ScriptedLlm((_, n) =>
      n === 1 ? 'Sure! {"category": "maybe"}' : '```json\n{"category": "refund"}\n```',
    );
    const h = harness({ llm });
    const out = await h.engine.start(llmSpec(schema), { ticket: 't' });
    expect(out.output).toEqual({ category: 'refund' });
    expect(llm.requests[1]?.messages.at(-1)?.content).toMatch(
      /does not match the required JSON Schema: \$\.category must be one of/,
    );
    expect(out.usage.llmCalls).toBe(2);
  });

  it('fails with llm.schema when repairs run out', async () => {
    const llm = new ScriptedLlm(() => 'not json at all');
    const h = harness({ llm });
    const out = await h.engine.start(llmSpec(schema), { ticket: 't' });
    expect(out).toMatchObject({ status: 'failed', error: { code: 'llm.schema' } });
    expect(llm.requests).toHaveLength(2);
  });
});

describe('engine: approvals', () => {
  const approvalSpec = () =>
    spec({
      input: { type: 'object', properties: { amount: { type: 'number' } } },
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        {
          id: 'ask',
          type: 'approval',
          name: 'Ask',
          config: {
            message: 'Refund {{ input.amount }}?',
            payload: '{ "amount": input.amount }',
            payloadSchema: {
              type: 'object',
              properties: { amount: { type: 'number', maximum: 500 } },
              required: ['amount'],
            },
            approvers: ['alice', 'bob'],
          },
        },
        {
          id: 'pay',
          type: 'transform',
          name: 'Pay',
          config: { expression: '{ "paid": nodes.ask.payload.amount, "by": nodes.ask.by }' },
        },
        { id: 'no', type: 'transform', name: 'No', config: { expression: '{ "paid": 0 }' } },
        { id: 'e', type: 'end', name: 'E' },
      ],
      edges: edges('s>ask, ask-branch:approved>pay, ask-branch:rejected>no, pay>e, no>e'),
    });

  it('parks the run durably, then continues with an edited payload', async () => {
    const h = harness();
    const out = await h.engine.start(approvalSpec(), { amount: 900 });
    expect(out.status).toBe('waiting');
    const pending = h.store.listApprovals({ status: 'pending' });
    expect(pending).toMatchObject([{ id: out.approvalId, message: 'Refund 900?', payload: { amount: 900 } }]);
    // A restarted engine sees the same waiting state.
    const engine2 = h.restart();
    await expect(
      engine2.decide({ approvalId: out.approvalId as string, decision: 'approved', by: 'mallory' }),
    ).rejects.toThrow(/"mallory" may not decide/);
    await expect(
      engine2.decide({
        approvalId: out.approvalId as string,
        decision: 'approved',
        by: 'alice',
        payload: { amount: 'lots' },
      }),
    ).rejects.toThrow(/\$payload\.amount must be number/);
    const done = await engine2.decide({
      approvalId: out.approvalId as string,
      decision: 'approved',
      by: 'alice',
      comment: 'cap at 450',
      payload: { amount: 450 },
    });
    expect(done).toMatchObject({ status: 'completed', output: { paid: 450, by: 'alice' } });
    expect(h.store.getApproval(out.approvalId as string)).toMatchObject({
      status: 'approved',
      decidedBy: 'alice',
      edited: true,
      comment: 'cap at 450',
    });
    await expect(
      engine2.decide({ approvalId: out.approvalId as string, decision: 'rejected', by: 'bob' }),
    ).rejects.toThrow(ApprovalConflictError);
    await expect(
      engine2.decide({ approvalId: out.approvalId as string, decision: 'rejected', by: 'bob' }),
    ).rejects.toThrow(/already approved by alice/);
  });

  it('lets an approver decide by OS account under any display name, and records both', async () => {
    const h = harness();
    const out = await h.engine.start(approvalSpec(), { amount: 10 });
    const approvalId = out.approvalId as string;
    // A display name that is not on the list, from an account that is not either: refused, both named.
    await expect(h.engine.decide({ approvalId, decision: 'approved', by: 'Mal', account: 'mallory' })).rejects.toThrow(
      '"Mal" (OS account mallory) may not decide',
    );
    const done = await h.engine.decide({ approvalId, decision: 'approved', by: 'Bobby Tables', account: 'bob' });
    expect(done).toMatchObject({ status: 'completed', output: { by: 'Bobby Tables' } });
    const resolved = h.store.getEvents(out.runId, -1, 1000).find((e) => e.type === 'approval.resolved');
    expect(resolved).toMatchObject({ by: 'Bobby Tables', account: 'bob' });
  });

  it('takes the rejected branch', async () => {
    const h = harness();
    const out = await h.engine.start(approvalSpec(), { amount: 10 });
    const done = await h.engine.decide({ approvalId: out.approvalId as string, decision: 'rejected', by: 'bob' });
    expect(done).toMatchObject({ status: 'completed', output: { paid: 0 } });
  });
});

describe('engine: resume and simulation', () => {
  it('resumes after a crash without re-running completed steps, reusing the idempotency key', async () => {
    let crashed = false;
    const http = new ScriptedHttp((req, n) => {
      if (req.url.endsWith('/charge') && !crashed) {
        crashed = true;
        return hang(req); // the process "dies" while this call is in flight
      }
      return json(200, { n });
    });
    const s = spec({
      connectors: api,
      zones: open,
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        { id: 'a', type: 'tool', name: 'A', zone: 'open', config: { connector: 'api', path: '/lookup' } },
        {
          id: 'b',
          type: 'tool',
          name: 'B',
          zone: 'open',
          config: { connector: 'api', method: 'POST', path: '/charge' },
        },
        { id: 'e', type: 'end', name: 'E', config: { output: '{ "a": nodes.a.n, "b": nodes.b.n }' } },
      ],
      edges: edges('s>a, a>b, b>e'),
    });
    const h = harness({ http });
    void h.engine.start(s, {}, { runId: 'r1' });
    await new Promise((r) => setTimeout(r, 50));
    expect(h.store.getSteps('r1').map((x) => x.status)).toEqual(['completed', 'completed', 'running']);
    const out = await h.restart().resume('r1');
    expect(out).toMatchObject({ status: 'completed', output: { a: 1, b: 3 } });
    expect(http.requests.map((r) => r.url.split('/').pop())).toEqual(['lookup', 'charge', 'charge']);
    expect(http.requests[1]?.headers['idempotency-key']).toBe(http.requests[2]?.headers['idempotency-key']);
    expect(h.store.getEvents('r1').some((e) => e.type === 'run.resumed')).toBe(true);
    await expect(h.restart().resume('r1')).rejects.toThrow(RunStateError);
  });

  it('simulates with pinned outputs and refuses to call the world without them', async () => {
    const s = (pinned: boolean) =>
      spec({
        connectors: { ...api, ...model },
        nodes: [
          { id: 's', type: 'start', name: 'S' },
          {
            id: 'c',
            type: 'llm',
            name: 'C',
            config: { model: 'gpt', prompt: 'hi' },
            pinned: { output: { text: 'pinned' } },
          },
          {
            id: 't',
            type: 'tool',
            name: 'T',
            config: { connector: 'api', path: '/x' },
            ...(pinned ? { pinned: { output: { ok: 1 } } } : {}),
          },
          { id: 'e', type: 'end', name: 'E', config: { output: '[nodes.c.text, nodes.t.ok]' } },
        ],
        edges: edges('s>c, c>t, t>e'),
      });
    const h = harness();
    expect(await h.engine.start(s(true), {}, { simulate: true })).toMatchObject({
      status: 'completed',
      output: ['pinned', 1],
    });
    const out = await h.engine.start(s(false), {}, { simulate: true });
    expect(out).toMatchObject({ status: 'failed', error: { code: 'simulate.no-pinned' } });
  });
});
