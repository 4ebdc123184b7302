// Enforcement before every call: allow, automatic approval gates (approve the same call,
// edits validated, reject → error edge), forbid (error edge or run failure), allow-lists.
import { describe, expect, it } from 'vitest';
import { RunStateError } from '../errors';
import { InputInvalidError } from '../errors';
import { json, ScriptedHttp, ScriptedLlm } from '../testing/fakes';
import { harness } from '../testing/harness';
import { BASE_URL, eventsOf, llmChain, toolFlow } from '../testing/policy-specs';

const ok = () => new ScriptedHttp((req) => json(200, { ok: true, got: req.body ? JSON.parse(req.body) : null }));
const payments = (policy: object) => ({ id: 'payments', name: 'Payments', policy });

describe('policy: allowed calls', () => {
  it('runs a read call outside every zone, with the check committed before the call', async () => {
    let checkedBeforeCall = false;
    const h = harness();
    const http = new ScriptedHttp(() => {
      checkedBeforeCall = eventsOf(h.store, 'r1', 'policy.checked').length === 1;
      return json(200, { ok: true });
    });
    const out = await h
      .restart({ http })
      .start(toolFlow({ risk: 'read', method: 'GET' }), { amount: 5 }, { runId: 'r1' });
    expect(out).toMatchObject({ status: 'completed', output: { ok: true } });
    expect(checkedBeforeCall).toBe(true);
    expect(eventsOf(h.store, 'r1', 'policy.checked')).toMatchObject([
      {
        nodeId: 'call',
        stepIdx: 1,
        call: 'http',
        connector: 'api',
        riskClass: 'read',
        decision: 'allow',
        zone: null,
        rule: expect.stringContaining('default policy'),
      },
    ]);
  });

  it('counts a call by what its method does: a POST or DELETE declared "read" is not read', async () => {
    for (const [method, floor] of [
      ['POST', 'write'],
      ['DELETE', 'destructive'],
    ] as const) {
      const http = ok();
      const h = harness({ http });
      const out = await h.engine.start(toolFlow({ connectorRisk: 'read', method }), { amount: 5 });
      expect(out.status, method).toBe('waiting');
      expect(http.requests).toHaveLength(0);
      const checked = eventsOf(h.store, out.runId, 'policy.checked');
      expect(checked).toMatchObject([{ riskClass: floor, decision: 'approval' }]);
      expect(checked[0]?.rule).toContain(`a ${method} `);
      expect(checked[0]?.rule).toContain('the declared "read" on connector "api" is below that');
    }
    // A declaration above the floor stands.
    const h = harness({ http: ok() });
    const z = { id: 'pay', name: 'Pay', policy: { unattended: ['financial' as const], approval: [], forbidden: [] } };
    expect((await h.engine.start(toolFlow({ risk: 'financial', zone: z }), { amount: 5 })).status).toBe('completed');
  });

  it('runs a financial call unattended in a zone that allows it', async () => {
    const http = ok();
    const h = harness({ http });
    const out = await h.engine.start(
      toolFlow({ risk: 'financial', zone: payments({ unattended: ['read', 'financial'] }) }),
      { amount: 5 },
    );
    expect(out).toMatchObject({ status: 'completed', output: { got: { amount: 5 } } });
    expect(eventsOf(h.store, out.runId, 'policy.checked')[0]).toMatchObject({
      decision: 'allow',
      zone: 'payments',
      riskClass: 'financial',
    });
  });
});

