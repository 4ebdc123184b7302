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

/** The lowest zoom the canvas allows for `spec`: 0.05, or lower when that is what fits the whole workflow. */
export function minZoomFor(spec: WorkflowSpec, sizeOf: SizeLookup): number {
  const r = specBounds(spec, sizeOf);
  if (!r) return MIN_ZOOM;
  // Against a small canvas (400 × 300), so the fit of any real canvas is above it.
  return Math.min(MIN_ZOOM, 400 / (r.width * 1.3), 300 / (r.height * 1.3));
}

export const MIN_ZOOM = 0.05;

export interface FitOptions {
  maxZoom?: number;
  padding?: number;
  duration?: number;
}

/** Moves the viewport so `rect` fills the canvas (never zooming in past `maxZoom`). */
export function fitRect(rf: ReactFlowInstance<FlowNode, FlowEdge>, rect: Rect, opts: FitOptions = {}): void {
  const el = document.querySelector('.wm-canvas .react-flow');
  if (!el) return;
  const vp = getViewportForBounds(rect, el.clientWidth, el.clientHeight, 1e-4, opts.maxZoom ?? 1, opts.padding ?? 0.12);
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
