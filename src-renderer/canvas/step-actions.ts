/**
 * What the step context menu and the hover toolbar do, each built on the editor's existing
 * commands and actions: a right-clicked step that is not selected becomes the selection
 * first, so "duplicate", "delete" and "wrap in zone" act on what the user sees selected.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import { setCollapsed, useLayout } from '../app/layout';
import { zoneAroundSelection } from '../app/commands';
import type { FlowEdge, FlowNode } from '../model/flow-mapping';
import { requestRunNode } from '../runs/debug/run-node-request';
import { setBreakpoint } from '../runs/store/run-actions';
import { useRuns } from '../runs/store/runs-store';
import { deleteSelection, duplicateSelection } from '../store/actions';
import { select, useDoc } from '../store/doc-store';
import { useUi } from '../store/ui-store';
import { focusNameField } from './add-step';

type Rf = ReactFlowInstance<FlowNode, FlowEdge>;

/** Makes `id` part of the selection (alone, unless it is already in a larger one). */
export function selectForAction(id: string): void {
  const sel = useDoc.getState().selection;
  if (!sel.nodes.includes(id)) select({ nodes: [id], edges: [], zones: [] });
}

function showInspector(): void {
  if (useUi.getState().rightPanel !== 'inspector') useUi.setState({ rightPanel: 'inspector' });
  if (useLayout.getState().rightCollapsed) setCollapsed('right', false);
}

export function renameStep(id: string): void {
  select({ nodes: [id], edges: [], zones: [] });
  showInspector();
  focusNameField(id);
}

export function duplicateStep(id: string): void {
  selectForAction(id);
  duplicateSelection();
}

export function deleteStep(id: string): void {
  selectForAction(id);
  deleteSelection();
}

export function wrapStepInZone(id: string, rf: Rf): void {
  selectForAction(id);
  zoneAroundSelection(rf);
}

/** Runs the step on its own (the inspector's Debug section shows the result). */
export function runStep(id: string): void {
  select({ nodes: [id], edges: [], zones: [] });
  showInspector();
  requestRunNode(id);
}

export function hasBreakpoint(id: string): boolean {
  return !!useRuns.getState().breakpoints[id]?.before;
}

export function toggleBreakpoint(id: string): void {
  setBreakpoint(id, 'before', !hasBreakpoint(id));
}
