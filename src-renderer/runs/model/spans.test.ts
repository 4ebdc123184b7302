import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import { appendEvents, emptyTree, hasChildren, visibleRows } from './spans';

let seq = 0;
const t0 = Date.parse('2026-01-01T00:00:00.000Z');
const ev = (ms: number, e: Record<string, unknown>): EngineEvent =>
  ({ runId: 'r', seq: seq++, at: new Date(t0 + ms).toISOString(), ...e }) as EngineEvent;

function sample(): EngineEvent[] {
  seq = 0;
  return [
    ev(0, { type: 'run.started', specId: 'w', specName: 'Refunds', input: {}, simulate: false }),
    ev(1, { type: 'step.started', stepIdx: 0, nodeId: 'classify', nodeType: 'llm', attempt: 1 }),
    ev(300, {
      type: 'step.retried',
      stepIdx: 0,
      nodeId: 'classify',
      attempt: 1,
      error: { code: 'timeout', message: 'slow', retryable: true },
      delayMs: 100,
    }),
    ev(900, {
      type: 'llm.call',
      stepIdx: 0,
      nodeId: 'classify',
      attempt: 2,
      provider: 'openai',
      model: 'gpt-4o-mini',
      request: {},
      response: {},
      usage: { inputTokens: 100, outputTokens: 20, costUsd: 0.001, llmCalls: 1 },
      latencyMs: 500,
    }),
    ev(901, {
      type: 'step.completed',
      stepIdx: 0,
      nodeId: 'classify',
      port: 'next',
      output: {},
      latencyMs: 900,
      attempts: 2,
      usage: { inputTokens: 100, outputTokens: 20, costUsd: 0.001, llmCalls: 1 },
      nextNodeId: 'lookup',
    }),
    ev(902, { type: 'step.started', stepIdx: 1, nodeId: 'lookup', nodeType: 'tool', attempt: 1 }),
    ev(950, {
      type: 'http.call',
      stepIdx: 1,
      nodeId: 'lookup',
      attempt: 1,
      method: 'GET',
      url: 'http://x/orders/1?a=1',
      status: 200,
      latencyMs: 40,
      idempotencyKey: 'k',
    }),
    ev(951, {
      type: 'step.completed',
      stepIdx: 1,
      nodeId: 'lookup',
      port: 'next',
      output: {},
      latencyMs: 49,
      attempts: 1,
    }),
    ev(960, {
      type: 'run.finished',
      status: 'completed',
      durationMs: 960,
      usage: { inputTokens: 100, outputTokens: 20, costUsd: 0.001, llmCalls: 1 },
    }),
  ];
}

describe('span tree', () => {
  it('builds run → step → call / retry spans in pre-order with depths and times', () => {
    const t = appendEvents(emptyTree(), sample(), (id) => id.toUpperCase());
    expect(t.spans.map((s) => [s.kind, s.depth, s.label])).toEqual([
      ['run', 0, 'Refunds'],
      ['step', 1, 'CLASSIFY'],
      ['retry', 2, 'Attempt 1 failed'],
      ['llm', 2, 'LLM gpt-4o-mini'],
      ['step', 1, 'LOOKUP'],
      ['http', 2, 'GET /orders/1?a=1'],
    ]);
    const [run, classify, , llm] = t.spans;
    expect(run).toMatchObject({
      status: 'ok',
      startMs: t0,
      endMs: t0 + 960,
      firstSeq: 0,
      lastSeq: 8,
      costUsd: 0.001,
      tokens: 120,
    });
    expect(classify).toMatchObject({
      status: 'ok',
      attempt: 2,
      startMs: t0 + 1,
      endMs: t0 + 901,
      firstSeq: 1,
      lastSeq: 4,
    });
    expect(llm).toMatchObject({ startMs: t0 + 400, endMs: t0 + 900, tokens: 120 });
    expect(t.byNode.get('lookup')).toBe(4);
  });

  it('appends incrementally to the same result', () => {
    const all = sample();
    const whole = appendEvents(emptyTree(), all);
    const parts = emptyTree();
    for (const e of all) appendEvents(parts, [e]);
    expect(parts.spans).toEqual(whole.spans);
  });

  it('keeps pre-order when a step continues after a resume marker', () => {
    seq = 0;
    const t = appendEvents(emptyTree(), [
      ev(0, { type: 'run.started', specId: 'w', specName: 'W', input: {}, simulate: false }),
      ev(1, { type: 'step.started', stepIdx: 0, nodeId: 'pay', nodeType: 'tool', attempt: 1 }),
      ev(2, { type: 'run.resumed', fromStep: 0 }),
      ev(3, { type: 'step.started', stepIdx: 0, nodeId: 'pay', nodeType: 'tool', attempt: 2 }),
      ev(4, {
        type: 'http.call',
        stepIdx: 0,
        nodeId: 'pay',
        attempt: 2,
        method: 'POST',
        url: 'http://x/pay',
        status: 200,
        latencyMs: 1,
        idempotencyKey: 'k',
      }),
    ]);
    expect(t.spans.map((s) => [s.kind, s.depth])).toEqual([
      ['run', 0],
      ['step', 1],
      ['resume', 1],
      ['step', 1],
      ['http', 2],
    ]);
    expect(new Set(t.spans.map((s) => s.id)).size).toBe(5);
    expect([t.spans[1]?.status, t.spans[1]?.detail]).toEqual(['info', 'tool · interrupted']);
  });

  it('collapsing hides descendants only', () => {
    const t = appendEvents(emptyTree(), sample());
    expect(visibleRows(t.spans, new Set())).toHaveLength(6);
    expect(visibleRows(t.spans, new Set([1]))).toEqual([0, 1, 4, 5]);
    expect(visibleRows(t.spans, new Set([0]))).toEqual([0]);
    expect([hasChildren(t.spans, 1), hasChildren(t.spans, 3)]).toEqual([true, false]);
  });
});
