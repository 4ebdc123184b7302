import { describe, expect, it } from 'vitest';
import { refundFixture } from '../testing/refund-fixture';
import { moveNodes } from './spec-ops';
import { rectContains, stepBox, zoneRect as storedRect } from '../../shared/spec/geometry';
import type { WorkflowSpec, Zone } from '../../shared/spec/schema';
import {
  addZone,
  assignZones,
  clampZoneRect,
  DEFAULT_NODE_SIZE,
  encloseMembers,
  membersFrame,
  moveZone,
  placeInZone,
  renameZone,
  resizeZone,
  zoneAt,
  zoneRect,
  ZONE_PADDING,
  freezeZones,
  type Rect,
} from './zones';

/** Every member's box lies inside the zone's stored rectangle. */
function encloses(spec: WorkflowSpec, zoneId: string): boolean {
  const zone = spec.zones.find((z) => z.id === zoneId) as Zone;
  const r = storedRect(spec, zone);
  return spec.nodes.filter((n) => n.zone === zoneId).every((n) => rectContains(r, stepBox(n.id, n.position)));
}

describe('zones', () => {
  it('moving a zone carries its members by the same delta, and only them', () => {
    const spec = moveZone(refundFixture(), 'payments', { x: 1000, y: 300 });
    expect(spec.zones[0]?.position).toEqual({ x: 1000, y: 300 });
    // From (900, 252) to (1000, 300): members move by (100, 48).
    expect(spec.nodes.find((n) => n.id === 'pay')?.position).toEqual({ x: 1040, y: 368 });
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

  it('picks the innermost zone; growing a zone over a step takes it in', () => {
    const spec = refundFixture();
    expect(zoneAt(spec, { x: 1000, y: 300 })).toBe('payments');
    expect(zoneAt(spec, { x: 0, y: 0 })).toBeUndefined();
    // "done" sits at (1300, 320): stretch the zone to the right over its centre.
    const grown = resizeZone(spec, 'payments', { x: 900, y: 260, width: 560, height: 180 });
    expect(grown.nodes.find((n) => n.id === 'done')?.zone).toBe('payments');
    expect(encloses(grown, 'payments')).toBe(true);
  });

  it('a resize cannot cut a member out: it stops at the members', () => {
    const spec = refundFixture();
    const shrunk = resizeZone(spec, 'payments', { x: 900, y: 260, width: 60, height: 60 });
    expect(shrunk.nodes.find((n) => n.id === 'pay')?.zone).toBe('payments');
    const frame = membersFrame(spec, 'payments') as Rect;
    // The left and top edges stay where they were dragged (they already enclose); right and bottom stop at the frame.
    expect(shrunk.zones[0]?.position).toEqual({ x: 900, y: frame.y });
    expect(shrunk.zones[0]?.size).toEqual({
      width: frame.x + frame.width - 900,
      height: frame.y + frame.height - frame.y,
    });
    expect(encloses(shrunk, 'payments')).toBe(true);
    // Dragging the left edge past the member stops there too.
    const fromLeft = clampZoneRect(spec, 'payments', { x: 1100, y: 260, width: 120, height: 180 });
    expect(fromLeft.x).toBe(frame.x);
    expect(fromLeft.x + fromLeft.width).toBe(1220);
  });

  it('a resize of one zone never moves a step of another zone out of it', () => {
    const spec = moveNodes(refundFixture(), new Map([['done', { x: 2000, y: 2000 }]]));
    const withDone = { ...spec, nodes: spec.nodes.map((n) => (n.id === 'done' ? { ...n, zone: 'payments' } : n)) };
    const other = addZone(withDone, { x: 0, y: 600, width: 400, height: 300 });
    const resized = resizeZone(other.spec, other.id, { x: 0, y: 600, width: 500, height: 300 });
    expect(resized.zones.find((z) => z.id === other.id)?.size?.width).toBe(500);
    expect(resized.nodes.find((n) => n.id === 'done')?.zone).toBe('payments');
  });

  it('encloseMembers grows a zone around a member at (or over) its edge, and only the zones asked for', () => {
    // "pay" dragged so that it hangs over the zone's right border by 100 px (its centre still inside).
    const spec = moveNodes(refundFixture(), new Map([['pay', { x: 1080, y: 340 }]]));
    expect(encloses(spec, 'payments')).toBe(false);
    expect(encloseMembers(spec, undefined, ['other'])).toBe(spec);
    const grown = encloseMembers(spec, undefined, ['payments']);
    expect(encloses(grown, 'payments')).toBe(true);
    const z = grown.zones[0] as Zone;
    expect(z.position?.x).toBe(900); // grows, never shrinks or jumps
    expect((z.position?.x ?? 0) + (z.size?.width ?? 0)).toBe(1080 + DEFAULT_NODE_SIZE.width + ZONE_PADDING);
    // Measured sizes count: a taller step makes the zone taller.
    const tall = encloseMembers(spec, (id) => (id === 'pay' ? { width: 240, height: 200 } : undefined));
    expect((tall.zones[0]?.position?.y ?? 0) + (tall.zones[0]?.size?.height ?? 0)).toBe(340 + 200 + ZONE_PADDING);
    // Already enclosing: the same spec back (no edit recorded).
    expect(encloseMembers(grown)).toBe(grown);
  });

  it('placeInZone moves a step into the zone it is put in, beside the other members', () => {
    const spec = placeInZone(refundFixture(), 'review', 'payments');
    const review = spec.nodes.find((n) => n.id === 'review');
    expect(review?.zone).toBe('payments');
    expect(review?.position.x).toBeGreaterThan(940 + DEFAULT_NODE_SIZE.width);
    expect(encloses(spec, 'payments')).toBe(true);
    expect(spec.nodes.find((n) => n.id === 'pay')?.position).toEqual({ x: 940, y: 320 });
    // Out of every zone: the step stays where it is.
    const out = placeInZone(spec, 'review', undefined);
    expect(out.nodes.find((n) => n.id === 'review')).toMatchObject({ position: review?.position });
    expect(out.nodes.find((n) => n.id === 'review')?.zone).toBeUndefined();
    // A step already inside its zone does not move.
    const again = placeInZone(refundFixture(), 'pay', 'payments');
    expect(again.nodes.find((n) => n.id === 'pay')?.position).toEqual({ x: 940, y: 320 });
    expect(encloses(again, 'payments')).toBe(true);
  });

  it('draws a zone around a member that sticks out of its stored rectangle; freezing stores that', () => {
    const spec = moveNodes(refundFixture(), new Map([['pay', { x: 1100, y: 320 }]]));
    const drawn = zoneRect(spec, spec.zones[0] as Zone);
    expect(drawn.x).toBe(900);
    expect(drawn.x + drawn.width).toBe(1100 + DEFAULT_NODE_SIZE.width + ZONE_PADDING);
    // A taller measured step makes the drawn zone taller too.
    const tall = zoneRect(spec, spec.zones[0] as Zone, () => ({ width: 240, height: 300 }));
    expect(tall.y + tall.height).toBe(320 + 300 + ZONE_PADDING);
    expect(encloses(spec, 'payments')).toBe(false);
    expect(encloses(freezeZones(spec), 'payments')).toBe(true);
    expect(freezeZones(refundFixture())).toEqual(refundFixture());
  });

  it('renaming a zone id updates its members', () => {
    const spec = renameZone(refundFixture(), 'payments', 'money');
    if (typeof spec === 'string') throw new Error(spec);
    expect(spec.nodes.find((n) => n.id === 'pay')?.zone).toBe('money');
    expect(renameZone(spec, 'money', '1')).toMatch(/starts with a letter/);
  });
});
