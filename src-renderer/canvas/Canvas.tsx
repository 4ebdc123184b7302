/**
 * The workflow canvas. Nodes and edges are derived from the spec (see model/flow-mapping);
 * gestures end in store actions. Performance: `nodeTypes`/`edgeTypes` at module scope,
 * memoized node components, visible-only rendering, compact nodes at low zoom.
 */
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type IsValidConnection,
  type Node,
  type OnConnectEnd,
  type OnNodeDrag,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, type CSSProperties, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodeCatalog } from '../catalog/catalog';
import { checkConnection } from '../model/connection-rules';
import { buildFlowEdges, buildFlowNodes, FlowCache, type FlowEdge, type FlowNode } from '../model/flow-mapping';
import { DEFAULT_NODE_SIZE } from '../model/zones';
import { addNodeAt, connect, createZone, sizeOf } from '../store/actions';
import { useDoc } from '../store/doc-store';
import { toast, useUi } from '../store/ui-store';
import { commitDrag, onEdgesChange, onNodesChange } from './node-changes';
import { DND_MIME, ZONE_DND_TYPE } from './Palette';
import { StepNode } from './StepNode';
import { useFocusRequests } from './useFocusRequests';
import { fitSpec, minZoomFor } from './viewport';
import { clearRoutes } from './edge-routes';
import { LayoutProgress } from './LayoutProgress';
import { levelOfKey, useZoomKey, ZoomLevelContext } from './zoom-levels';
import { Icon } from '../ui/icons';
import { PolicyLegend } from '../governance/canvas/PolicyLegend';
import { WaymarkEdge } from './WaymarkEdge';
import { ZoneNode } from './ZoneNode';
import { CanvasOverlays, useCanvasMenus } from './CanvasOverlays';
import { openPicker } from './overlay-store';

const nodeTypes = { step: StepNode, zone: ZoneNode };
const edgeTypes = { waymark: WaymarkEdge };
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };
const MINIMAP_STYLE = { width: 168, height: 112 };
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const CATEGORY_COLOURS: Record<string, string> = {
  flow: 'var(--cat-flow)',
  ai: 'var(--cat-ai)',
  integration: 'var(--cat-integration)',
  logic: 'var(--cat-logic)',
  human: 'var(--cat-human)',
};

function minimapColour(n: Node): string {
  if (n.type === 'zone') return 'transparent';
  const type = (n as FlowNode & { type: 'step' }).data.node.type;
  const desc = nodeCatalog().get(type);
  return desc ? (CATEGORY_COLOURS[desc.category] ?? 'var(--fg-3)') : 'var(--fg-3)';
}

function isNodeType(t: string): boolean {
  return nodeCatalog().get(t) !== undefined;
}

