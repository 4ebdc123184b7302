import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import { appendEvents, emptyTree } from '../model/spans';
import { spanFacts } from './span-facts';

let seq = 0;
const ev = (e: Record<string, unknown>): EngineEvent =>
  ({ runId: 'r', seq: seq++, at: '2026-01-01T00:00:00.000Z', ...e }) as EngineEvent;

describe('spanFacts', () => {
  it('aggregates a step: the step’s own figures win over its calls’, prompt and response become blocks', () => {
    seq = 0;
    const events = [
      ev({ type: 'step.started', stepIdx: 0, nodeId: 'c', nodeType: 'llm', attempt: 1, idempotencyKey: 'k' }),
      ev({
        type: 'llm.call',
        stepIdx: 0,
        nodeId: 'c',
        attempt: 1,
        provider: 'openai',
        model: 'm',
        request: { prompt: 'p' },
        response: { text: 't' },
        usage: { inputTokens: 5, outputTokens: 2, costUsd: 0.001, llmCalls: 1 },
        latencyMs: 40,
      }),
      ev({ type: 'decision.taken', stepIdx: 0, nodeId: 'c', branch: 'b', ruleIndex: null, rationale: 'no rule held' }),
      ev({
        type: 'step.completed',
        stepIdx: 0,
        nodeId: 'c',
        port: 'next',
        output: { ok: 1 },
        latencyMs: 50,
        attempts: 1,
        usage: { inputTokens: 5, outputTokens: 2, costUsd: 0.001, llmCalls: 1 },
      }),
    ];
    const tree = appendEvents(emptyTree(), events);
    const step = tree.spans.find((s) => s.kind === 'step')!;
    const f = spanFacts(step, events);
    expect(f.facts.find((x) => x.label === 'Latency')?.value).toBe('50 ms');
    expect(f.facts.find((x) => x.label === 'Model')?.value).toBe('openai · m');
    expect(f.blocks.map((b) => b.label)).toEqual(['Prompt', 'Response', 'Output']);
    expect(f.notes).toEqual(['Why: no rule held']);
    expect(f.output).toEqual({ ok: 1 });
  });

  it('shows a child span’s own event only, with the error and its cause', () => {
    seq = 0;
    const events = [
      ev({ type: 'step.started', stepIdx: 0, nodeId: 'h', nodeType: 'tool', attempt: 1 }),
      ev({
        type: 'step.retried',
        stepIdx: 0,
        nodeId: 'h',
        attempt: 1,
        error: { code: 'http.status', message: '503', retryable: true, detail: { body: 'busy' } },
        delayMs: 200,
      }),
    ];
    const tree = appendEvents(emptyTree(), events);
    const retry = tree.spans.find((s) => s.kind === 'retry')!;
    const f = spanFacts(retry, events);
    expect(f.error).toEqual({ code: 'http.status', message: '503', cause: { body: 'busy' } });
    expect(f.facts.map((x) => x.label)).toEqual(['Attempt', 'Retry after']);
  });
});
