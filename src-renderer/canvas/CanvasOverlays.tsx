/**
 * The canvas' popups (step picker, context menus, keyboard connect chooser) and the
 * React Flow handlers that open them, kept out of Canvas.tsx.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import { useMemo, type MouseEvent as ReactMouseEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { isZoneFlowId, type FlowEdge, type FlowNode } from '../model/flow-mapping';
import { select, useDoc } from '../store/doc-store';
import { CanvasMenuHost } from './CanvasMenus';
import { KeyboardConnectHost } from './KeyboardConnect';
import { openMenu, setCanvasCursor, setHovered, useOverlay } from './overlay-store';
import { StepPickerHost } from './StepPicker';

type Rf = ReactFlowInstance<FlowNode, FlowEdge>;

export function CanvasOverlays() {
  return (
    <>
      <StepPickerHost />
      <CanvasMenuHost />
      <KeyboardConnectHost />
    </>
  );
}

/** Handlers for the canvas: right-click menus, the hovered step, the pointer for paste. */
export function useCanvasMenus(rf: Rf) {
  return useMemo(() => {
    const at = (e: ReactMouseEvent | MouseEvent) => ({
      screen: { x: e.clientX, y: e.clientY },
      flow: rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }),
    });
    return {
      onNodeContextMenu(e: ReactMouseEvent, node: FlowNode) {
        e.preventDefault();
        // Inside a zone's empty area: the canvas menu (add a step here, paste here).
        if (isZoneFlowId(node.id)) return openMenu({ kind: 'pane', ...at(e) });
        const sel = useDoc.getState().selection;
        if (!sel.nodes.includes(node.id)) select({ nodes: [node.id], edges: [], zones: [] });
        openMenu({ kind: 'node', id: node.id, ...at(e) });
      },
      onSelectionContextMenu(e: ReactMouseEvent, nodes: FlowNode[]) {
        const first = nodes.find((n) => !isZoneFlowId(n.id));
        if (!first) return;
        e.preventDefault();
        openMenu({ kind: 'node', id: first.id, ...at(e) });
      },
      onPaneContextMenu(e: ReactMouseEvent | MouseEvent) {
        e.preventDefault();
        openMenu({ kind: 'pane', ...at(e) });
      },
      onEdgeContextMenu(e: ReactMouseEvent, edge: FlowEdge) {
        e.preventDefault();
        select({ nodes: [], edges: [edge.id], zones: [] });
        openMenu({ kind: 'edge', id: edge.id, ...at(e) });
      },
      onNodeMouseEnter(_e: ReactMouseEvent, node: FlowNode) {
        if (!isZoneFlowId(node.id)) setHovered(node.id);
      },
      onNodeMouseLeave(_e: ReactMouseEvent, node: FlowNode) {
        if (useOverlay.getState().hovered === node.id) setHovered(null);
      },
      onPointerMove(e: ReactPointerEvent) {
        setCanvasCursor(rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
      },
      onPointerLeave() {
        setCanvasCursor(undefined);
      },
    };
  }, [rf]);
}
