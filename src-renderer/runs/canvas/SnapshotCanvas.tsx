/**
 * A past run on the spec snapshot it ran with: the same node and edge components as the
 * editor's canvas, read-only (no dragging, connecting or deleting), with the run's path and
 * per-node results painted by the same overlays. The document is untouched; "Back to
 * document" returns to it.
 */
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  ReactFlow,
  useReactFlow,
  type NodeMouseHandler,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { StepNode } from '../../canvas/StepNode';
import { fitSpec } from '../../canvas/viewport';
import { WaymarkEdge } from '../../canvas/WaymarkEdge';
import { ZoneNode } from '../../canvas/ZoneNode';
import { buildFlowEdges, buildFlowNodes, FlowCache, type FlowEdge, type FlowNode } from '../../model/flow-mapping';
import { EMPTY_SELECTION } from '../../model/spec-ops';
import { sizeOf } from '../../store/actions';
import { backToDocument, selectSpan } from '../store/run-actions';
import { trace, useRuns } from '../store/runs-store';

const nodeTypes = { step: StepNode, zone: ZoneNode };
const edgeTypes = { waymark: WaymarkEdge };
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };
const NONE = {};

export function SnapshotCanvas() {
  const viewing = useRuns((s) => s.viewing);
  const selectedSpan = useRuns((s) => s.selectedSpan);
  const [selected, setSelected] = useState<string | undefined>();
  const nodeCache = useRef(new FlowCache());
  const edgeCache = useRef(new FlowCache());
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const spec = viewing?.spec;
  // The trace's selection selects its node here (and the other way round, below).
  useEffect(() => {
    const id = selectedSpan === null ? undefined : trace.tree.spans[selectedSpan]?.nodeId;
    if (id) setSelected(id);
  }, [selectedSpan]);
  const nodes = useMemo(() => {
    if (!spec) return [];
    const sel = selected ? { ...EMPTY_SELECTION, nodes: [selected] } : EMPTY_SELECTION;
    return buildFlowNodes(
      spec,
      { selection: sel, measured: NONE, dragging: NONE, resizing: NONE },
      nodeCache.current,
    ).map((n) => (n.type === 'zone' ? { ...n, selectable: false } : n));
  }, [spec, selected]);
  const edges = useMemo(
    () => (spec ? buildFlowEdges(spec, { selection: EMPTY_SELECTION }, edgeCache.current) : []),
    [spec],
  );
  useEffect(() => {
    if (!spec) return;
    const id = requestAnimationFrame(() => fitSpec(rf, spec, sizeOf));
    return () => cancelAnimationFrame(id);
  }, [spec, rf]);
  const onNodeClick = useCallback<NodeMouseHandler<FlowNode>>((_e, n) => {
    if (n.type !== 'step') return;
    setSelected(n.id);
    const idx = trace.tree.byNode.get(n.id);
    if (idx !== undefined) selectSpan(idx);
  }, []);
  if (!viewing || !spec) return null;
  return (
    <div className="wm-canvas wm-canvas--snapshot" data-testid="snapshot-canvas">
      <div className="wm-snapshot-bar" role="status">
        <span>
          Viewing run <strong>{viewing.runId}</strong> on the workflow as it ran (read-only)
        </span>
        <button
          type="button"
          className="wm-btn wm-btn--secondary wm-btn--sm"
          onClick={backToDocument}
          data-testid="snapshot-back"
        >
          Back to document
        </button>
      </div>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodeClick={onNodeClick}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        onlyRenderVisibleElements
        panOnScroll
        zoomActivationKeyCode={['Meta', 'Control']}
        minZoom={0.05}
        maxZoom={2}
        aria-label="Run snapshot canvas (read-only)"
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1.2} />
        <Controls showInteractive={false} className="wm-controls" aria-label="Zoom controls" />
      </ReactFlow>
    </div>
  );
}
