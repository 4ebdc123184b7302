// The debugger and time travel over the real web host: breakpoints, stepping, state edits,
// watch expressions, forks and single-node runs, all through the WebSocket API.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startTestHost, type ApiClient, type TestHost } from './helpers/api-client';
import { DEBUG_SPEC } from './helpers/specs';

let t: TestHost;
let client: ApiClient;

const spec = DEBUG_SPEC;

beforeAll(async () => {
  t = await startTestHost();
  client = await connectClient(t.host);
});
afterAll(async () => {
  client?.close();
  await t?.kill();
  await rm(t.dir, { recursive: true, force: true });
});

const paused = (runId: string) =>
  client.waitFor((p) => 'event' in p && p.event.runId === runId && p.event.type === 'run.paused' && p.event.seq > 0);

describe('debugging through the API', () => {
  it('breaks before a node, evaluates watches, edits state, steps and continues', async () => {
    const { runId } = await client.ok('runs.start', {
      text: spec,
      input: { n: 5 },
      breakpoints: { before: ['add'], after: [] },
    });
    await paused(runId);
    expect((await client.ok('runs.get', { runId })).run.status).toBe('paused');
    expect(await client.ok('runs.watch', { runId, expressions: ['nodes.double', 'input.n + 100', 'nodes.('] })).toEqual(
      [
        { expression: 'nodes.double', value: 10 },
        { expression: 'input.n + 100', value: 105 },
        { expression: 'nodes.(', error: expect.any(String) },
      ],
    );
    await client.ok('runs.editState', { runId, nodeId: 'double', output: 40, by: 'ana' });
    await client.ok('runs.continue', { runId });
    expect(await client.finished(runId)).toMatchObject({ status: 'completed', output: { result: 41 } });
    const conflict = await client.call('runs.continue', { runId });
    expect(conflict).toMatchObject({ error: { message: expect.stringContaining('is completed, not paused') } });
  });

  it('forks a finished run from its middle step with edited state', async () => {
    const { runId } = await client.ok('runs.start', { text: spec, input: { n: 1 } });
    expect(await client.finished(runId)).toMatchObject({ output: { result: 3 } });
    const fork = await client.ok('runs.fork', { runId, fromStep: 1, edits: { double: 100 } });
    expect(await client.finished(fork.runId)).toMatchObject({ status: 'completed', output: { result: 101 } });
    const detail = await client.ok('runs.get', { runId: fork.runId });
    expect(detail.run).toMatchObject({ parentRunId: runId, forkedFromStep: 1 });
    const bad = await client.call('runs.fork', { runId, fromStep: 3 });
    expect(bad).toMatchObject({ error: { message: expect.stringContaining('nothing after it') } });
  });

  it('runs a single node with a hand-written scope', async () => {
    const r = await client.ok('runs.runNode', {
      text: spec,
      nodeId: 'add',
      scope: { input: {}, nodes: { double: 7 }, prev: null },
      simulate: false,
    });
    expect(r).toMatchObject({ status: 'done', output: 8, port: 'next' });
    const invalid = await client.call('runs.runNode', {
      text: spec,
      nodeId: 'nope',
      scope: { input: {}, nodes: {}, prev: null },
      simulate: false,
    });
    expect(invalid).toMatchObject({ error: { message: expect.stringContaining('no node "nope"') } });
  });
});
