/**
 * Autonomy zones on the canvas: their rectangles and which nodes they contain. A zone
 * without a stored position/size (hand-written specs) is drawn around its members, so a
 * zone is always visible and draggable.
 *
 * A zone is a region: its rectangle always encloses its members (with room around them).
 * Moving a member to the zone's edge grows the zone, a resize cannot cut a member out, a
 * step added or assigned to a zone lands inside it, and auto-layout keeps it so. The
 * validator warns about specs where it does not hold (shared/spec/geometry.ts).
 */
import {
  membersFrame,
  NODE_SIZE,
  rectContains,
  unionRect,
  ZONE_HEADER,
  ZONE_PADDING,
  zoneRect as storedZoneRect,
  type Rect,
  type Size,
  type SizeLookup,
} from '../../shared/spec/geometry';
import type { WorkflowSpec, Zone } from '../../shared/spec/schema';
import { uniqueId, uniqueName } from './ids';
import { mapWhere, withPatch } from './patch';
import type { Point } from './spec-ops';

export { membersFrame, storedZoneRect, ZONE_HEADER, ZONE_PADDING, type Rect, type Size, type SizeLookup };

/** Size assumed for a node the canvas has not measured yet. */
export const DEFAULT_NODE_SIZE: Size = NODE_SIZE;

/**
 * The zone's rectangle as the canvas draws it: the stored one (or, without stored geometry,
 * the one around its members), grown where a member's measured box would stick out. So the
 * picture never shows a member outside its zone, even for a spec written elsewhere; the
 * next edit of the zone stores what is drawn.
 */
export function zoneRect(spec: WorkflowSpec, zone: Zone, sizeOf?: SizeLookup): Rect {
  return clampZoneRect(spec, zone.id, storedZoneRect(spec, zone, sizeOf), sizeOf);
}

const ZONE_COLOURS = ['#6b7cff', '#12a594', '#e5484d', '#f76b15', '#8e4ec6', '#0090ff'];

function contains(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
}

/**
 * The innermost (smallest) zone containing the point, if any, by the zones' stored
 * rectangles: callers {@link freezeZones} before moving steps, so a member dragged out of
 * its zone is judged against the zone as it was drawn, not one grown around the drop.
 */
export function zoneAt(spec: WorkflowSpec, p: Point, sizeOf?: SizeLookup): string | undefined {
  let best: { id: string; area: number } | undefined;
  for (const z of spec.zones) {
    const r = storedZoneRect(spec, z, sizeOf);
    if (contains(r, p) && (!best || r.width * r.height < best.area)) best = { id: z.id, area: r.width * r.height };
  }
  return best?.id;
}

/** Where a node's centre is, for "is it inside a zone" checks. */
export function nodeCentre(position: Point, size: Size | undefined): Point {
  const s = size ?? DEFAULT_NODE_SIZE;
  return { x: position.x + s.width / 2, y: position.y + s.height / 2 };
}

/**
 * Recomputes zone membership of the given nodes from where their centres are. Zone
 * rectangles are frozen first so that a node leaving a derived zone does not shrink the
 * zone under the other nodes being checked.
 */
export function assignZones(spec: WorkflowSpec, ids: readonly string[], sizeOf?: SizeLookup): WorkflowSpec {
  const frozen = freezeDerived(spec, sizeOf);
  const wanted = new Set(ids);
  const nodes = mapWhere(
    frozen.nodes,
    (n) => wanted.has(n.id),
    (n) => {
      const zone = zoneAt(frozen, nodeCentre(n.position, sizeOf?.(n.id)), sizeOf);
      return zone === n.zone ? n : withPatch(n, { zone });
    },
  );
  return nodes === frozen.nodes ? spec : { ...frozen, nodes };
}

/** Writes the rectangle of every derived zone into the spec, so it stops moving. */
function freezeDerived(spec: WorkflowSpec, sizeOf?: SizeLookup): WorkflowSpec {
  if (spec.zones.every((z) => z.position && z.size)) return spec;
  return {
    ...spec,
    zones: spec.zones.map((z) => {
      if (z.position && z.size) return z;
      const r = storedZoneRect(spec, z, sizeOf);
      return { ...z, position: { x: r.x, y: r.y }, size: { width: r.width, height: r.height } };
    }),
  };
}

/**
 * Stores every zone's rectangle as the canvas draws it ({@link zoneRect}), before a gesture
 * moves steps: membership is then judged against what the user saw.
 */
