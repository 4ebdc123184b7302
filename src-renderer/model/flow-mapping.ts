/**
 * Spec → React Flow mapping. The spec is the single source of truth; canvas nodes and
 * edges are derived from it plus UI state (selection, measured sizes, in-flight drags).
 * Derived objects are cached per element and reused while their inputs are identical, so
 * React Flow and the memoized node components skip everything that did not change.
 *
 * Zones become group nodes (`zone:<id>`) and their members are children with positions
 * relative to the zone, which is how dragging a zone carries its nodes along.
 */
import type { Edge, Node, XYPosition } from '@xyflow/react';
import { edgePortKey } from '../../shared/spec/graph';
import type { SpecEdge, SpecNode, WorkflowSpec, Zone } from '../../shared/spec/schema';
import { orphanEdges, orphanLabel, orphanPortsByNode } from './orphans';
import type { Selection } from './spec-ops';
import { zoneRect, type Rect, type Size } from './zones';

export type StepNodeData = {
  node: SpecNode;
  zoneColor: string | undefined;
  /** Ports the step no longer has but edges still leave by (drawn as ghost ports). */
  orphanPorts?: readonly string[];
};
export type ZoneNodeData = { zone: Zone };
export type StepFlowNode = Node<StepNodeData, 'step'>;
export type ZoneFlowNode = Node<ZoneNodeData, 'zone'>;
export type FlowNode = StepFlowNode | ZoneFlowNode;
export type FlowEdgeData = {
  kind: SpecEdge['kind'];
  branch: string | undefined;
  maxTraversals: number | undefined;
  /** The missing port key, when the edge's source step no longer has the port it leaves by. */
  orphan?: string;
};
export type FlowEdge = Edge<FlowEdgeData, 'waymark'>;

export const ZONE_PREFIX = 'zone:';
export const zoneFlowId = (zoneId: string) => `${ZONE_PREFIX}${zoneId}`;
export const isZoneFlowId = (flowId: string) => flowId.startsWith(ZONE_PREFIX);
export const zoneIdOf = (flowId: string) => flowId.slice(ZONE_PREFIX.length);

export interface FlowUi {
  selection: Selection;
  /** Measured sizes by flow id (React Flow needs them back on controlled nodes). */
  measured: Readonly<Record<string, Size>>;
  /** Positions (in React Flow coordinates) of nodes being dragged right now. */
  dragging: Readonly<Record<string, XYPosition>>;
  /** Sizes of zones being resized right now. */
  resizing: Readonly<Record<string, Rect>>;
}

interface Cached<T> {
  deps: unknown[];
  value: T;
}

/** Per-element memo: returns the previous value while every dependency is identical. */
export class FlowCache {
  private nodes = new Map<string, Cached<FlowNode>>();
  private edges = new Map<string, Cached<FlowEdge>>();

  node<T extends FlowNode>(id: string, deps: unknown[], make: () => T): T {
    return memo(this.nodes, id, deps, make) as T;
  }
  edge(id: string, deps: unknown[], make: () => FlowEdge): FlowEdge {
    return memo(this.edges, id, deps, make);
  }
  /** Drops entries for elements that no longer exist. */
  prune(nodeIds: Set<string>, edgeIds: Set<string>): void {
    for (const k of this.nodes.keys()) if (!nodeIds.has(k)) this.nodes.delete(k);
    for (const k of this.edges.keys()) if (!edgeIds.has(k)) this.edges.delete(k);
  }
}

function memo<T>(map: Map<string, Cached<T>>, id: string, deps: unknown[], make: () => T): T {
  const hit = map.get(id);
  if (hit && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i])) return hit.value;
  const value = make();
  map.set(id, { deps, value });
  return value;
}

