import { describe, expect, it } from 'vitest';
import { refundFixture } from '../testing/refund-fixture';
import { moveNodes } from './spec-ops';
import { assignZones, moveZone, renameZone, resizeZone, zoneAt } from './zones';

describe('zones', () => {
  it('moving a zone carries its members by the same delta, and only them', () => {
    const spec = moveZone(refundFixture(), 'payments', { x: 1000, y: 300 });
    expect(spec.zones[0]?.position).toEqual({ x: 1000, y: 300 });
    expect(spec.nodes.find((n) => n.id === 'pay')?.position).toEqual({ x: 1040, y: 360 });
    expect(spec.nodes.find((n) => n.id === 'done')?.position).toEqual({ x: 1300, y: 320 });
  });

  it('a node dragged out of a zone leaves it; dragged in, it joins', () => {
    let spec = moveNodes(refundFixture(), new Map([['pay', { x: 0, y: 600 }]]));
    spec = assignZones(spec, ['pay']);
    expect(spec.nodes.find((n) => n.id === 'pay')?.zone).toBeUndefined();
    spec = moveNodes(spec, new Map([['done', { x: 950, y: 300 }]]));
    spec = assignZones(spec, ['done']);
    expect(spec.nodes.find((n) => n.id === 'done')?.zone).toBe('payments');
  });

  it('picks the innermost zone and follows resizes', () => {
    const spec = refundFixture();
    expect(zoneAt(spec, { x: 1000, y: 300 })).toBe('payments');
    expect(zoneAt(spec, { x: 0, y: 0 })).toBeUndefined();
    const shrunk = resizeZone(spec, 'payments', { x: 900, y: 260, width: 60, height: 60 });
    expect(shrunk.nodes.find((n) => n.id === 'pay')?.zone).toBeUndefined();
  });

  it('renaming a zone id updates its members', () => {
    const spec = renameZone(refundFixture(), 'payments', 'money');
    if (typeof spec === 'string') throw new Error(spec);
    expect(spec.nodes.find((n) => n.id === 'pay')?.zone).toBe('money');
    expect(renameZone(spec, 'money', '1')).toMatch(/starts with a letter/);
  });
});
