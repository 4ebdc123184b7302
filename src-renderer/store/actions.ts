/**
 * Document actions: each one is a named, undoable edit built from the pure operations in
 * model/. Components call these; they never mutate the spec themselves.
 */
import type { SpecEdge, SpecNode, WorkflowSpec, Zone } from '../../shared/spec/schema';
import { copySelection, pasteInto, type ClipboardPayload } from '../model/clipboard';
import { checkConnection, type ConnectionRequest, type ConnectionVerdict } from '../model/connection-rules';
import { followPortRenames, type PortRename } from '../model/orphans';
import {
  addEdge,
  addNode,
  EMPTY_SELECTION,
  moveNodes,
  removeElements,
  renameNode,
  setConfigValue,
  updateEdge,
  updateNode,
  updateWorkflow,
  type Point,
} from '../model/spec-ops';
import {
  addZone,
  assignZones,
  clampZoneRect,
  encloseMembers,
  freezeZones,
  moveZone,
  nodeCentre,
  placeInZone,
  renameZone,
  resizeZone,
  updateZone,
  zoneAt,
  zonesOf,
  type Rect,
  type SizeLookup,
} from '../model/zones';
import { edit, useDoc } from './doc-store';
import { toast, useUi } from './ui-store';

export const sizeOf: SizeLookup = (id) => useUi.getState().measured[id];

/** Adds a node centred on `at` (flow coordinates); it joins the zone it lands in, which grows around it. */
export function addNodeAt(type: string, at: Point): string {
  let id = '';
  const topLeft = { x: at.x - 120, y: at.y - 38 };
  edit(`add ${type}`, (spec) => {
    const frozen = freezeZones(spec, sizeOf);
    const zone = zoneAt(frozen, nodeCentre(topLeft, undefined), sizeOf);
    const r = addNode(zone ? frozen : spec, type, topLeft, zone);
    id = r.id;
    return zone ? encloseMembers(r.spec, sizeOf, [zone]) : r.spec;
  });
  useDoc.setState({ selection: { ...EMPTY_SELECTION, nodes: [id] } });
  return id;
}

export function connect(req: ConnectionRequest): ConnectionVerdict {
  const verdict = checkConnection(useDoc.getState().spec, req);
  if (verdict.ok) {
    edit('connect', (spec) => {
      const base = req.replacing ? { ...spec, edges: spec.edges.filter((e) => e.id !== req.replacing) } : spec;
      return addEdge(base, verdict.edge).spec;
    });
  }
  return verdict;
}

export function deleteSelection(): void {
  const sel = useDoc.getState().selection;
  edit('delete', (spec) => removeElements(spec, sel), { select: EMPTY_SELECTION });
}

export function deleteElements(sel: { nodes?: string[]; edges?: string[]; zones?: string[] }): void {
  edit('delete', (spec) =>
    removeElements(spec, { nodes: sel.nodes ?? [], edges: sel.edges ?? [], zones: sel.zones ?? [] }),
  );
}

export function copyCurrent(): ClipboardPayload | undefined {
  const s = useDoc.getState();
  return copySelection(s.spec, s.selection);
}

export function paste(payload: ClipboardPayload, offset: Point): void {
  let pasted = EMPTY_SELECTION;
  edit('paste', (spec) => {
    const r = pasteInto(freezeZones(spec, sizeOf), payload, offset);
    pasted = { nodes: r.nodes, edges: r.edges, zones: r.zones };
    // Steps pasted without their zone join the zone they land in (or none); zones grow around them.
    const carried = new Set(r.zones);
    const loose = r.spec.nodes.filter((n) => r.nodes.includes(n.id) && !(n.zone && carried.has(n.zone)));
    const placed = assignZones(
      r.spec,
      loose.map((n) => n.id),
      sizeOf,
    );
    return encloseMembers(placed, sizeOf, zonesOf(placed, r.nodes));
  });
  useDoc.setState({ selection: pasted });
}

export function duplicateSelection(): void {
  const payload = copyCurrent();
  if (payload) paste(payload, { x: 40, y: 40 });
}

/** Commits dragged node positions (absolute) and updates zone membership from where they landed. */
export function commitNodeMoves(positions: Map<string, Point>): void {
  if (!positions.size) return;
  edit(positions.size > 1 ? `move ${positions.size} nodes` : 'move node', (spec) =>
    enclosing(
      assignZones(moveNodes(freezeZones(spec, sizeOf), positions), [...positions.keys()], sizeOf),
      positions.keys(),
    ),
  );
}

/** `spec` with the zones of `nodeIds` grown around their members. */
export function enclosing(spec: WorkflowSpec, nodeIds: Iterable<string>): WorkflowSpec {
  return encloseMembers(spec, sizeOf, zonesOf(spec, nodeIds));
}

export function commitZoneMove(zoneId: string, to: Point): void {
  edit('move zone', (spec) => moveZone(spec, zoneId, to, sizeOf));
}

/** The resize preview of a zone: never smaller than what its steps need. */
export function previewZoneResize(zoneId: string, rect: Rect): Rect {
  return clampZoneRect(useDoc.getState().spec, zoneId, rect, sizeOf);
}