describe('policy: automatic approval gates', () => {
  const schema = {
    type: 'object',
    properties: { amount: { type: 'number', maximum: 100 } },
    required: ['amount'],
    additionalProperties: false,
  };

  it('parks before the call with the exact action, and the same call proceeds when approved', async () => {
    const http = ok();
    const h = harness({ http });
    const out = await h.engine.start(toolFlow({ risk: 'write' }), { amount: 80 }, { runId: 'r1' });
    expect(out).toMatchObject({ status: 'waiting', approvalId: 'apr_r1_1' });
    expect(http.requests).toHaveLength(0);
    const a = h.store.getApproval('apr_r1_1');
    expect(a).toMatchObject({
      nodeId: 'call',
      reason: expect.stringMatching(
        /^policy: risk "write" \(set on the node\): the default policy .* requires approval for "write"/,
      ),
      payload: { kind: 'http', connector: 'api', method: 'POST', url: `${BASE_URL}/refunds`, body: { amount: 80 } },
    });
    expect(eventsOf(h.store, 'r1', 'policy.checked')).toMatchObject([{ decision: 'approval' }]);
    const done = await h.restart({ http }).decide({ approvalId: 'apr_r1_1', decision: 'approved', by: 'alice' });
    expect(done).toMatchObject({ status: 'completed', output: { got: { amount: 80 } } });
    expect(http.requests.map((r) => [r.method, r.url, r.body, r.headers['idempotency-key']])).toEqual([
      ['POST', `${BASE_URL}/refunds`, '{"amount":80}', 'wm-r1-1'],
    ]);
    expect(eventsOf(h.store, 'r1', 'policy.checked').at(-1)).toMatchObject({
      decision: 'approval',
      approvalId: 'apr_r1_1',
    });
  });

  it('sends an approver’s edited body, validated against the request schema; method and URL cannot change', async () => {
    const http = ok();
    const h = harness({ http });
    const out = await h.engine.start(
      toolFlow({ risk: 'financial', requestSchema: schema }),
      { amount: 80 },
      { runId: 'r1' },
    );
    const a = h.store.getApproval(out.approvalId as string);
    const base = a?.payload as Record<string, unknown>;
    const decide = (payload: unknown) =>
      h.engine.decide({ approvalId: 'apr_r1_1', decision: 'approved', by: 'alice', payload });
    await expect(decide({ ...base, body: { amount: 500 } })).rejects.toThrow(/\$payload\.body\.amount must be <= 100/);
    await expect(decide({ ...base, url: 'http://evil.example/steal' })).rejects.toThrow(InputInvalidError);
    await expect(decide({ ...base, method: 'DELETE' })).rejects.toThrow(InputInvalidError);
    expect(http.requests).toHaveLength(0);
    const done = await decide({ ...base, body: { amount: 50 } });
    expect(done).toMatchObject({ status: 'completed', output: { got: { amount: 50 } } });
    expect(http.requests.map((r) => [r.url, r.body])).toEqual([[`${BASE_URL}/refunds`, '{"amount":50}']]);
    expect(h.store.getApproval('apr_r1_1')).toMatchObject({ edited: true, decidedPayload: { body: { amount: 50 } } });
  });

  it('one approval covers the retries of the same call', async () => {
    const http = new ScriptedHttp((_, n) => (n === 1 ? json(503, {}) : json(200, { ok: n })));
    const h = harness({ http });
    const out = await h.engine.start(
      toolFlow({
        risk: 'write',
        retry: { maxAttempts: 3, initialDelayMs: 1, backoffMultiplier: 1, maxDelayMs: 5, jitter: 0 },
      }),
      { amount: 1 },
      { runId: 'r1' },
    );
    const done = await h.engine.decide({ approvalId: out.approvalId as string, decision: 'approved', by: 'ann' });
    expect(done).toMatchObject({ status: 'completed', output: { ok: 2 } });
    expect(http.requests).toHaveLength(2);
    expect(h.store.listApprovals({ runId: 'r1' })).toHaveLength(1);
    expect(eventsOf(h.store, 'r1', 'policy.checked').filter((e) => e.approvalId === 'apr_r1_1')).toHaveLength(2);
  });

  it('a rejection fails the step with policy.rejected to its error edge, or fails the run', async () => {
    const http = ok();
    const h = harness({ http });
    const out = await h.engine.start(toolFlow({ risk: 'write' }), { amount: 1 });
    const done = await h.engine.decide({
      approvalId: out.approvalId as string,
      decision: 'rejected',
      by: 'bob',
      comment: 'not today',
    });
    expect(done).toMatchObject({
      status: 'completed',
      output: { fallback: true, code: 'policy.rejected', message: expect.stringContaining('bob rejected this call') },
    });
    const h2 = harness({ http });
    const out2 = await h2.engine.start(toolFlow({ risk: 'write', errorEdge: false }), { amount: 1 });
    const done2 = await h2.engine.decide({ approvalId: out2.approvalId as string, decision: 'rejected', by: 'bob' });
    expect(done2).toMatchObject({ status: 'failed', error: { code: 'policy.rejected', retryable: false } });
    expect(http.requests).toHaveLength(0);
    expect(eventsOf(h2.store, out2.runId, 'http.call')).toHaveLength(0);
  });

  it('uses the zone’s approvers, and nobody may decide as system:', async () => {
    const h = harness({ http: ok() });
    const out = await h.engine.start(
      toolFlow({
        risk: 'write',
        zone: payments({ unattended: ['read'], approval: ['write'], approvals: { approvers: ['ann'] } }),
      }),
      { amount: 1 },
    );
    expect(h.store.getApproval(out.approvalId as string)?.approvers).toEqual(['ann']);
    await expect(
      h.engine.decide({ approvalId: out.approvalId as string, decision: 'approved', by: 'bob' }),
    ).rejects.toThrow(/"bob" may not decide/);
    await expect(
      h.engine.decide({ approvalId: out.approvalId as string, decision: 'approved', by: 'system:timeout' }),
    ).rejects.toThrow(RunStateError);
    expect(
      await h.engine.decide({ approvalId: out.approvalId as string, decision: 'approved', by: 'ann' }),
    ).toMatchObject({ status: 'completed' });
  });

  it('gates an LLM call by its zone; edited messages are sent and cover the repair call', async () => {
    const llm = new ScriptedLlm((_, n) => (n === 1 ? 'not json' : '{"ok": true}'));
    const h = harness({ llm });
    const zone = {
      id: 'review',
      name: 'Review',
      policy: { unattended: ['read' as const], approval: ['draft' as const] },
    };
    const s = llmChain(
      [{ id: 'a', zone: 'review', config: { outputSchema: { type: 'object', required: ['ok'] } } }],
      [zone],
    );
    const out = await h.engine.start(s, { topic: 'refunds' });
    expect(out.status).toBe('waiting');
    const a = h.store.getApproval(out.approvalId as string);
    expect(a?.payload).toMatchObject({
      kind: 'llm',
      connector: 'gpt',
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'step a for refunds' }],
    });
    await expect(
      h.engine.decide({
        approvalId: a?.id as string,
        decision: 'approved',
        by: 'x',
        payload: { ...(a?.payload as object), model: 'gpt-big' },
      }),
    ).rejects.toThrow(InputInvalidError);
    const done = await h.engine.decide({
      approvalId: a?.id as string,
      decision: 'approved',
      by: 'x',
      payload: { ...(a?.payload as object), messages: [{ role: 'user', content: 'edited prompt' }] },
    });
    expect(done).toMatchObject({ status: 'completed', output: { ok: true } });
    expect(llm.requests.map((r) => r.messages.map((m) => m.content))).toEqual([
      ['edited prompt'],
      ['edited prompt', 'not json', expect.stringContaining('does not match')],
    ]);
    expect(h.store.listApprovals({ runId: out.runId })).toHaveLength(1);
  });
});

