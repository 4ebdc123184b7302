/**
 * Where things are drawn, from what a spec stores: a step's box (its position and the size
 * the editor draws a step at), and a zone's rectangle (stored, or drawn around its members
 * when the spec has none). The validator checks with these that a zone encloses its
 * members; the editor keeps it so on every move, resize, add and auto-layout.
 */
import type { WorkflowSpec, Zone } from './schema';

export interface Point {
  x: number;
  y: number;
}
export interface Size {
  width: number;
  height: number;
}
export interface Rect extends Point, Size {}

/** The size of a step as the editor draws it at full zoom (a spec stores positions only). */
export const NODE_SIZE: Size = { width: 240, height: 76 };
/** Room between a zone's border and its members. */
export const ZONE_PADDING = 32;
/** Room above the members for the zone's title bar. */
export const ZONE_HEADER = 36;
/** A zone with neither members nor a stored size. */
export const EMPTY_ZONE_SIZE: Size = { width: 420, height: 260 };

export type SizeLookup = (nodeId: string) => Size | undefined;

/** The smallest rectangle holding both. */
export function unionRect(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** Whether `inner` lies wholly inside `outer` (touching the border counts as inside). */
export function rectContains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/** The box of step `id` at `position`: the drawn size, never smaller than the nominal one. */
export function stepBox(id: string, position: Point, sizeOf?: SizeLookup): Rect {
  const s = sizeOf?.(id);
  return {
    x: position.x,
    y: position.y,
    width: Math.max(s?.width ?? 0, NODE_SIZE.width),
    height: Math.max(s?.height ?? 0, NODE_SIZE.height),
  };
}

/**
 * The rectangle a zone needs to show its members with room around them and its title bar
 * above them; undefined for a zone without members.
 */
export function membersFrame(spec: WorkflowSpec, zoneId: string, sizeOf?: SizeLookup): Rect | undefined {
  let box: Rect | undefined;
  for (const n of spec.nodes) {
    if (n.zone !== zoneId) continue;
    const b = stepBox(n.id, n.position, sizeOf);
    box = box ? unionRect(box, b) : b;
  }
  if (!box) return undefined;
  return {
    x: box.x - ZONE_PADDING,
    y: box.y - ZONE_PADDING - ZONE_HEADER,
    width: box.width + 2 * ZONE_PADDING,
    height: box.height + 2 * ZONE_PADDING + ZONE_HEADER,
  };
}

/**
 * The zone's rectangle in canvas coordinates: the stored one, or (for hand-written specs
 * without geometry) drawn around its members, so a zone is always visible and draggable.
 */
export function zoneRect(spec: WorkflowSpec, zone: Zone, sizeOf?: SizeLookup): Rect {
  if (zone.position && zone.size) return { ...zone.position, ...zone.size };
  const frame = membersFrame(spec, zone.id, sizeOf);
  if (!frame) return { x: zone.position?.x ?? 0, y: zone.position?.y ?? 0, ...(zone.size ?? EMPTY_ZONE_SIZE) };
  const x = zone.position?.x ?? frame.x;
  const y = zone.position?.y ?? frame.y;
  return {
    x,
    y,
    width: zone.size?.width ?? frame.x + frame.width - x,
    height: zone.size?.height ?? frame.y + frame.height - y,
  };
}

/** Members of zones whose drawn rectangle does not enclose their box (as stored: nominal sizes). */
export function zoneMembersOutside(spec: WorkflowSpec): Array<{ zoneIndex: number; nodeIndex: number }> {
  const out: Array<{ zoneIndex: number; nodeIndex: number }> = [];
  const zoneIndex = new Map<string, number>();
  spec.zones.forEach((z, i) => {
    if (!zoneIndex.has(z.id)) zoneIndex.set(z.id, i);
  });
  const rects = new Map<number, Rect>();
  spec.nodes.forEach((n, nodeIndex) => {
    const zi = n.zone === undefined ? undefined : zoneIndex.get(n.zone);
    if (zi === undefined) return;
    let r = rects.get(zi);
    if (!r) rects.set(zi, (r = zoneRect(spec, spec.zones[zi] as Zone)));
    if (!rectContains(r, stepBox(n.id, n.position))) out.push({ zoneIndex: zi, nodeIndex });
  });
  return out;
}
