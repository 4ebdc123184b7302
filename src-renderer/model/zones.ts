/**
 * Autonomy zones on the canvas: their rectangles and which nodes they contain. A zone
 * without a stored position/size (hand-written specs) is drawn around its members, so a
 * zone is always visible and draggable.
 */
import type { WorkflowSpec, Zone } from '../../shared/spec/schema';
import { uniqueId, uniqueName } from './ids';
import { mapWhere, withPatch } from './patch';
import type { Point } from './spec-ops';

export interface Size {
  width: number;
  height: number;
}
export interface Rect extends Point, Size {}

/** Size assumed for a node the canvas has not measured yet. */
export const DEFAULT_NODE_SIZE: Size = { width: 240, height: 76 };
export const ZONE_PADDING = 32;
/** Room above the members for the zone's title bar. */
export const ZONE_HEADER = 36;
const EMPTY_ZONE: Size = { width: 420, height: 260 };

export type SizeLookup = (nodeId: string) => Size | undefined;

const ZONE_COLOURS = ['#6b7cff', '#12a594', '#e5484d', '#f76b15', '#8e4ec6', '#0090ff'];

/** The zone's rectangle in absolute canvas coordinates. */
export function zoneRect(spec: WorkflowSpec, zone: Zone, sizeOf: SizeLookup = () => undefined): Rect {
  if (zone.position && zone.size) return { ...zone.position, ...zone.size };
  const members = spec.nodes.filter((n) => n.zone === zone.id);
  if (!members.length) return { x: zone.position?.x ?? 0, y: zone.position?.y ?? 0, ...(zone.size ?? EMPTY_ZONE) };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of members) {
    const s = sizeOf(n.id) ?? DEFAULT_NODE_SIZE;
    minX = Math.min(minX, n.position.x);
    minY = Math.min(minY, n.position.y);
    maxX = Math.max(maxX, n.position.x + s.width);
    maxY = Math.max(maxY, n.position.y + s.height);
  }
  const x = zone.position?.x ?? minX - ZONE_PADDING;
  const y = zone.position?.y ?? minY - ZONE_PADDING - ZONE_HEADER;
  return {
    x,
    y,
    width: zone.size?.width ?? maxX + ZONE_PADDING - x,
    height: zone.size?.height ?? maxY + ZONE_PADDING - y,
  };
}

function contains(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
}

/** The innermost (smallest) zone containing the point, if any. */
export function zoneAt(spec: WorkflowSpec, p: Point, sizeOf?: SizeLookup): string | undefined {
  let best: { id: string; area: number } | undefined;
  for (const z of spec.zones) {
    const r = zoneRect(spec, z, sizeOf);
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
  const frozen = freezeZones(spec, sizeOf);
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

/** Writes the drawn rectangle of every derived zone into the spec, so it stops moving. */
export function freezeZones(spec: WorkflowSpec, sizeOf?: SizeLookup): WorkflowSpec {
  if (spec.zones.every((z) => z.position && z.size)) return spec;
  return {
    ...spec,
    zones: spec.zones.map((z) => {
      if (z.position && z.size) return z;
      const r = zoneRect(spec, z, sizeOf);
      return { ...z, position: { x: r.x, y: r.y }, size: { width: r.width, height: r.height } };
    }),
  };
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

/** Resizes a zone; membership follows the new rectangle. */
export function resizeZone(spec: WorkflowSpec, id: string, rect: Rect, sizeOf?: SizeLookup): WorkflowSpec {
  const resized = updateZone(spec, id, {
    position: { x: Math.round(rect.x), y: Math.round(rect.y) },
    size: { width: Math.round(rect.width), height: Math.round(rect.height) },
  });
  return assignZones(
    resized,
    resized.nodes.map((n) => n.id),
    sizeOf,
  );
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
