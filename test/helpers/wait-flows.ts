// Workflows with a wait node, for the durable-wait tests: start → wait → (hit a loopback
// counter when `hitUrl` is given) → done, and the wait's timeout port → late.
export function waitFlow(config: Record<string, unknown>, hitUrl?: string) {
  const after = hitUrl ? 'hit' : 'done';
  return {
    specVersion: 1,
    id: 'wait-flow',
    name: 'Wait flow',
    input: { type: 'object', properties: { orderId: { type: 'string' } } },
    ...(hitUrl ? { connectors: { counter: { kind: 'http', baseUrl: hitUrl, risk: 'read' } } } : {}),
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      { id: 'w', type: 'wait', name: 'Wait for it', config },
      ...(hitUrl
        ? [{ id: 'hit', type: 'tool', name: 'Tell the counter', config: { connector: 'counter', path: '/hit' } }]
        : []),
      { id: 'done', type: 'end', name: 'Done' },
      { id: 'late', type: 'end', name: 'Late' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'w' },
      { id: 'e2', source: 'w', target: after },
      ...(hitUrl ? [{ id: 'e4', source: 'hit', target: 'done' }] : []),
      { id: 'e3', source: 'w', target: 'late', kind: 'branch', branch: 'timeout' },
    ],
  };
}
