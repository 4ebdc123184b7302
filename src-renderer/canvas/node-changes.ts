/**
 * Translating React Flow's change events into store updates. The spec only changes when a
 * gesture ends (drop, drag stop, resize end, connect): in-flight drags live in the UI
 * store, so a drag is one undo step and the spec is not rebuilt 60 times a second.
 */
import type { EdgeChange, InternalNode, NodeChange, XYPosition } from '@xyflow/react';
import { isZoneFlowId, zoneIdOf, type FlowEdge, type FlowNode } from '../model/flow-mapping';
import type { Point, Selection } from '../model/spec-ops';
import type { Size } from '../model/zones';
import { moveNodes } from '../model/spec-ops';
import { assignZones, freezeZones, moveZone, zoneRect } from '../model/zones';
import { enclosing, sizeOf } from '../store/actions';
import { edit, select, useDoc } from '../store/doc-store';
import { useUi } from '../store/ui-store';

export function onNodesChange(changes: NodeChange<FlowNode>[]): void {
  let measured: Record<string, Size> | undefined;
  let dragging: Record<string, XYPosition> | undefined;
  let selection: { nodes: Set<string>; zones: Set<string> } | undefined;
  const ui = useUi.getState();
  const keyboardMoves: Array<[string, XYPosition]> = [];
  for (const c of changes) {
    if (c.type === 'dimensions' && c.dimensions) {
      const old = ui.measured[c.id];
      if (!old || old.width !== c.dimensions.width || old.height !== c.dimensions.height) {
        measured ??= { ...ui.measured };
        measured[c.id] = { width: c.dimensions.width, height: c.dimensions.height };
      }
    } else if (c.type === 'position' && c.dragging && c.position) {
      dragging ??= { ...ui.dragging };
      dragging[c.id] = c.position;
    } else if (c.type === 'position' && !c.dragging && c.position && !Object.keys(ui.dragging).length) {
      // Not the end of a mouse drag (commitDrag handles that): arrow keys moved the selection.
      keyboardMoves.push([c.id, c.position]);
    } else if (c.type === 'select') {
      if (!selection) {
        const sel = useDoc.getState().selection;
        selection = { nodes: new Set(sel.nodes), zones: new Set(sel.zones) };
      }
      const set = isZoneFlowId(c.id) ? selection.zones : selection.nodes;
      const id = isZoneFlowId(c.id) ? zoneIdOf(c.id) : c.id;
      if (c.selected) set.add(id);
      else set.delete(id);
    }
    // 'remove' is ignored: deletion goes through the store (one undoable edit for nodes and edges).
  }
  if (measured || dragging) useUi.setState({ ...(measured ? { measured } : {}), ...(dragging ? { dragging } : {}) });
  if (keyboardMoves.length) commitKeyboardMoves(keyboardMoves);
  if (selection) {
    const cur = useDoc.getState().selection;
    select({ nodes: [...selection.nodes], zones: [...selection.zones], edges: cur.edges });
  }
}

export function onEdgesChange(changes: EdgeChange<FlowEdge>[]): void {
  let edges: Set<string> | undefined;
  for (const c of changes) {
    if (c.type !== 'select') continue;
    edges ??= new Set(useDoc.getState().selection.edges);
    if (c.selected) edges.add(c.id);
    else edges.delete(c.id);
  }
  if (edges) {
    const cur = useDoc.getState().selection;
    select({ ...cur, edges: [...edges] });
  }
}

/**
 * Commits a finished drag: zones move with their members, then the other dragged nodes
 * land where they were dropped and join (or leave) the zone under their centre; a zone
 * grows around a member dropped at (or over) its edge.
 */
export function commitDrag(
  dragged: readonly FlowNode[],
  internal: (id: string) => InternalNode<FlowNode> | undefined,
): void {
  const zones: Array<[string, Point]> = [];
  const steps = new Map<string, Point>();
  for (const n of dragged) {
    const abs = internal(n.id)?.internals.positionAbsolute ?? n.position;
    if (isZoneFlowId(n.id)) zones.push([zoneIdOf(n.id), abs]);
    else steps.set(n.id, abs);
  }
  useUi.setState({ dragging: {} });
  if (!zones.length && !steps.size) return;
  const movedZones = new Set(zones.map(([id]) => id));
  const label =
    zones.length && !steps.size ? 'move zone' : steps.size + zones.length > 1 ? 'move selection' : 'move node';
  edit(label, (spec) => {
    // Membership is judged against the zones as they were drawn when the drag began.
    let next = freezeZones(spec, sizeOf);
    for (const [id, to] of zones) next = moveZone(next, id, to, sizeOf);
    // Members of a moved zone already travelled with it.
    for (const id of steps.keys())
      if (movedZones.has(next.nodes.find((n) => n.id === id)?.zone ?? '')) steps.delete(id);
    next = moveNodes(next, steps);
    return enclosing(assignZones(next, [...steps.keys()], sizeOf), steps.keys());
  });
}

/**
 * Arrow-key moves (React Flow's keyboard a11y): positions arrive relative to a node's zone.
 * Holding a key is one undo step.
 */
function commitKeyboardMoves(moves: Array<[string, XYPosition]>): void {
  edit(
    'move (keyboard)',
    (spec) => {
      let next = freezeZones(spec, sizeOf);
      const steps = new Map<string, Point>();
      for (const [id, pos] of moves) {
        if (isZoneFlowId(id)) {
          next = moveZone(next, zoneIdOf(id), pos, sizeOf);
          continue;
        }
        const node = next.nodes.find((n) => n.id === id);
        const zone = node?.zone ? next.zones.find((z) => z.id === node.zone) : undefined;
        const origin = zone ? zoneRect(next, zone, sizeOf) : { x: 0, y: 0 };
        steps.set(id, { x: origin.x + pos.x, y: origin.y + pos.y });
      }
      return enclosing(moveNodes(next, steps), steps.keys());
    },
    { coalesce: 'keyboard-move' },
  );
}

export function selectionFromIds(ids: { nodes?: string[]; edges?: string[]; zones?: string[] }): Selection {
  return { nodes: ids.nodes ?? [], edges: ids.edges ?? [], zones: ids.zones ?? [] };
}
