import { describe, expect, it } from 'vitest';
import { loadSpecDocument } from '../../shared/spec/load';
import { builtinRegistry } from './nodes';
import { runSingleNode } from './run-node';
import { json, mapSecrets, noLlm, RecordingClock, ScriptedHttp, SeededRandom } from './testing/fakes';
import { edges, spec } from './testing/harness';

const doc = spec({
  connectors: {
    api: { kind: 'http', baseUrl: 'http://127.0.0.1:9', risk: 'read' },
    pay: { kind: 'http', baseUrl: 'http://127.0.0.1:9', risk: 'financial' },
  },
  nodes: [
    { id: 's', type: 'start', name: 'S' },
    { id: 'get', type: 'tool', name: 'Get', config: { connector: 'api', path: '/orders/{{ input.id }}' } },
    {
      id: 'pay',
      type: 'tool',
      name: 'Pay',
      config: { connector: 'pay', method: 'POST', path: '/pay' },
      pinned: { output: { paid: true } },
    },
    { id: 'fmt', type: 'transform', name: 'Fmt', config: { expression: '{ "total": nodes.get.total * 2 }' } },
    { id: 'e', type: 'end', name: 'E' },
  ],
  edges: edges('s>get, get>fmt, fmt>pay, pay>e'),
});

describe('running a single node', () => {
  const loaded = loadSpecDocument(doc);
  const parsed = loaded.spec as NonNullable<typeof loaded.spec>;
  const http = new ScriptedHttp((req) => json(200, { total: 21, url: req.url }));
  const deps = {
    registry: builtinRegistry(),
    http,
    llm: noLlm,
    clock: new RecordingClock(),
    random: new SeededRandom(),
    secrets: mapSecrets({}),
  };

  it('runs a pure node against a hand-written scope', async () => {
    const r = await runSingleNode(deps, parsed, 'fmt', { input: {}, nodes: { get: { total: 5 } }, prev: null });
    expect(r.outcome).toMatchObject({ kind: 'done', output: { total: 10 } });
  });

  it('makes a real call for a node allowed unattended, with the given input', async () => {
    const r = await runSingleNode(deps, parsed, 'get', { input: { id: 'A1' }, nodes: {}, prev: null });
    expect(r.outcome).toMatchObject({ kind: 'done', output: { total: 21, url: 'http://127.0.0.1:9/orders/A1' } });
    expect(r.events.map((e) => e.type)).toContain('http.call');
  });

  it('refuses a real call that would need approval, but runs it with its pinned output', async () => {
    await expect(runSingleNode(deps, parsed, 'pay', { input: {}, nodes: {}, prev: null })).rejects.toThrow(
      /"pay" may not run unattended/,
    );
    const r = await runSingleNode(deps, parsed, 'pay', { input: {}, nodes: {}, prev: null }, { simulate: true });
    expect(r.outcome).toMatchObject({ kind: 'done', output: { paid: true }, simulated: true });
    expect(http.requests.every((q) => !q.url.endsWith('/pay'))).toBe(true);
  });
});