/** Commits a zone resize; one that would cut a step out stops at the steps, and says so. */
export function commitZoneResize(zoneId: string, rect: Rect): void {
  const spec = useDoc.getState().spec;
  const clamped = clampZoneRect(spec, zoneId, rect, sizeOf);
  edit('resize zone', (s) => resizeZone(s, zoneId, rect, sizeOf));
  if (clamped !== rect) {
    const name = spec.zones.find((z) => z.id === zoneId)?.name ?? zoneId;
    toast(`Zone “${name}” stops at its steps: drag a step out of the zone first to make it smaller.`, 'info');
  }
}

export function createZone(rect: Rect): string {
  let id = '';
  edit('add zone', (spec) => {
    const r = addZone(freezeZones(spec, sizeOf), rect);
    id = r.id;
    const assigned = assignZones(
      r.spec,
      r.spec.nodes.map((n) => n.id),
      sizeOf,
    );
    return encloseMembers(assigned, sizeOf, [id]);
  });
  useDoc.setState({ selection: { ...EMPTY_SELECTION, zones: [id] } });
  return id;
}

type NodeFields = Partial<Pick<SpecNode, 'name' | 'retry' | 'timeoutMs' | 'zone' | 'pinned' | 'notes'>>;

/** Inspector edit of a node field; typing into the same field coalesces into one undo step. */
export function setNodeFields(
  id: string,
  patch: { [K in keyof NodeFields]: NodeFields[K] | undefined },
  field: string,
): void {
  // A step put in a zone is drawn inside it (moved there, the zone growing around it).
  const { zone, ...rest } = patch;
  const place = (spec: WorkflowSpec) => ('zone' in patch ? placeInZone(spec, id, zone, sizeOf) : spec);
  edit(`edit ${field}`, (spec) => place(updateNode(spec, id, rest)), {
    coalesce: `node:${id}:${field}`,
    source: 'inspector',
  });
}

/**
 * Inspector edit of a node setting (typing coalesces into one undo step). A port it renames
 * — a decision branch typed key by key — takes its edges along.
 */
export function setNodeConfig(id: string, key: string, value: unknown, rename?: PortRename): void {
  edit(`edit ${key}`, (spec) => followPortRenames(spec, setConfigValue(spec, id, key, value), id, rename), {
    coalesce: `config:${id}:${key}`,
    source: 'inspector',
  });
}

/** Renames a node id (and its references); returns an error message when refused. */
export function renameNodeId(from: string, to: string): string | undefined {
  const r = renameNode(useDoc.getState().spec, from, to);
  if (typeof r === 'string') return r;
  const sel = useDoc.getState().selection;
  edit('rename id', () => r, {
    source: 'inspector',
    select: { ...sel, nodes: sel.nodes.map((n) => (n === from ? to : n)) },
  });
  return undefined;
}

/** Renames a zone id (nodes follow); returns an error message when refused. */
export function renameZoneId(from: string, to: string): string | undefined {
  const r = renameZone(useDoc.getState().spec, from, to);
  if (typeof r === 'string') return r;
  const sel = useDoc.getState().selection;
  edit('rename zone id', () => r, {
    source: 'inspector',
    select: { ...sel, zones: sel.zones.map((z) => (z === from ? to : z)) },
  });
  return undefined;
}

type ZoneFields = { [K in 'name' | 'color' | 'description' | 'policy']?: Zone[K] | undefined };
export function setZoneFields(id: string, patch: ZoneFields, field: string): void {
  edit(`edit zone ${field}`, (spec) => updateZone(spec, id, patch), {
    coalesce: `zone:${id}:${field}`,
    source: 'inspector',
  });
}

export function setEdgeFields(id: string, patch: Partial<Pick<SpecEdge, 'maxTraversals' | 'probability'>>): void {
  edit('edit edge', (spec) => updateEdge(spec, id, patch), { coalesce: `edge:${id}`, source: 'inspector' });
}

type WorkflowFields = Parameters<typeof updateWorkflow>[1];
export function setWorkflowFields(patch: WorkflowFields, field: string): void {
  edit(`edit ${field}`, (spec) => updateWorkflow(spec, patch), { coalesce: `workflow:${field}`, source: 'inspector' });
}

/** Replaces the whole spec from the spec view (one undo step per typing burst). */
export function replaceSpec(spec: WorkflowSpec): void {
  edit('edit spec', () => spec, { coalesce: 'spec-view', source: 'spec-view' });
}

export function applyLayout(positions: Map<string, Point>, zones: Map<string, Rect>): void {
  edit('auto-layout', (spec) => {
    let next = moveNodes(spec, positions);
    for (const [id, r] of zones)
      next = updateZone(next, id, { position: { x: r.x, y: r.y }, size: { width: r.width, height: r.height } });
    return encloseMembers(next, sizeOf);
  });
}

export function selectAll(): void {
  const spec = useDoc.getState().spec;
  useDoc.setState({ selection: { nodes: spec.nodes.map((n) => n.id), edges: spec.edges.map((e) => e.id), zones: [] } });
}