export function freezeZones(spec: WorkflowSpec, sizeOf?: SizeLookup): WorkflowSpec {
  const zones = mapWhere(
    spec.zones,
    () => true,
    (z) => {
      const r = roundOut(zoneRect(spec, z, sizeOf));
      const p = z.position;
      const sz = z.size;
      if (p && sz && p.x === r.x && p.y === r.y && sz.width === r.width && sz.height === r.height) return z;
      return { ...z, position: { x: r.x, y: r.y }, size: { width: r.width, height: r.height } };
    },
  );
  return zones === spec.zones ? spec : { ...spec, zones };
}

/** Adds a zone with the given rectangle and a fresh name and colour. */
export function addZone(spec: WorkflowSpec, rect: Rect): { spec: WorkflowSpec; id: string } {
  const id = uniqueId('zone', new Set(spec.zones.map((z) => z.id)));
  const zone: Zone = {
    id,
    name: uniqueName('Autonomy zone', new Set(spec.zones.map((z) => z.name))),
    color: ZONE_COLOURS[spec.zones.length % ZONE_COLOURS.length] as string,
    position: { x: Math.round(rect.x), y: Math.round(rect.y) },
    size: { width: Math.round(rect.width), height: Math.round(rect.height) },
    policy: { unattended: ['read'], approval: [], forbidden: [] },
  };
  return { spec: { ...spec, zones: [...spec.zones, zone] }, id };
}

type ZonePatch = { [K in Exclude<keyof Zone, 'id'>]?: Zone[K] | undefined };

export function updateZone(spec: WorkflowSpec, id: string, patch: ZonePatch): WorkflowSpec {
  const zones = mapWhere(
    spec.zones,
    (z) => z.id === id,
    (z) => withPatch(z, patch),
  );
  return zones === spec.zones ? spec : { ...spec, zones };
}

/** Moves a zone to `to` and its member nodes by the same delta (members travel with it). */
export function moveZone(spec: WorkflowSpec, id: string, to: Point, sizeOf?: SizeLookup): WorkflowSpec {
  const zone = spec.zones.find((z) => z.id === id);
  if (!zone) return spec;
  const from = zoneRect(spec, zone, sizeOf);
  const dx = Math.round(to.x - from.x);
  const dy = Math.round(to.y - from.y);
  if (!dx && !dy && zone.position && zone.size) return spec;
  return {
    ...spec,
    zones: spec.zones.map((z) =>
      z.id === id
        ? { ...z, position: { x: from.x + dx, y: from.y + dy }, size: { width: from.width, height: from.height } }
        : z,
    ),
    nodes: mapWhere(
      spec.nodes,
      (n) => n.zone === id,
      (n) => ({ ...n, position: { x: n.position.x + dx, y: n.position.y + dy } }),
    ),
  };
}

/** Rounds a rectangle outwards to whole pixels. */
function roundOut(r: Rect): Rect {
  const x = Math.floor(r.x);
  const y = Math.floor(r.y);
  return { x, y, width: Math.ceil(r.x + r.width) - x, height: Math.ceil(r.y + r.height) - y };
}

/** `rect` grown just enough to enclose the zone's members with room around them (a resize never cuts one out). */
export function clampZoneRect(spec: WorkflowSpec, id: string, rect: Rect, sizeOf?: SizeLookup): Rect {
  const frame = membersFrame(spec, id, sizeOf);
  return frame && !rectContains(rect, frame) ? unionRect(rect, frame) : rect;
}

/**
 * Grows the listed zones (all when `zoneIds` is omitted) that do not enclose their members
 * with room around them. Zones only grow here; a zone without stored geometry is already
 * drawn around its members.
 */
export function encloseMembers(spec: WorkflowSpec, sizeOf?: SizeLookup, zoneIds?: Iterable<string>): WorkflowSpec {
  const wanted = zoneIds ? new Set(zoneIds) : undefined;
  const zones = mapWhere(
    spec.zones,
    (z) => !!z.position && !!z.size && (!wanted || wanted.has(z.id)),
    (z) => {
      const r = storedZoneRect(spec, z, sizeOf);
      const grown = clampZoneRect(spec, z.id, r, sizeOf);
      if (grown === r) return z;
      const g = roundOut(grown);
      return { ...z, position: { x: g.x, y: g.y }, size: { width: g.width, height: g.height } };
    },
  );
  return zones === spec.zones ? spec : { ...spec, zones };
}

