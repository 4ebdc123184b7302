// An embedder's node type end to end, through the backend's API: the test-only Hold node
// (test/fixtures/nodes: its two files and one registration line) is served in the catalog,
// validated by its own declarations and hook, runs, parks the run durably in its `timer`
// wait state, survives a backend restart, and the new backend's sweeper resumes it when due.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiResults } from '../shared/api';
import type { NodeDescriptor } from '../shared/nodes/descriptor';
import { createApiService, type ApiService } from '../src-main/host/api-service';
import { testRegistry } from './fixtures/nodes/registry';

const holdSpec = (seconds: number) =>
  JSON.stringify({
    specVersion: 1,
    id: 'hold-flow',
    name: 'Hold then finish',
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      { id: 'cool', type: 'hold', name: 'Cool off', config: { seconds, note: 'cooling-off period' } },
      { id: 'end', type: 'end', name: 'End' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'cool' },
      { id: 'e2', source: 'cool', target: 'end' },
    ],
  });

const dirs: string[] = [];
const services: ApiService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function backend(dataDir: string, sweepIntervalMs = 0): Promise<ApiService> {
  const s = createApiService({
    dataDir,
    examplesDir: dataDir,
    registry: testRegistry(),
    runs: { sweepIntervalMs },
    log: () => {},
  });
  services.push(s);
  return s;
}

async function call<M extends ApiMethod>(s: ApiService, method: M, params: unknown): Promise<ApiResults[M]> {
  const r = await s.dispatch(method, params);
  if ('error' in r) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as ApiResults[M];
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an embedder node type (Hold)', () => {
  it('is served in the catalog with its declarations, as plain data', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wm-embed-'));
    dirs.push(dir);
    const s = await backend(dir);
    const { nodes } = await call(s, 'catalog.get', {});
    const hold = nodes.find((d) => d.type === 'hold') as NodeDescriptor;
    expect(nodes.map((d) => d.type)).toEqual([
      'start',
      'end',
      'llm',
      'tool',
      'transform',
      'decision',
      'approval',
      'guardrail',
      'wait',
      'hold',
    ]);
    expect(hold).toMatchObject({
      title: 'Hold',
      category: 'flow',
      ports: [{ kind: 'next' }],
      params: [
        { key: 'seconds', kind: 'number', required: true },
        { key: 'note', kind: 'text' },
      ],
      defaults: { seconds: 60 },
      effect: 'pure',
      simulate: 'run',
      waits: [{ state: 'timer', resolves: 'time' }],
      summary: 'for {{ seconds }} s',
    });
    expect(hold.configSchema).toMatchObject({ type: 'object', properties: { seconds: { type: 'integer' } } });
  });

  it('validates by its config schema and its own hook, with paths into its config', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wm-embed-'));
    dirs.push(dir);
    const s = await backend(dir);
    expect(await call(s, 'spec.validate', { text: holdSpec(5) })).toMatchObject({ ok: true });
    const zero = await call(s, 'spec.validate', { text: holdSpec(0) });
    expect(zero.problems).toContainEqual(
      expect.objectContaining({ code: 'node.config', path: '$.nodes[1].config.seconds', nodeId: 'cool' }),
    );
    const long = await call(s, 'spec.validate', { text: holdSpec(8 * 24 * 3600) });
    expect(long.problems).toContainEqual(
      expect.objectContaining({ code: 'hold.too-long', path: '$.nodes[1].config.seconds', severity: 'error' }),
    );
  });

  it('waits durably in its timer state, survives a restart, and the new backend resumes it when due', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wm-embed-'));
    dirs.push(dir);
    const first = await backend(dir);
    const { runId } = await call(first, 'runs.start', { text: holdSpec(1) });
    const waiting = await until('the run to wait', async () => {
      const r = await call(first, 'runs.get', { runId });
      return r.run.status === 'waiting' ? r : undefined;
    });
    const step = waiting.steps.find((x) => x.nodeId === 'cool');
    expect(step).toMatchObject({ status: 'waiting', wait: { state: 'timer' } });
    expect(step?.wait?.until).toBeGreaterThan(waiting.run.createdAt);
    // Waiting on a timer is not "interrupted": nothing needs a human to continue it.
    expect(await call(first, 'runs.interrupted', {})).toEqual([]);
    first.close();

    // A new backend on the same database; its sweeper runs at start and continues due waits.
    await new Promise((r) => setTimeout(r, 1100));
    const second = await backend(dir, 100);
    const done = await until('the run to complete', async () => {
      const r = await call(second, 'runs.get', { runId });
      return r.run.status === 'completed' ? r : undefined;
    });
    expect(done.output).toMatchObject({ note: 'cooling-off period' });
    const events = await call(second, 'runs.events', { runId, limit: 500 });
    const types = events.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['step.waiting', 'run.waiting', 'run.resumed', 'run.finished']));
    expect(done.steps.filter((x) => x.nodeId === 'cool').map((x) => x.status)).toEqual(['completed']);
  });

  it('is unknown to a backend with only the built-in registry', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wm-embed-'));
    dirs.push(dir);
    const s = createApiService({ dataDir: dir, examplesDir: dir, log: () => {} });
    services.push(s);
    const r = await call(s, 'spec.validate', { text: holdSpec(5) });
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'node.unknown-type', nodeId: 'cool' }));
  });
});
