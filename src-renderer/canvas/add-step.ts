/**
 * Adding a step from the picker: the new step, and its connection from the port it was
 * added from, are one undoable edit; the new step is selected and its name field focused
 * in the inspector, ready to type over.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import { checkConnection } from '../model/connection-rules';
import { addEdge, addNode, EMPTY_SELECTION, type Point } from '../model/spec-ops';
import { placeAtDrop, placeRightOf } from '../model/placement';
import { DEFAULT_NODE_SIZE, encloseMembers, freezeZones, nodeCentre, zoneAt, type Rect } from '../model/zones';
import { sizeOf } from '../store/actions';
import { edit, useDoc } from '../store/doc-store';
import { toast } from '../store/ui-store';
import type { Placement, PortRef } from './overlay-store';

/** Top-left of a new step for a placement, clear of the steps already on the canvas. */
export function placementPoint(place: Placement, from: PortRef | undefined): Point {
  const size = DEFAULT_NODE_SIZE;
  if (place.kind === 'drop') return placeAtDrop(place.at, size);
  if (place.kind === 'centre')
    return { x: Math.round(place.at.x - size.width / 2), y: Math.round(place.at.y - size.height / 2) };
  const spec = useDoc.getState().spec;
  const rects: Rect[] = spec.nodes.map((n) => ({ ...n.position, ...(sizeOf(n.id) ?? DEFAULT_NODE_SIZE) }));
  const source = spec.nodes.find((n) => n.id === from?.source);
  if (!source) return { x: 0, y: Math.round(place.portY) };
  const rect = { ...source.position, ...(sizeOf(source.id) ?? DEFAULT_NODE_SIZE) };
  return placeRightOf(rect, place.portY, size, rects);
}

/**
 * Pans (zoom unchanged) just enough for a rect (flow coordinates) to be in view, as when a
 * step added to the right of the last one would land past the canvas' edge.
 */
export function panIntoView(rf: ReactFlowInstance, rect: Rect, margin = 48): void {
  const el = document.querySelector('.wm-canvas')?.getBoundingClientRect();
  if (!el) return;
  const a = rf.flowToScreenPosition({ x: rect.x, y: rect.y });
  const b = rf.flowToScreenPosition({ x: rect.x + rect.width, y: rect.y + rect.height });
  const dx = b.x > el.right - margin ? el.right - margin - b.x : a.x < el.left + margin ? el.left + margin - a.x : 0;
  const dy = b.y > el.bottom - margin ? el.bottom - margin - b.y : a.y < el.top + margin ? el.top + margin - a.y : 0;
  if (!dx && !dy) return;
  const v = rf.getViewport();
  void rf.setViewport({ x: v.x + dx, y: v.y + dy, zoom: v.zoom }, { duration: 200 });
}

/** Adds a step of `type` at `topLeft`, connected from `from` when given; returns its id. */
export function addStep(type: string, topLeft: Point, from?: PortRef, rf?: ReactFlowInstance): string {
  let id = '';
  let refused: string | undefined;
  edit(from ? `add ${type} after ${from.source}` : `add ${type}`, (spec) => {
    // As addNodeAt: the step joins the zone it lands in, which grows around it.
    const frozen = freezeZones(spec, sizeOf);
    const zone = zoneAt(frozen, nodeCentre(topLeft, undefined), sizeOf);
    const r = addNode(zone ? frozen : spec, type, topLeft, zone);
    id = r.id;
    const added = zone ? encloseMembers(r.spec, sizeOf, [zone]) : r.spec;
    if (!from) return added;
    const v = checkConnection(added, { source: from.source, sourceHandle: from.handle, target: id });
    if (!v.ok) {
      refused = v.reason;
      return added;
    }
    return addEdge(added, v.edge).spec;
  });
  useDoc.setState({ selection: { ...EMPTY_SELECTION, nodes: [id] } });
  if (refused) toast(refused, 'error');
  if (rf) panIntoView(rf, { ...topLeft, ...DEFAULT_NODE_SIZE });
  focusNameField(id);
  return id;
}

/**
 * Focuses (and selects the text of) the inspector's Name field of step `id` once the
 * inspector shows it; gives up quietly after a second (the inspector may be hidden).
 */
export function focusNameField(id: string): void {
  if (typeof requestAnimationFrame === 'undefined') return; // no page (unit tests)
  let tries = 60;
  const attempt = () => {
    const el = document.getElementById(`node-name-${id}`);
    if (el instanceof HTMLInputElement) {
      el.focus();
      el.select();
      return;
    }
    if (--tries > 0) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
