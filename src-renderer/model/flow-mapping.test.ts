import { describe, expect, it } from 'vitest';
import { refundFixture } from '../testing/refund-fixture';
import { absolutePositions, buildFlowEdges, buildFlowNodes, FlowCache, zoneFlowId, type FlowUi } from './flow-mapping';
import { EMPTY_SELECTION, setConfigValue } from './spec-ops';
import { zoneRect } from './zones';

const ui: FlowUi = { selection: EMPTY_SELECTION, measured: {}, dragging: {}, resizing: {} };

describe('spec ↔ flow mapping', () => {
  it('puts zones first and zone members inside them with relative positions', () => {
    const spec = refundFixture();
    const nodes = buildFlowNodes(spec, ui, new FlowCache());
    expect(nodes[0]).toMatchObject({
      id: 'zone:payments',
      type: 'zone',
      position: { x: 900, y: 252 },
      width: 320,
      height: 188,
    });
    const pay = nodes.find((n) => n.id === 'pay');
    expect(pay).toMatchObject({ parentId: zoneFlowId('payments'), position: { x: 40, y: 68 } });
  });

  it('round-trips positions and zone membership', () => {
    const spec = refundFixture();
    const nodes = buildFlowNodes(spec, ui, new FlowCache());
    const abs = absolutePositions(nodes);
    for (const n of spec.nodes) expect(abs.get(n.id)).toEqual(n.position);
    const membership = Object.fromEntries(
      nodes.filter((n) => n.type === 'step').map((n) => [n.id, n.parentId ?? null]),
    );
    for (const n of spec.nodes) expect(membership[n.id]).toBe(n.zone ? zoneFlowId(n.zone) : null);
    const edges = buildFlowEdges(spec, ui, new FlowCache());
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target])).toEqual(
      spec.edges.map((e) => [e.source, e.kind === 'branch' ? `branch:${e.branch}` : e.kind, e.target]),
    );
  });

  it('reuses flow objects for nodes that did not change', () => {
    const cache = new FlowCache();
    const spec = refundFixture();
    const before = buildFlowNodes(spec, ui, cache);
    const after = buildFlowNodes(setConfigValue(spec, 'classify', 'prompt', 'x'), ui, cache);
    const changed = after.filter((n, i) => n !== before[i]).map((n) => n.id);
    expect(changed).toEqual(['classify']);
  });

  it('draws a zone without stored geometry around its members', () => {
    const spec = refundFixture();
    const z = { ...spec.zones[0], position: undefined, size: undefined } as (typeof spec.zones)[number];
    const r = zoneRect(spec, z);
    expect(r.x).toBeLessThan(940);
    expect(r.y).toBeLessThan(320);
    expect(r.x + r.width).toBeGreaterThan(940 + 240);
  });
});
