import { describe, expect, it } from 'vitest';
import { edges, harness, spec } from './testing/harness';
import { json, ScriptedHttp } from './testing/fakes';

const chain = () =>
  spec({
    connectors: { api: { kind: 'http', baseUrl: 'http://127.0.0.1:9', risk: 'read' } },
    nodes: [
      { id: 's', type: 'start', name: 'S' },
      { id: 'a', type: 'transform', name: 'A', config: { expression: '{ "n": 1 }' } },
      { id: 'get', type: 'tool', name: 'Get', config: { connector: 'api', path: '/n/{{ nodes.a.n }}', risk: 'read' } },
      { id: 'b', type: 'transform', name: 'B', config: { expression: '{ "sum": nodes.a.n + nodes.get.n }' } },
      { id: 'e', type: 'end', name: 'E', config: { output: 'nodes.b' } },
    ],
    edges: edges('s>a, a>get, get>b, b>e'),
  });

describe('debugging: breakpoints, stepping, state edits', () => {
  it('pauses before a breakpoint node, durably, and continues from there', async () => {
    const http = new ScriptedHttp((req) => json(200, { n: Number(req.url.split('/').pop()) * 10 }));
    const h = harness({ http });
    h.engine.setBreakpoints('r1', { before: ['get'] });
    const paused = await h.engine.start(chain(), {}, { runId: 'r1' });
    expect(paused.status).toBe('paused');
    expect(http.requests).toHaveLength(0);
    expect(h.store.getRun('r1')?.status).toBe('paused');
    expect(h.store.getEvents('r1').at(-1)).toMatchObject({ type: 'run.paused', nodeId: 'get', reason: 'breakpoint' });
    // A restarted engine (no breakpoints in memory) continues the paused run.
    const done = await h.restart().resume('r1');
    expect(done).toMatchObject({ status: 'completed', output: { sum: 11 } });
    expect(http.requests).toHaveLength(1);
  });

  it('steps one node at a time, with after-breakpoints', async () => {
    const http = new ScriptedHttp(() => json(200, { n: 5 }));
    const h = harness({ http });
    h.engine.setBreakpoints('r2', { after: ['s'] });
    const p1 = await h.engine.start(chain(), {}, { runId: 'r2' });
    expect(p1.status).toBe('paused');
    expect(h.store.getSteps('r2').map((s) => s.nodeId)).toEqual(['s']);
    const p2 = await h.engine.step('r2');
    expect(p2.status).toBe('paused');
    expect(h.store.getSteps('r2').map((s) => s.nodeId)).toEqual(['s', 'a']);
    const p3 = await h.engine.step('r2');
    expect(h.store.getSteps('r2').map((s) => s.nodeId)).toEqual(['s', 'a', 'get']);
    expect(p3.status).toBe('paused');
    expect((await h.engine.continue('r2')).status).toBe('completed');
    await expect(h.engine.continue('r2')).rejects.toThrow(/is completed, not paused/);
  });

  it('edits state at a pause; the edit is recorded and used downstream', async () => {
    const http = new ScriptedHttp((req) => json(200, { n: Number(req.url.split('/').pop()) * 10 }));
    const h = harness({ http });
    h.engine.setBreakpoints('r3', { before: ['get'] });
    await h.engine.start(chain(), {}, { runId: 'r3' });
    expect(() => h.engine.editState('r3', 'b', {}, 'ana')).toThrow(
      /node "b" has no output yet in run r3; nodes with outputs: s, a/,
    );
    h.engine.editState('r3', 'a', { n: 4 }, 'ana');
    const done = await h.engine.continue('r3');
    expect(done).toMatchObject({ status: 'completed', output: { sum: 44 } });
    expect(http.requests[0]?.url).toBe('http://127.0.0.1:9/n/4');
    expect(h.store.getEvents('r3').find((e) => e.type === 'state.edited')).toMatchObject({
      nodeId: 'a',
      before: { n: 1 },
      after: { n: 4 },
      by: 'ana',
    });
    // History keeps the original output next to the edit.
    expect(
      h.store
        .getSteps('r3')
        .filter((s) => s.nodeId === 'a')
        .map((s) => s.output),
    ).toEqual([{ n: 1 }, { n: 4 }]);
    expect(() => h.engine.editState('r3', 'a', { n: 9 }, 'ana')).toThrow(/is completed; pause it before editing/);
  });

  it('pauses an executing run at the next step boundary on request', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const http = new ScriptedHttp(async () => {
      await gate;
      return json(200, { n: 2 });
    });
    const h = harness({ http });
    const running = h.engine.start(chain(), {}, { runId: 'r4' });
    await new Promise((r) => setTimeout(r, 20));
    expect(h.engine.pause('r4')).toBe(true);
    release();
    const out = await running;
    expect(out.status).toBe('paused');
    expect(h.store.getSteps('r4').map((s) => s.nodeId)).toEqual(['s', 'a', 'get']);
    expect(h.engine.pause('nope')).toBe(false);
  });
});
