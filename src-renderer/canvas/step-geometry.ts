/**
 * Each step's size and handle anchors as the canvas drew them (React Flow's measured
 * handle bounds), for auto-layout's fixed ports; a step never measured (off screen with
 * visible-only rendering) gets the default anchors.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import type { WorkflowSpec } from '../../shared/spec/schema';
import type { FlowEdge, FlowNode } from '../model/flow-mapping';
import { handleId, hasInput, nodePorts } from '../model/ports';
import type { Point } from '../model/spec-ops';
import { DEFAULT_NODE_SIZE, type SizeLookup } from '../model/zones';
import { defaultGeometry, type StepGeometry } from './layout-graph';

/** About how tall the full look of a step with `ports` outputs is (head, summary, port rows). */
export function fullHeightEstimate(ports: number): number {
  return 70 + 20 * Math.max(1, ports);
}

export function geometryLookup(
  rf: ReactFlowInstance<FlowNode, FlowEdge> | undefined,
  spec: WorkflowSpec,
  sizeOf: SizeLookup,
): (id: string) => StepGeometry | undefined {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  return (id) => {
    const node = byId.get(id);
    if (!node) return undefined;
    const outs = nodePorts(node).map(handleId);
    // Laid out for the tallest look (full), whatever the zoom now: zooming in must not make
    // steps grow into each other or into the routes.
    const measured = sizeOf(id) ?? DEFAULT_NODE_SIZE;
    const size = { width: measured.width, height: Math.max(measured.height, fullHeightEstimate(outs.length)) };
    const fallback = defaultGeometry(size, outs, !hasInput(node));
    const bounds = rf?.getInternalNode(id)?.internals.handleBounds;
    if (!bounds?.source?.length) return fallback;
    const anchor = (h: { x: number; y: number; width: number; height: number; position: string }): Point => ({
      x: Math.round(h.position === 'left' ? h.x : h.x + h.width),
      y: Math.round(h.y + h.height / 2),
    });
    const outputs: Record<string, Point> = {};
    for (const h of bounds.source) if (h.id) outputs[h.id] = anchor(h);
    const input = bounds.target?.find((h) => h.id === 'in');
    return {
      ...size,
      outputs,
      ...(input ? { input: anchor(input) } : fallback.input ? { input: fallback.input } : {}),
    };
  };
}
