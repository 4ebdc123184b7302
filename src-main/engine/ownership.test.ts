// Run ownership in the engine (one driver per run: run-claims.ts), cancellation in every
// state, retries that survive a crash without burning an attempt, and the spend of a step
// interrupted mid-way counted after it resumes.
import { describe, expect, it } from 'vitest';
import { MemoryCheckpointStore } from './memory-store';
import { LeaseLostError, RunOwnedError } from './lease';
import { builtinRegistry } from './nodes';
import { Engine } from './engine';
import type { HttpPort, LlmPort } from './ports';
import {
  hang,
  json,
  mapSecrets,
  noLlm,
  RecordingClock,
  ScriptedHttp,
  ScriptedLlm,
  SeededRandom,
} from './testing/fakes';
import { edges, harness, spec } from './testing/harness';
import { eventsOf, llmChain, toolFlow } from './testing/policy-specs';
import type { CheckpointStore } from './store';

/** An engine of its own (a process of its own) over `store`. */
function engineOn(store: CheckpointStore, name: string, o: { http?: HttpPort; llm?: LlmPort; ttlMs?: number } = {}) {
  return new Engine({
    store,
    registry: builtinRegistry(),
    http: o.http ?? new ScriptedHttp(() => json(200, { ok: true })),
    llm: o.llm ?? noLlm,
    secrets: mapSecrets({}),
    clock: new RecordingClock(),
    random: new SeededRandom(),
    lease: { owner: { id: `own_${name}`, label: `process ${name}` }, ...(o.ttlMs ? { ttlMs: o.ttlMs } : {}) },
  });
}

const fastRetry = { maxAttempts: 3, initialDelayMs: 150, backoffMultiplier: 1, maxDelayMs: 150, jitter: 0 };
const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('run ownership', () => {
  it('a run driven by one engine is refused to another, naming its owner', async () => {
    const store = new MemoryCheckpointStore();
    const a = engineOn(store, 'a', { http: { request: hang } });
    void a.start(toolFlow({ risk: 'read', method: 'GET' }), { amount: 1 }, { runId: 'r1' }).catch(() => undefined);
    await until(() => store.getSteps('r1').some((s) => s.status === 'running'));
    const b = engineOn(store, 'b');
    await expect(b.resume('r1')).rejects.toThrow(RunOwnedError);
    await expect(b.resume('r1')).rejects.toThrow(/run r1 is being driven by process a, driving it for/);
    expect(b.drivenElsewhere(store.getRun('r1')!)?.owner.label).toBe('process a');
  });

  it('takes over a run whose lease expired, on the record', async () => {
    const store = new MemoryCheckpointStore();
    const a = engineOn(store, 'a', { http: { request: hang }, ttlMs: 40 });
    void a.start(toolFlow({ risk: 'read', method: 'GET' }), { amount: 1 }, { runId: 'r1' }).catch(() => undefined);
    await until(() => store.getSteps('r1').some((s) => s.status === 'running'));
    await new Promise((r) => setTimeout(r, 60)); // a is stuck in its call and never renews
    const b = engineOn(store, 'b');
    const out = await b.resume('r1');
    expect(out.status).toBe('completed');
    expect(eventsOf(store, 'r1', 'run.taken-over')).toMatchObject([
      { previousOwner: 'process a', owner: 'process b', reason: 'expired' },
    ]);
    // The engine that stalled cannot write over the one that took over (fencing).
    a.cancel('r1');
    await until(() => !store.getRun('r1')?.lease);
    expect(store.getRun('r1')?.status).toBe('completed');
  });

  it("fences a stalled owner's commits after a take-over", async () => {
    const store = new MemoryCheckpointStore();
    let release!: () => void;
    const slow = { request: () => new Promise<never>((_, reject) => (release = () => reject(new Error('late')))) };
    const a = engineOn(store, 'a', { http: slow, ttlMs: 30 });
    const first = a.start(toolFlow({ risk: 'read', method: 'GET' }), { amount: 1 }, { runId: 'r1' });
    await until(() => store.getSteps('r1').some((s) => s.status === 'running'));
    await new Promise((r) => setTimeout(r, 50));
    await engineOn(store, 'b').resume('r1');
    release(); // a wakes up and tries to record its failure
    await expect(first).rejects.toThrow(LeaseLostError);
    await expect(first).rejects.toThrow(/^run r1 (was taken over by process b|is no longer leased to this process)/);
  });
});

