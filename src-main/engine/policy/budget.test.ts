// Zone budgets: checked before each call with an estimate, after it with the actual usage,
// and rebuilt from the step log when a run continues in another process.
import { describe, expect, it } from 'vitest';
import { ScriptedLlm } from '../testing/fakes';
import { harness } from '../testing/harness';
import { eventsOf, llmChain } from '../testing/policy-specs';

const ai = (budget: object) => ({
  id: 'ai',
  name: 'AI',
  policy: { unattended: ['read' as const, 'draft' as const], budget },
});
const reply = () => new ScriptedLlm(() => 'fine');

describe('zone budgets', () => {
  it('refuses the call that would pass maxLlmCalls before making it, to the error edge', async () => {
    const llm = reply();
    const h = harness({ llm });
    const out = await h.engine.start(
      llmChain(
        [
          { id: 'a', zone: 'ai' },
          { id: 'b', zone: 'ai' },
        ],
        [ai({ maxLlmCalls: 1 })],
      ),
      { topic: 't' },
    );
    expect(out).toMatchObject({ status: 'completed', output: { fallback: true, code: 'budget' } });
    expect(llm.requests).toHaveLength(1);
    expect(eventsOf(h.store, out.runId, 'budget.exceeded')).toMatchObject([
      { nodeId: 'b', zone: 'ai', limit: 'maxLlmCalls', value: 2, max: 1, phase: 'before' },
    ]);
    expect(h.store.getSteps(out.runId).find((s) => s.nodeId === 'b')).toMatchObject({
      status: 'failed',
      error: { code: 'budget', retryable: false },
    });
  });

  it('estimates cost before the call from input length and maxTokens (1024 when unset)', async () => {
    const llm = reply();
    const h = harness({ llm });
    // 1024 output tokens at $2/MTok alone is $0.002048.
    const tight = await h.engine.start(llmChain([{ id: 'a', zone: 'ai' }], [ai({ maxCostUsd: 0.002 })]), {
      topic: 't',
    });
    expect(tight.output).toMatchObject({ code: 'budget' });
    expect(llm.requests).toHaveLength(0);
    const capped = await h.engine.start(
      llmChain([{ id: 'a', zone: 'ai', config: { maxTokens: 100 } }], [ai({ maxCostUsd: 0.002 })]),
      { topic: 't' },
    );
    expect(capped).toMatchObject({ status: 'completed', output: { text: 'fine' } });
    expect(llm.requests).toHaveLength(1);
  });

  it('stops the step after a call whose actual usage passes the budget; the usage is still recorded', async () => {
    const llm = new ScriptedLlm(() => ({
      text: 'long answer',
      usage: { inputTokens: 80, outputTokens: 70 },
      model: 'gpt-test',
    }));
    const h = harness({ llm });
    const out = await h.engine.start(
      llmChain([{ id: 'a', zone: 'ai', config: { maxTokens: 10 } }], [ai({ maxTokens: 100 })]),
      { topic: 't' },
    );
    expect(out).toMatchObject({ status: 'completed', output: { fallback: true, code: 'budget' } });
    expect(llm.requests).toHaveLength(1);
    expect(eventsOf(h.store, out.runId, 'budget.exceeded')).toMatchObject([
      { limit: 'maxTokens', value: 150, max: 100, phase: 'after' },
    ]);
    expect(eventsOf(h.store, out.runId, 'llm.call')).toMatchObject([{ usage: { inputTokens: 80, outputTokens: 70 } }]);
    expect(h.store.getSteps(out.runId).find((s) => s.nodeId === 'a')).toMatchObject({
      status: 'failed',
      usage: { llmCalls: 1, inputTokens: 80 },
    });
    expect(out.usage).toMatchObject({ llmCalls: 1, outputTokens: 70 });
  });

  it('counts steps in the zone (maxSteps) and leaves nodes outside it alone', async () => {
    const llm = reply();
    const h = harness({ llm });
    const s = llmChain(
      [{ id: 'a', zone: 'ai' }, { id: 'free' }, { id: 'b', zone: 'ai' }, { id: 'c', zone: 'ai' }],
      [ai({ maxSteps: 2 })],
    );
    const out = await h.engine.start(s, { topic: 't' });
    expect(out.output).toMatchObject({ code: 'budget' });
    expect(llm.requests.map((r) => r.messages[0]?.content)).toEqual([
      'step a for t',
      'step free for t',
      'step b for t',
    ]);
    expect(eventsOf(h.store, out.runId, 'budget.exceeded')).toMatchObject([
      { nodeId: 'c', limit: 'maxSteps', value: 3, max: 2 },
    ]);
  });

  it('rebuilds the spend from the step log after a restart, so a resumed run cannot overspend', async () => {
    const llm = reply();
    const h = harness({ llm });
    const gate = { id: 'gate', type: 'approval', name: 'Gate', config: { message: 'go on?' } };
    const s = llmChain(
      [
        { id: 'a', zone: 'ai' },
        { id: 'b', zone: 'ai' },
        { id: 'c', zone: 'ai' },
      ],
      [ai({ maxLlmCalls: 2 })],
      [{ after: 'a', node: gate }],
    );
    const parked = await h.engine.start(s, { topic: 't' });
    expect(parked.status).toBe('waiting');
    expect(llm.requests).toHaveLength(1);
    // A new process: nothing in memory but the store.
    const out = await h
      .restart({ llm })
      .decide({ approvalId: parked.approvalId as string, decision: 'approved', by: 'ann' });
    expect(out).toMatchObject({ status: 'completed', output: { fallback: true, code: 'budget' } });
    expect(llm.requests).toHaveLength(2);
    expect(eventsOf(h.store, out.runId, 'budget.exceeded')).toMatchObject([
      { nodeId: 'c', limit: 'maxLlmCalls', value: 3, max: 2 },
    ]);
    // Every call was re-checked in the resumed run too.
    expect(eventsOf(h.store, out.runId, 'policy.checked').map((e) => e.nodeId)).toEqual(['a', 'b', 'c']);
  });

  it('checks wall time since the run started', async () => {
    const llm = reply();
    const h = harness({ llm });
    const gate = { id: 'gate', type: 'approval', name: 'Gate', config: { message: 'go on?' } };
    const s = llmChain(
      [{ id: 'a' }, { id: 'b', zone: 'ai' }],
      [ai({ maxWallTimeMs: 20 })],
      [{ after: 'a', node: gate }],
    );
    const parked = await h.engine.start(s, { topic: 't' });
    await new Promise((r) => setTimeout(r, 40));
    const out = await h.engine.decide({ approvalId: parked.approvalId as string, decision: 'approved', by: 'ann' });
    expect(out.output).toMatchObject({ code: 'budget' });
    expect(eventsOf(h.store, out.runId, 'budget.exceeded')).toMatchObject([
      { nodeId: 'b', limit: 'maxWallTimeMs', max: 20 },
    ]);
    expect(llm.requests).toHaveLength(1);
  });
});