describe('policy: forbidden calls', () => {
  it('never sends a forbidden call: error edge when there is one, else the run fails', async () => {
    const http = ok();
    const h = harness({ http });
    const zone = payments({ unattended: ['read'], forbidden: ['destructive'] });
    // No risk anywhere: unknown counts as destructive.
    const out = await h.engine.start(toolFlow({ zone }), { amount: 1 });
    expect(out).toMatchObject({
      status: 'completed',
      output: { fallback: true, code: 'policy', message: expect.stringContaining('no risk class declared') },
    });
    expect(eventsOf(h.store, out.runId, 'policy.checked')).toMatchObject([
      { decision: 'forbid', riskClass: 'destructive', zone: 'payments' },
    ]);
    const failed = await h.engine.start(toolFlow({ zone, errorEdge: false }), { amount: 1 });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'policy', retryable: false } });
    expect(http.requests).toHaveLength(0);
  });

  it('forbids a connector missing from the zone’s allow-list, and one using a secret missing from its secrets list', async () => {
    const http = ok();
    const h = harness({ http });
    const other = { other: { kind: 'http' as const, baseUrl: 'http://127.0.0.1:9/other', risk: 'read' as const } };
    const out = await h.engine.start(
      toolFlow({ risk: 'read', connectors: other, zone: payments({ unattended: ['read'], connectors: ['other'] }) }),
      { amount: 1 },
    );
    expect(out.output).toMatchObject({
      code: 'policy',
      message: expect.stringContaining('not in zone "payments"\'s connector allow-list'),
    });
    const secretive = {
      api: { kind: 'http' as const, baseUrl: BASE_URL, headers: { authorization: { secret: 'API_TOKEN' } } },
    };
    const out2 = await h.engine.start(
      toolFlow({
        risk: 'read',
        connectors: secretive,
        secrets: [{ name: 'API_TOKEN' }],
        zone: payments({ unattended: ['read'], secrets: [] }),
      }),
      { amount: 1 },
    );
    expect(out2.output).toMatchObject({ code: 'policy', message: expect.stringContaining('secret "API_TOKEN"') });
    expect(http.requests).toHaveLength(0);
  });

  it('simulation makes no call, so a pinned forbidden node completes with its pinned output', async () => {
    const h = harness({ http: ok() });
    const s = toolFlow({ zone: payments({ forbidden: ['destructive'] }) });
    (s.nodes[1] as { pinned?: unknown }).pinned = { output: { pinned: true } };
    const out = await h.engine.start(s, { amount: 1 }, { simulate: true });
    expect(out).toMatchObject({ status: 'completed', output: { pinned: true } });
    expect(eventsOf(h.store, out.runId, 'policy.checked')).toHaveLength(0);
  });
});