describe('cancel in any state', () => {
  const gate = () =>
    spec({
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        { id: 'g', type: 'approval', name: 'G', config: { message: 'ok?' } },
        { id: 'e', type: 'end', name: 'E' },
      ],
      edges: edges('s>g, g-branch:approved>e, g-branch:rejected>e'),
    });

  it('a waiting run: its approval is withdrawn and the run ends cancelled', async () => {
    const h = harness();
    const out = await h.engine.start(gate(), {}, { runId: 'w1' });
    expect(out.status).toBe('waiting');
    expect(h.engine.cancelRun('w1', 'carol')).toEqual({ cancelled: true });
    expect(h.store.getRun('w1')).toMatchObject({
      status: 'cancelled',
      error: { code: 'cancelled', message: expect.stringMatching(/^run w1 was cancelled by carol at /) },
    });
    expect(h.store.getApproval(out.approvalId!)).toMatchObject({ status: 'cancelled', decidedBy: 'carol' });
    expect(eventsOf(h.store, 'w1', 'approval.cancelled')).toMatchObject([{ approvalId: out.approvalId, by: 'carol' }]);
    expect(h.engine.processTimeouts()).resolves.toEqual([]);
    expect(() => h.engine.cancelRun('w1', 'carol')).toThrow('run w1 has already cancelled; nothing to cancel');
  });

  it('a paused run and an interrupted one end cancelled too', async () => {
    const h = harness();
    h.engine.setBreakpoints('p1', { before: ['g'], after: [] });
    expect((await h.engine.start(gate(), {}, { runId: 'p1' })).status).toBe('paused');
    expect(h.engine.cancelRun('p1', 'dan')).toEqual({ cancelled: true });
    expect(h.store.getRun('p1')?.status).toBe('cancelled');

    const http = new ScriptedHttp((req) => hang(req));
    const i = harness({ http });
    void i.engine
      .start(toolFlow({ risk: 'read', method: 'GET' }), { amount: 1 }, { runId: 'i1' })
      .catch(() => undefined);
    await until(() => i.store.getSteps('i1').some((s) => s.status === 'running'));
    // The process driving it "dies": a restarted engine cancels what it left behind.
    expect(i.restart().cancelRun('i1', 'erin')).toEqual({ cancelled: true });
    expect(i.store.getSteps('i1').at(-1)).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
    expect(eventsOf(i.store, 'i1', 'run.taken-over')).toHaveLength(1);
  });

  it('a run driven elsewhere gets a request its owner honours at its next step boundary', async () => {
    const store = new MemoryCheckpointStore();
    let answer!: () => void;
    const http = new ScriptedHttp(() => new Promise((r) => (answer = () => r(json(200, { id: 'x' })))));
    const a = engineOn(store, 'a', { http });
    const running = a.start(toolFlow({ risk: 'read', method: 'GET' }), { amount: 1 }, { runId: 'r1' });
    await until(() => store.getSteps('r1').some((s) => s.status === 'running'));
    const b = engineOn(store, 'b');
    const r = b.cancelRun('r1', 'frank');
    expect(r).toMatchObject({ cancelled: false, requested: true, drivenBy: { owner: { label: 'process a' } } });
    answer(); // the call in flight finishes; the owner stops at the boundary after it
    expect(await running).toMatchObject({
      status: 'cancelled',
      error: { message: expect.stringMatching(/^run r1 was cancelled by frank at /) },
    });
    expect(store.getSteps('r1').map((s) => [s.nodeId, s.status])).toEqual([
      ['s', 'completed'],
      ['call', 'completed'],
    ]);
  });
});

