/**
 * Fitting the view from the spec rather than from React Flow's measurements: with
 * visible-only rendering, nodes that were never on screen were never measured, and React
 * Flow's own fitView would ignore them (opening a wide workflow would show a corner of it).
 */
import { getViewportForBounds, type ReactFlowInstance } from '@xyflow/react';
import type { WorkflowSpec } from '../../shared/spec/schema';
import type { FlowEdge, FlowNode } from '../model/flow-mapping';
import { DEFAULT_NODE_SIZE, zoneRect, type Rect, type SizeLookup } from '../model/zones';

/** The rectangle around the given nodes (all nodes and zones when `ids` is absent). */
export function specBounds(spec: WorkflowSpec, sizeOf: SizeLookup, ids?: readonly string[]): Rect | undefined {
  const rects: Rect[] = [];
  const wanted = ids ? new Set(ids) : undefined;
  for (const n of spec.nodes)
    if (!wanted || wanted.has(n.id)) rects.push({ ...n.position, ...(sizeOf(n.id) ?? DEFAULT_NODE_SIZE) });
  if (!wanted) for (const z of spec.zones) rects.push(zoneRect(spec, z, sizeOf));
  if (!rects.length) return undefined;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  return {
    x,
    y,
    width: Math.max(...rects.map((r) => r.x + r.width)) - x,
    height: Math.max(...rects.map((r) => r.y + r.height)) - y,
  };
}

export interface FitOptions {
  maxZoom?: number;
  padding?: number;
  duration?: number;
}

/** Moves the viewport so `rect` fills the canvas (never zooming in past `maxZoom`). */
export function fitRect(rf: ReactFlowInstance<FlowNode, FlowEdge>, rect: Rect, opts: FitOptions = {}): void {
  const el = document.querySelector('.wm-canvas .react-flow');
  if (!el) return;
  const vp = getViewportForBounds(rect, el.clientWidth, el.clientHeight, 0.05, opts.maxZoom ?? 1, opts.padding ?? 0.12);
  void rf.setViewport(vp, opts.duration ? { duration: opts.duration } : undefined);
}

export function fitSpec(
  rf: ReactFlowInstance<FlowNode, FlowEdge>,
  spec: WorkflowSpec,
  sizeOf: SizeLookup,
  opts?: FitOptions,
): void {
  const r = specBounds(spec, sizeOf);
  if (r) fitRect(rf, r, opts);
}