export function Canvas() {
  const spec = useDoc((s) => s.spec);
  const selection = useDoc((s) => s.selection);
  const { measured, dragging, resizing } = useUi(
    useShallow((s) => ({ measured: s.measured, dragging: s.dragging, resizing: s.resizing })),
  );
  const nodeCache = useRef(new FlowCache());
  const edgeCache = useRef(new FlowCache());
  const nodes = useMemo(
    () => buildFlowNodes(spec, { selection, measured, dragging, resizing }, nodeCache.current),
    [spec, selection, measured, dragging, resizing],
  );
  const edges = useMemo(() => buildFlowEdges(spec, { selection }, edgeCache.current), [spec, selection]);
  const rf = useReactFlow<FlowNode, FlowEdge>();
  // Semantic zoom: one subscription here, handed to the nodes by context (see zoom-levels.ts).
  const zoomKey = useZoomKey();
  const level = levelOfKey(zoomKey);
  const canvasStyle = useMemo(
    () =>
      level === 'overview'
        ? ({ '--wm-ov-font': `${zoomKey.slice('overview:'.length)}px` } as CSSProperties)
        : undefined,
    [zoomKey, level],
  );
  // Far enough out to see the whole workflow, however long (a 1,000-step chain included).
  const minZoom = useMemo(() => minZoomFor(spec, sizeOf), [spec]);
  const docSeq = useDoc((s) => s.docSeq);
  // Fit a loaded workflow into view once; an empty one keeps zoom 1 at the origin, so the
  // first drop does not make the viewport jump under the user's next drop.
  useEffect(() => {
    clearRoutes(); // routes belong to the document they were made for
    const id = requestAnimationFrame(() => fitSpec(rf, useDoc.getState().spec, sizeOf));
    return () => cancelAnimationFrame(id);
  }, [docSeq, rf]);
  useFocusRequests();
  const menus = useCanvasMenus(rf);

  const onConnect = useCallback((c: Connection) => {
    const v = connect({ source: c.source, sourceHandle: c.sourceHandle, target: c.target });
    if (!v.ok) toast(v.reason, 'error');
  }, []);

  const isValidConnection = useCallback<IsValidConnection<FlowEdge>>(
    (c) =>
      checkConnection(useDoc.getState().spec, { source: c.source, sourceHandle: c.sourceHandle, target: c.target }).ok,
    [],
  );

  // A refused drop over a step says why (React Flow only greys the handle out, and a start
  // step has no input handle at all, so look at what is under the pointer too).
  const onConnectEnd = useCallback<OnConnectEnd>(
    (e, state) => {
      if (state.isValid === true || !state.fromNode || state.fromHandle?.type !== 'source') return;
      const point = 'changedTouches' in e ? e.changedTouches[0] : e;
      // Nodes do not take pointer hits while connecting: find the step under the pointer by geometry.
      const at = point ? rf.screenToFlowPosition({ x: point.clientX, y: point.clientY }) : undefined;
      const spec = useDoc.getState().spec;
      const under =
        at &&
        spec.nodes.find((n) => {
          const size = sizeOf(n.id) ?? DEFAULT_NODE_SIZE;
          return (
            at.x >= n.position.x &&
            at.x <= n.position.x + size.width &&
            at.y >= n.position.y &&
            at.y <= n.position.y + size.height
          );
        })?.id;
      const target = state.toNode?.id ?? under;
      // Dropped on empty canvas: the step picker opens there, for a step connected from the port.
      if (!target && point && at && state.fromHandle.id)
        openPicker({
          screen: { x: point.clientX, y: point.clientY },
          place: { kind: 'drop', at },
          from: { source: state.fromNode.id, handle: state.fromHandle.id },
        });
      if (!target || target === state.fromNode.id) return;
      const v = checkConnection(spec, { source: state.fromNode.id, sourceHandle: state.fromHandle.id, target });
      if (!v.ok) toast(v.reason, 'error');
    },
    [rf],
  );

  const onReconnect = useCallback((old: Edge, c: Connection) => {
    const v = connect({ source: c.source, sourceHandle: c.sourceHandle, target: c.target, replacing: old.id });
    if (!v.ok) toast(v.reason, 'error');
  }, []);

  const onNodeDragStop = useCallback<OnNodeDrag<FlowNode>>(
    (_e, _n, dragged) => commitDrag(dragged, (id) => rf.getInternalNode(id)),
    [rf],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DND_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DND_MIME);
      if (!type) return;
      e.preventDefault();
      const at = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      if (type === ZONE_DND_TYPE) createZone({ x: at.x - 210, y: at.y - 130, width: 420, height: 260 });
      else if (isNodeType(type)) addNodeAt(type, at);
    },
    [rf],
  );

  return (
    <div
      className={`wm-canvas wm-canvas--${level}`}
      style={canvasStyle}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onPointerMove={menus.onPointerMove}
      onPointerLeave={menus.onPointerLeave}
      data-testid="canvas"
      data-zoom-level={level}
    >
      <ZoomLevelContext.Provider value={level}>
        <ReactFlow<FlowNode, FlowEdge>
          key={docSeq}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          defaultEdgeOptions={defaultEdgeOptions}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onReconnect={onReconnect}
          edgesReconnectable
          onNodeDragStop={onNodeDragStop}
          onNodeContextMenu={menus.onNodeContextMenu}
          onSelectionContextMenu={menus.onSelectionContextMenu}
          onPaneContextMenu={menus.onPaneContextMenu}
          onEdgeContextMenu={menus.onEdgeContextMenu}
          onNodeMouseEnter={menus.onNodeMouseEnter}
          onNodeMouseLeave={menus.onNodeMouseLeave}
          onlyRenderVisibleElements
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={MULTI_SELECT_KEYS}
          panOnScroll
          zoomOnPinch
          zoomActivationKeyCode={['Meta', 'Control']}
          minZoom={minZoom}
          maxZoom={2}
          snapToGrid
          snapGrid={[8, 8]}
          connectionRadius={28}
          aria-label="Workflow canvas"
        >
          <Background variant={BackgroundVariant.Dots} gap={16} size={1.2} />
          <MiniMap
            pannable
            zoomable
            nodeColor={minimapColour}
            nodeStrokeWidth={0}
            nodeBorderRadius={6}
            ariaLabel="Mini map"
            className="wm-minimap"
            style={MINIMAP_STYLE}
          />
          <Controls showInteractive={false} showFitView={false} className="wm-controls" aria-label="Zoom controls">
            <ControlButton
              onClick={() => fitSpec(rf, useDoc.getState().spec, sizeOf, { duration: 250 })}
              aria-label="Fit view"
              title="Fit view"
            >
              <Icon name="fit" size={12} />
            </ControlButton>
          </Controls>
          <PolicyLegend />
        </ReactFlow>
      </ZoomLevelContext.Provider>
      <CanvasOverlays />
      <LayoutProgress />
      {spec.nodes.length === 0 && (
        <div className="wm-canvas__empty" aria-hidden="true">
          <div className="wm-canvas__empty-card">
            <strong>Start with a Start node</strong>
            <span>Drag steps from the palette, or select one and press Enter.</span>
          </div>
        </div>
      )}
    </div>
  );
}
