/**
 * A synthetic run with a very large trace for the trace-panel benchmark: a bounded loop of
 * LLM steps, each step one span with one LLM-call child, written straight into a SQLite
 * run database in one transaction (running 50,000 real steps would measure the engine, not
 * the panel).
 */
import type { EngineEvent } from '../shared/events';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';

const ZERO = { inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0 };

export const TRACE_SPEC = {
  specVersion: 1 as const,
  id: 'bench-trace',
  name: 'Trace benchmark',
  nodes: [
    { id: 'start', type: 'start', name: 'Start', position: { x: 0, y: 0 }, config: {} },
    { id: 'think', type: 'transform', name: 'Think', position: { x: 280, y: 0 }, config: { expression: '1' } },
    { id: 'end', type: 'end', name: 'End', position: { x: 560, y: 0 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'think', kind: 'next' as const },
    { id: 'e2', source: 'think', target: 'end', kind: 'next' as const },
  ],
  zones: [],
};

/** Writes run `runId` with `spans` trace spans (+1 for the run) into the database at `dbPath`. */
export function writeBigTrace(dbPath: string, runId: string, spans: number): void {
  const store = new SqliteCheckpointStore({ path: dbPath });
  const t0 = Date.parse('2026-01-01T00:00:00.000Z');
  const at = (ms: number) => new Date(t0 + ms).toISOString();
  const events: EngineEvent[] = [];
  let seq = 0;
  const base = { runId };
  events.push({
    ...base,
    seq: seq++,
    at: at(0),
    type: 'run.started',
    specId: TRACE_SPEC.id,
    specName: TRACE_SPEC.name,
    input: {},
    simulate: true,
  });
  const steps = Math.floor(spans / 2);
  const usage = { inputTokens: 120, outputTokens: 40, costUsd: 0.00004, llmCalls: 1 };
  for (let i = 0; i < steps; i++) {
    const s = i * 10;
    const nodeId = 'think';
    events.push({
      ...base,
      seq: seq++,
      at: at(s),
      type: 'step.started',
      stepIdx: i,
      nodeId,
      nodeType: 'llm',
      attempt: 1,
    });
    events.push({
      ...base,
      seq: seq++,
      at: at(s + 8),
      type: 'llm.call',
      stepIdx: i,
      nodeId,
      attempt: 1,
      provider: 'openai',
      model: 'gpt-4o-mini',
      request: { prompt: `step ${i}` },
      response: { text: `answer ${i}` },
      usage,
      latencyMs: 7,
    });
    events.push({
      ...base,
      seq: seq++,
      at: at(s + 9),
      type: 'step.completed',
      stepIdx: i,
      nodeId,
      port: 'next',
      output: { i },
      latencyMs: 9,
      attempts: 1,
      usage,
      ...(i + 1 < steps ? { nextNodeId: nodeId } : { nextNodeId: 'end' }),
    });
  }
  const end = steps * 10;
  events.push({
    ...base,
    seq: seq++,
    at: at(end),
    type: 'run.finished',
    status: 'completed',
    durationMs: end,
    usage: ZERO,
    output: { ok: true },
  });
  store.createRun(
    {
      id: runId,
      specId: TRACE_SPEC.id,
      specName: TRACE_SPEC.name,
      spec: TRACE_SPEC as never,
      input: {},
      status: 'completed',
      simulate: true,
      trigger: 'bench',
      createdAt: t0,
      updatedAt: t0 + end,
      endedAt: t0 + end,
      usage: ZERO,
      stepCount: 0,
      nextSeq: seq,
    },
    events,
  );
  store.close();
}
