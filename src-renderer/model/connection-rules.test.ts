import { describe, expect, it } from 'vitest';
import { refundFixture } from '../testing/refund-fixture';
import { checkConnection } from './connection-rules';
import { addNode } from './spec-ops';

describe('connection rules', () => {
  const spec = refundFixture();

  it('accepts a free port and derives the edge kind from the port', () => {
    const v = checkConnection(spec, { source: 'classify', sourceHandle: 'error', target: 'declined' });
    expect(v).toEqual({ ok: true, edge: { source: 'classify', target: 'declined', kind: 'error' } });
    const b = checkConnection(spec, { source: 'route', sourceHandle: 'error', target: 'declined' });
    expect(b.ok).toBe(true);
  });

  it('refuses edges into a start node', () => {
    const v = checkConnection(spec, { source: 'lookup', sourceHandle: 'error', target: 'start' });
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/start node/) });
  });

  it('refuses a second edge from the same port', () => {
    const v = checkConnection(spec, { source: 'start', sourceHandle: 'next', target: 'classify' });
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/already leads to "Look up order"/) });
  });

  it('allows re-attaching the edge that holds the port', () => {
    const v = checkConnection(spec, { source: 'start', sourceHandle: 'next', target: 'classify', replacing: 'e1' });
    expect(v.ok).toBe(true);
  });

  it('refuses ports the node does not have: error from start, unknown branches, next from a decision', () => {
    expect(checkConnection(spec, { source: 'start', sourceHandle: 'error', target: 'done' }).ok).toBe(false);
    expect(checkConnection(spec, { source: 'route', sourceHandle: 'branch:maybe', target: 'done' }).ok).toBe(false);
    expect(checkConnection(spec, { source: 'route', sourceHandle: 'next', target: 'done' }).ok).toBe(false);
    expect(checkConnection(spec, { source: 'done', sourceHandle: 'next', target: 'pay' }).ok).toBe(false);
  });

  it('refuses self-loops and unknown nodes', () => {
    expect(checkConnection(spec, { source: 'lookup', sourceHandle: 'error', target: 'lookup' }).ok).toBe(false);
    expect(checkConnection(spec, { source: 'nope', sourceHandle: 'next', target: 'lookup' }).ok).toBe(false);
  });

  it('offers named decision branches from the rules', () => {
    const s = addNode(spec, 'decision', { x: 0, y: 0 });
    const ok = checkConnection(s.spec, { source: s.id, sourceHandle: 'branch:yes', target: 'done' });
    expect(ok).toEqual({ ok: true, edge: { source: s.id, target: 'done', kind: 'branch', branch: 'yes' } });
  });
});
