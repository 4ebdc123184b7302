import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import { emptyRunState, markSkipped, reduceRun, takenKey, caughtCount } from './run-state';

const at = '2026-01-01T00:00:00.000Z';
let seq = 0;
const ev = (e: Record<string, unknown>): EngineEvent => ({ runId: 'r1', seq: seq++, at, ...e }) as EngineEvent;
const U = { inputTokens: 10, outputTokens: 5, costUsd: 0.002, llmCalls: 1 };

describe('reduceRun', () => {
  it('walks node states through a run and records taken edges', () => {
    seq = 0;
    const events = [
      ev({ type: 'run.started', specId: 'w', specName: 'W', input: {}, simulate: true }),
      ev({ type: 'step.started', stepIdx: 0, nodeId: 'a', nodeType: 'llm', attempt: 1 }),
      ev({
        type: 'step.retried',
        stepIdx: 0,
        nodeId: 'a',
        attempt: 1,
        error: { code: 'timeout', message: 't', retryable: true },
        delayMs: 10,
      }),
      ev({
        type: 'step.completed',
        stepIdx: 0,
        nodeId: 'a',
        port: 'next',
        output: 1,
        latencyMs: 42,
        attempts: 2,
        usage: U,
        nextNodeId: 'b',
      }),
    ];
    let s = emptyRunState('r1');
    const states: string[] = [];
    for (const e of events) {
      s = reduceRun(s, e);
      states.push(s.nodes.a?.status ?? '-');
    }
    expect(states).toEqual(['-', 'running', 'retrying', 'succeeded']);
    expect(s.nodes.a).toMatchObject({ latencyMs: 42, attempt: 2, usage: U, runs: 1 });
    expect(s.nodes.b?.status).toBe('queued');
    expect(s.taken[takenKey('a', 'next')]).toBe(true);
    expect(s.simulate).toBe(true);
    expect(s.usage.costUsd).toBe(0.002);
  });

  it('replaces only the node an event is about (one status change re-renders one node)', () => {
    seq = 0;
    let s = reduceRun(
      emptyRunState('r1'),
      ev({ type: 'step.started', stepIdx: 0, nodeId: 'a', nodeType: 'start', attempt: 1 }),
    );
    s = reduceRun(
      s,
      ev({
        type: 'step.completed',
        stepIdx: 0,
        nodeId: 'a',
        port: 'next',
        output: 1,
        latencyMs: 1,
        attempts: 1,
        nextNodeId: 'b',
      }),
    );
    const a = s.nodes.a;
    s = reduceRun(s, ev({ type: 'step.started', stepIdx: 1, nodeId: 'b', nodeType: 'llm', attempt: 1 }));
    expect(s.nodes.a).toBe(a);
  });

  it('ignores duplicate and other-run events', () => {
    seq = 5;
    const e = ev({ type: 'step.started', stepIdx: 0, nodeId: 'a', nodeType: 'start', attempt: 1 });
    const s = reduceRun(emptyRunState('r1'), e);
    expect(reduceRun(s, e)).toBe(s);
    expect(reduceRun(s, { ...e, runId: 'other', seq: 9 })).toBe(s);
  });

  it('shows waiting, paused, failed-and-handled, finished; unreached nodes become skipped', () => {
    seq = 0;
    let s = emptyRunState('r1');
    for (const e of [
      ev({ type: 'run.paused', nodeId: 'a', stepIdx: 0, reason: 'breakpoint' }),
      ev({ type: 'run.resumed', fromStep: 0 }),
      ev({ type: 'step.started', stepIdx: 0, nodeId: 'a', nodeType: 'tool', attempt: 1 }),
      ev({
        type: 'step.failed',
        stepIdx: 0,
        nodeId: 'a',
        error: { code: 'http.status', message: '500', retryable: true },
        attempts: 3,
        latencyMs: 9,
        handled: true,
        nextNodeId: 'h',
      }),
      ev({ type: 'step.started', stepIdx: 1, nodeId: 'h', nodeType: 'approval', attempt: 1 }),
      ev({
        type: 'approval.requested',
        stepIdx: 1,
        nodeId: 'h',
        approvalId: 'ap',
        message: 'm',
        payload: {},
        approvers: [],
        reason: 'gate',
      }),
      ev({ type: 'run.waiting', approvalId: 'ap', nodeId: 'h' }),
    ]) {
      s = reduceRun(s, e);
      if (e.type === 'run.paused') expect([s.status, s.nodes.a?.status]).toEqual(['paused', 'paused']);
    }
    expect(s.nodes.a?.status).toBe('failed');
    expect(s.nodes.a?.caught).toBe(true);
    expect(caughtCount(s)).toBe(1);
    expect(s.taken[takenKey('a', 'error')]).toBe(true);
    expect([s.status, s.nodes.h?.status, s.waitingApproval]).toEqual(['waiting', 'waiting', 'ap']);
    s = reduceRun(s, ev({ type: 'run.finished', status: 'failed', durationMs: 3, usage: U }));
    s = markSkipped(s, ['a', 'h', 'z']);
    expect(s.nodes.z?.status).toBe('skipped');
    expect(s.nodes.h?.status).toBe('waiting');
  });
});

describe('seedReused', () => {
  it('marks a fork’s reused steps done, with their edges taken', async () => {
    const { seedReused } = await import('./run-state');
    const Z = { inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0 };
    const s = seedReused(
      emptyRunState('f'),
      [
        {
          idx: 0,
          nodeId: 'a',
          status: 'completed',
          attempts: 1,
          port: 'next',
          nextNodeId: 'b',
          usage: Z,
          latencyMs: 3,
        },
        { idx: 1, nodeId: 'b', status: 'completed', attempts: 1, port: 'branch:x', nextNodeId: 'c', usage: Z },
        { idx: 2, nodeId: 'c', status: 'completed', attempts: 1, port: 'next', usage: Z },
      ],
      1,
    );
    expect([s.nodes.a?.status, s.nodes.a?.reused, s.nodes.b?.status, s.nodes.c]).toEqual([
      'succeeded',
      true,
      'succeeded',
      undefined,
    ]);
    expect(Object.keys(s.taken)).toEqual([takenKey('a', 'next'), takenKey('b', 'branch:x')]);
  });
});