/** Canvas nodes for a spec: zones first (React Flow wants parents before children). */
export function buildFlowNodes(spec: WorkflowSpec, ui: FlowUi, cache: FlowCache): FlowNode[] {
  const sel = { nodes: new Set(ui.selection.nodes), zones: new Set(ui.selection.zones) };
  const sizeOf = (id: string) => ui.measured[id];
  const rects = new Map<string, Rect>();
  const out: FlowNode[] = [];
  for (const zone of spec.zones) {
    const fid = zoneFlowId(zone.id);
    const rect = ui.resizing[fid] ?? zoneRect(spec, zone, sizeOf);
    rects.set(zone.id, rect);
    const drag = ui.dragging[fid];
    const selected = sel.zones.has(zone.id);
    out.push(
      // A zone's size is the spec's (or the resize preview's), never what React Flow last
      // measured: a resize stopped at the zone's steps must start the next one from there.
      cache.node(fid, [zone, rect.x, rect.y, rect.width, rect.height, drag, selected], () => ({
        id: fid,
        type: 'zone',
        position: drag ?? { x: rect.x, y: rect.y },
        width: rect.width,
        height: rect.height,
        data: { zone },
        selected,
        zIndex: -1,
        measured: { width: rect.width, height: rect.height },
        ariaLabel: `Zone ${zone.name}`,
      })),
    );
  }
  const zoneColor = new Map(spec.zones.map((z) => [z.id, z.color]));
  const ghosts = orphanPortsByNode(spec);
  for (const node of spec.nodes) {
    const orphanPorts = ghosts.get(node.id);
    const ghostKey = orphanPorts?.join('|');
    const rect = node.zone ? rects.get(node.zone) : undefined;
    const drag = ui.dragging[node.id];
    const selected = sel.nodes.has(node.id);
    const measured = ui.measured[node.id];
    const color = node.zone ? zoneColor.get(node.zone) : undefined;
    out.push(
      cache.node(node.id, [node, rect?.x, rect?.y, drag, selected, measured, color, ghostKey], () => ({
        id: node.id,
        type: 'step',
        position: drag ?? (rect ? { x: node.position.x - rect.x, y: node.position.y - rect.y } : node.position),
        data: { node, zoneColor: color, ...(orphanPorts ? { orphanPorts } : {}) },
        selected,
        ...(rect && node.zone ? { parentId: zoneFlowId(node.zone) } : {}),
        ...(measured ? { measured } : {}),
        ariaLabel: `${node.name} (${node.type})`,
      })),
    );
  }
  return out;
}

export function buildFlowEdges(spec: WorkflowSpec, ui: Pick<FlowUi, 'selection'>, cache: FlowCache): FlowEdge[] {
  const sel = new Set(ui.selection.edges);
  const orphans = orphanEdges(spec);
  return spec.edges.map((e) => {
    const selected = sel.has(e.id);
    const orphan = orphans.get(e.id)?.port;
    return cache.edge(e.id, [e, selected, orphan], () => ({
      id: e.id,
      type: 'waymark',
      source: e.source,
      target: e.target,
      sourceHandle: edgePortKey(e),
      targetHandle: 'in',
      selected,
      data: { kind: e.kind, branch: e.branch, maxTraversals: e.maxTraversals, ...(orphan ? { orphan } : {}) },
      className: `wm-edge wm-edge--${e.kind}${orphan ? ' wm-edge--orphan' : ''}`,
      ariaLabel: `Edge from ${e.source} to ${e.target}${e.kind === 'branch' ? ` on branch ${e.branch ?? ''}` : e.kind === 'error' ? ' on error' : ''}${orphan ? ` (${orphanLabel(orphan).toLowerCase()})` : ''}`,
    }));
  });
}

/** Absolute positions of the step nodes in a list of canvas nodes (children are relative to their zone). */
export function absolutePositions(nodes: readonly FlowNode[]): Map<string, XYPosition> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, XYPosition>();
  for (const n of nodes) {
    if (n.type !== 'step') continue;
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    out.set(
      n.id,
      parent ? { x: parent.position.x + n.position.x, y: parent.position.y + n.position.y } : { ...n.position },
    );
  }
  return out;
}