describe('retries across a crash', () => {
  it('a crash during the backoff costs no attempt: the resumed step sends attempt 2, then 3', async () => {
    const sent: number[] = [];
    const http = new ScriptedHttp((req, n) => {
      sent.push(n);
      return n < 3 ? json(503, { error: 'busy' }) : json(201, { id: 'ok' });
    });
    const h = harness({ http });
    const first = h.engine.start(
      toolFlow({ risk: 'read', method: 'GET', retry: fastRetry, errorEdge: false }),
      { amount: 1 },
      { runId: 'b1' },
    );
    first.catch(() => undefined); // checked at the end
    // Attempt 1 failed and the step sleeps before attempt 2: the process dies now.
    await until(() => h.store.getSteps('b1').some((s) => s.retryAt !== undefined));
    expect(h.store.getSteps('b1').at(-1)).toMatchObject({ attempts: 1, status: 'running' });
    const out = await h.restart({ http }).resume('b1');
    expect(out).toMatchObject({ status: 'completed', output: { id: 'ok' } });
    expect(h.store.getSteps('b1').find((s) => s.nodeId === 'call')).toMatchObject({ status: 'completed', attempts: 3 });
    expect(sent).toEqual([1, 2, 3]);
    // The old engine woke up after its sleep and found its lease gone: it sent nothing more.
    await expect(first).rejects.toThrow(LeaseLostError);
  });

  it('a crash mid-attempt re-sends that same attempt (same number, same key)', async () => {
    let crashed = false;
    const http = new ScriptedHttp((req, n) => {
      if (n === 1) return json(503, {});
      if (!crashed) {
        crashed = true;
        return hang(req);
      }
      return json(201, { id: 'ok' });
    });
    const h = harness({ http });
    void h.engine
      .start(
        toolFlow({ risk: 'read', method: 'GET', retry: fastRetry, errorEdge: false }),
        { amount: 1 },
        { runId: 'm1' },
      )
      .catch(() => undefined);
    await until(() => http.requests.length === 2);
    expect(h.store.getSteps('m1').at(-1)).toMatchObject({ attempts: 2 });
    const out = await h.restart({ http }).resume('m1');
    expect(out.status).toBe('completed');
    const started = eventsOf(h.store, 'm1', 'step.started').filter((e) => e.nodeId === 'call');
    // Attempt 1 failed (503), attempt 2 was in flight at the crash and is sent again as attempt 2.
    expect(started.map((e) => e.attempt)).toEqual([1, 2]);
    expect(h.store.getSteps('m1').find((s) => s.nodeId === 'call')).toMatchObject({ status: 'completed', attempts: 2 });
    expect(new Set(http.requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });
});

describe('budgets across a crash', () => {
  it('counts the calls of a step interrupted mid-way after it resumes', async () => {
    // Call 1 answers (150 tokens) but not as JSON, so the node asks again; that repair call
    // is in flight when the process dies. The resumed step's call costs 150 more: 300 in
    // all passes the zone's 280, which it would not if call 1 were forgotten.
    let calls = 0;
    const llm = new ScriptedLlm(() => {
      calls++;
      if (calls === 1) return { text: 'not json', usage: { inputTokens: 100, outputTokens: 50 }, model: 'm' };
      if (calls === 2) return new Promise(() => {});
      return { text: '{"ok": true}', usage: { inputTokens: 100, outputTokens: 50 }, model: 'm' };
    });
    const flow = llmChain(
      [{ id: 'a', zone: 'ai', config: { outputSchema: { type: 'object' }, repairAttempts: 2, maxTokens: 10 } }],
      [{ id: 'ai', name: 'AI', policy: { unattended: ['read', 'draft'], budget: { maxTokens: 280 } } }],
    );
    const h = harness({ llm });
    void h.engine.start(flow, { topic: 't' }, { runId: 'u1' }).catch(() => undefined);
    await until(() => calls === 2);
    expect(h.store.getSteps('u1').at(-1)?.usage).toMatchObject({ inputTokens: 100, outputTokens: 50, llmCalls: 1 });
    const out = await h.restart({ llm }).resume('u1');
    expect(out.output).toMatchObject({ fallback: true, code: 'budget' });
    expect(eventsOf(h.store, 'u1', 'budget.exceeded')).toMatchObject([
      { limit: 'maxTokens', value: 300, phase: 'after' },
    ]);
    const step = h.store.getSteps('u1').find((s) => s.nodeId === 'a');
    expect(step?.usage).toMatchObject({ inputTokens: 200, outputTokens: 100, llmCalls: 2 });
    expect(h.store.getRun('u1')?.usage).toMatchObject({ inputTokens: 200, outputTokens: 100, llmCalls: 2 });
  });
});
