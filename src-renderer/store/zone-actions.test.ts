/**
 * Zones are regions, through the store's actions: whatever the canvas or the inspector does
 * (add, paste, put in a zone, resize, auto-layout), every zone ends up enclosing its members,
 * in one undo step.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { rectContains, stepBox, zoneRect } from '../../shared/spec/geometry';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { refundFixture } from '../testing/refund-fixture';
import {
  addNodeAt,
  applyLayout,
  commitNodeMoves,
  commitZoneResize,
  copyCurrent,
  paste,
  setNodeFields,
} from './actions';
import { loadDocument, undo, useDoc } from './doc-store';
import { useUi } from './ui-store';

const spec = () => useDoc.getState().spec;
const zone = () => spec().zones[0];
/** Steps of `s` outside the stored rectangle of the zone they belong to. */
function outside(s: WorkflowSpec): string[] {
  return s.nodes
    .filter((n) => {
      const z = s.zones.find((x) => x.id === n.zone);
      return (
        z &&
        !rectContains(
          zoneRect(s, z),
          stepBox(n.id, n.position, (id) => useUi.getState().measured[id]),
        )
      );
    })
    .map((n) => n.id);
}

describe('zone actions keep members inside', () => {
  beforeEach(() => {
    loadDocument(refundFixture(), null);
    useUi.setState({ measured: {} });
  });

  it('a step dropped near a zone edge joins it and the zone grows around it (one undo step)', () => {
    const before = spec();
    // Centre inside the zone's right part: the step hangs over the border.
    const id = addNodeAt('transform', { x: 1200, y: 380 });
    expect(spec().nodes.find((n) => n.id === id)?.zone).toBe('payments');
    expect(outside(spec())).toEqual([]);
    expect((zone()?.size?.width ?? 0) + (zone()?.position?.x ?? 0)).toBeGreaterThan(1220);
    expect(undo()).toBe(true);
    expect(spec()).toBe(before);
  });

  it('a member dropped over the edge keeps the zone growing around it; dropped far away, it leaves', () => {
    commitNodeMoves(new Map([['pay', { x: 1100, y: 330 }]]));
    expect(spec().nodes.find((n) => n.id === 'pay')?.zone).toBe('payments');
    expect(outside(spec())).toEqual([]);
    const grown = zone();
    commitNodeMoves(new Map([['pay', { x: 1700, y: 900 }]]));
    expect(spec().nodes.find((n) => n.id === 'pay')?.zone).toBeUndefined();
    expect(zone()).toBe(grown); // a zone does not chase a step that left it
  });

  it('choosing a zone in the inspector moves the step inside it', () => {
    setNodeFields('review', { zone: 'payments' }, 'zone');
    expect(spec().nodes.find((n) => n.id === 'review')?.zone).toBe('payments');
    expect(outside(spec())).toEqual([]);
  });

  it('a resize that would cut a step out stops at the step, and says so', () => {
    commitZoneResize('payments', { x: 900, y: 260, width: 80, height: 80 });
    expect(spec().nodes.find((n) => n.id === 'pay')?.zone).toBe('payments');
    expect(outside(spec())).toEqual([]);
    expect(useUi.getState().toasts.at(-1)?.message).toMatch(/Zone “Payments” stops at its steps/);
  });

  it('measured sizes count: a tall step keeps a tall zone', () => {
    useUi.setState({ measured: { pay: { width: 240, height: 300 } } });
    commitZoneResize('payments', { x: 900, y: 260, width: 320, height: 100 });
    expect(outside(spec())).toEqual([]);
    expect((zone()?.position?.y ?? 0) + (zone()?.size?.height ?? 0)).toBeGreaterThanOrEqual(320 + 300);
  });

  it('a pasted member lands in the zone under it (or none), and that zone grows', () => {
    useDoc.setState({ selection: { nodes: ['pay'], edges: [], zones: [] } });
    const payload = copyCurrent();
    if (!payload) throw new Error('nothing copied');
    paste(payload, { x: 60, y: 40 });
    const copy = spec().nodes.at(-1);
    expect(copy?.zone).toBe('payments');
    expect(outside(spec())).toEqual([]);
    paste(payload, { x: -900, y: 600 });
    expect(spec().nodes.at(-1)?.zone).toBeUndefined();
  });

  it('auto-layout results that leave a member outside still end with the zone around it', () => {
    applyLayout(new Map([['pay', { x: 2000, y: 900 }]]), new Map());
    expect(outside(spec())).toEqual([]);
  });
});