/** The zones the given nodes belong to. */
export function zonesOf(spec: WorkflowSpec, nodeIds: Iterable<string>): Set<string> {
  const ids = new Set(nodeIds);
  const out = new Set<string>();
  for (const n of spec.nodes) if (n.zone && ids.has(n.id)) out.add(n.zone);
  return out;
}

/**
 * Puts node `nodeId` in zone `zoneId` (or out of every zone): a node whose box is not inside
 * the zone already moves to the right of the zone's other members (or to the zone's
 * top-left corner when it has none), and the zone grows around it.
 */
export function placeInZone(
  spec: WorkflowSpec,
  nodeId: string,
  zoneId: string | undefined,
  sizeOf?: SizeLookup,
): WorkflowSpec {
  const node = spec.nodes.find((n) => n.id === nodeId);
  const zone = zoneId === undefined ? undefined : spec.zones.find((z) => z.id === zoneId);
  if (!node || (zoneId !== undefined && !zone)) return spec;
  if (!zone) return node.zone === undefined ? spec : withNode(spec, nodeId, { zone: undefined });
  const frozen = freezeZones(spec, sizeOf);
  const rect = storedZoneRect(frozen, frozen.zones.find((z) => z.id === zone.id) as Zone, sizeOf);
  const box = { ...node.position, ...(sizeOf?.(nodeId) ?? DEFAULT_NODE_SIZE) };
  let position = node.position;
  if (!rectContains(rect, box)) {
    const others = frozen.nodes.filter((n) => n.zone === zone.id && n.id !== nodeId);
    const frame = others.length ? membersFrame({ ...frozen, nodes: others }, zone.id, sizeOf) : undefined;
    position = frame
      ? { x: frame.x + frame.width - ZONE_PADDING + 48, y: frame.y + ZONE_PADDING + ZONE_HEADER }
      : { x: rect.x + ZONE_PADDING, y: rect.y + ZONE_PADDING + ZONE_HEADER };
  }
  return encloseMembers(withNode(frozen, nodeId, { zone: zone.id, position }), sizeOf, [zone.id]);
}

function withNode(spec: WorkflowSpec, id: string, patch: { zone: string | undefined; position?: Point }): WorkflowSpec {
  return {
    ...spec,
    nodes: mapWhere(
      spec.nodes,
      (n) => n.id === id,
      (n) => withPatch(n, patch),
    ),
  };
}

/**
 * Resizes a zone. The rectangle cannot cut a member out (it is clamped to enclose them);
 * steps whose centre it now covers join it, and the zones that gained steps grow around them.
 */
export function resizeZone(spec: WorkflowSpec, id: string, rect: Rect, sizeOf?: SizeLookup): WorkflowSpec {
  const r = roundOut(clampZoneRect(spec, id, rect, sizeOf));
  const resized = updateZone(freezeZones(spec, sizeOf), id, {
    position: { x: r.x, y: r.y },
    size: { width: r.width, height: r.height },
  });
  // Only steps the new rectangle covers can change zone: a resize never moves a step elsewhere.
  const covered = resized.nodes.filter((n) => contains(r, nodeCentre(n.position, sizeOf?.(n.id)))).map((n) => n.id);
  const assigned = assignZones(resized, covered, sizeOf);
  const before = new Map(spec.nodes.map((n) => [n.id, n.zone]));
  const gained = new Set([id]);
  for (const n of assigned.nodes) if (n.zone && before.get(n.id) !== n.zone) gained.add(n.zone);
  return encloseMembers(assigned, sizeOf, gained);
}

/** Renames a zone id and every node's reference to it; returns an error message when refused. */
export function renameZone(spec: WorkflowSpec, from: string, to: string): WorkflowSpec | string {
  if (from === to) return spec;
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(to))
    return 'An id starts with a letter and uses only letters, digits, "_" or "-" (max 64).';
  if (spec.zones.some((z) => z.id === to)) return `A zone with id "${to}" already exists.`;
  if (!spec.zones.some((z) => z.id === from)) return `There is no zone "${from}".`;
  return {
    ...spec,
    zones: spec.zones.map((z) => (z.id === from ? { ...z, id: to } : z)),
    nodes: spec.nodes.map((n) => (n.zone === from ? { ...n, zone: to } : n)),
  };
}
