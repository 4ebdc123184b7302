/**
 * Editor commands, shared by the toolbar, the key handler and (in the desktop app) the
 * native menu. Commands that need the viewport take the React Flow instance.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import { setRoutes } from '../canvas/edge-routes';
import { layoutSpec } from '../canvas/layout';
import { geometryLookup } from '../canvas/step-geometry';
import { fitSpec } from '../canvas/viewport';
import { exportSpec, openDocument, saveDocument, saveDocumentAs } from '../documents/commands';
import { copySelection, parseClipboard, serializeClipboard, type ClipboardPayload } from '../model/clipboard';
import type { FlowEdge, FlowNode } from '../model/flow-mapping';
import { pasteOffset } from '../model/placement';
import type { Point } from '../model/spec-ops';
import { canvasCursor, openConnect } from '../canvas/overlay-store';
import { DEFAULT_NODE_SIZE, ZONE_HEADER, ZONE_PADDING } from '../model/zones';
import {
  applyLayout,
  createZone,
  deleteSelection,
  duplicateSelection,
  paste,
  selectAll,
  sizeOf,
} from '../store/actions';
import { redo, select, undo, useDoc } from '../store/doc-store';
import { openDialog, toast, useUi } from '../store/ui-store';
import { togglePolicyView } from '../governance/store/governance-store';
import { runOrContinue, stepIfPaused, stopRun, toggleBreakpointOnSelection } from '../runs/store/run-actions';
import { setCollapsed, useLayout } from './layout';
import type { CommandId } from './shortcuts';

type Rf = ReactFlowInstance<FlowNode, FlowEdge>;

/** Last copied payload, for the paste button and for browsers that deny clipboard reads. */
let memoryClipboard: ClipboardPayload | undefined;
let pasteCount = 0;

export function copyToClipboardText(): string | undefined {
  const s = useDoc.getState();
  const payload = copySelection(s.spec, s.selection);
  if (!payload) return undefined;
  memoryClipboard = payload;
  pasteCount = 0;
  return serializeClipboard(payload);
}

/**
 * Pastes a payload: at `at` (flow coordinates) when given, else at the pointer when it is
 * over the canvas; otherwise a re-paste into the workflow it came from cascades down-right
 * of the original and a paste from elsewhere lands in the middle of the view. Never exactly
 * on top of the original (model/placement `pasteOffset`).
 */
export function pasteText(text: string | undefined, rf: Rf | undefined, at?: Point): boolean {
  const payload =
    (text !== undefined ? parseClipboard(text) : undefined) ?? (text === undefined ? memoryClipboard : undefined);
  if (!payload) return false;
  const spec = useDoc.getState().spec;
  const fromHere = payload.nodes.some((n) =>
    spec.nodes.some((m) => m.id === n.id && m.position.x === n.position.x && m.position.y === n.position.y),
  );
  const origin = payload.nodes.length
    ? {
        x: Math.min(...payload.nodes.map((n) => n.position.x)),
        y: Math.min(...payload.nodes.map((n) => n.position.y)),
      }
    : undefined;
  const cursor = at ?? canvasCursor();
  let offset = pasteOffset(origin ?? { x: 0, y: 0 }, undefined, pasteCount);
  if (origin && cursor) offset = pasteOffset(origin, cursor, pasteCount);
  else if (!fromHere && rf && origin) {
    const el = document.querySelector('.wm-canvas')?.getBoundingClientRect();
    const centre = rf.screenToFlowPosition({
      x: el ? el.left + el.width / 2 : 400,
      y: el ? el.top + el.height / 2 : 300,
    });
    offset = pasteOffset(origin, { x: centre.x - 120, y: centre.y - 40 }, pasteCount);
  }
  if (fromHere) pasteCount++;
  paste(payload, offset);
  return true;
}

/** "Paste here" from the canvas menu: the system clipboard when readable, else the last copy. */
export async function pasteAt(at: Point, rf: Rf | undefined): Promise<void> {
  let text: string | undefined;
  try {
    text = (await navigator.clipboard?.readText?.()) || undefined;
  } catch {
    text = undefined; // reading denied: fall back to what was copied here
  }
  if (!(text !== undefined && pasteText(text, rf, at)) && !pasteText(undefined, rf, at))
    toast('Nothing to paste: copy steps first (Ctrl+C).', 'info');
}

/** Wraps the selected nodes (or an empty area in the middle of the view) in a new zone. */
export function zoneAroundSelection(rf: Rf | undefined): void {
  const { spec, selection } = useDoc.getState();
  const members = spec.nodes.filter((n) => selection.nodes.includes(n.id));
  if (members.length) {
    const xs = members.flatMap((n) => [n.position.x, n.position.x + (sizeOf(n.id) ?? DEFAULT_NODE_SIZE).width]);
    const ys = members.flatMap((n) => [n.position.y, n.position.y + (sizeOf(n.id) ?? DEFAULT_NODE_SIZE).height]);
    const x = Math.min(...xs) - ZONE_PADDING;
    const y = Math.min(...ys) - ZONE_PADDING - ZONE_HEADER;
    createZone({ x, y, width: Math.max(...xs) + ZONE_PADDING - x, height: Math.max(...ys) + ZONE_PADDING - y });
    return;
  }
  const el = document.querySelector('.wm-canvas')?.getBoundingClientRect();
  const c = rf?.screenToFlowPosition({
    x: el ? el.left + el.width / 2 : 400,
    y: el ? el.top + el.height / 2 : 300,
  }) ?? { x: 0, y: 0 };
  createZone({ x: c.x - 210, y: c.y - 130, width: 420, height: 260 });
}

export async function autoLayout(rf: Rf | undefined): Promise<void> {
  const spec = useDoc.getState().spec;
  if (!spec.nodes.length) return;
  try {
    // ELK runs in a worker (canvas/layout.ts): the canvas stays responsive meanwhile.
    const r = await layoutSpec(spec, geometryLookup(rf, spec, sizeOf));
    if (useDoc.getState().spec !== spec) return; // edited meanwhile: do not clobber
    applyLayout(r.positions, r.zones);
    setRoutes(r.routes, useDoc.getState().spec);
    // Not animated: an animated fit that crosses zoom levels (steps change look mid-way) was
    // left half-done.
    requestAnimationFrame(() => rf && fitSpec(rf, useDoc.getState().spec, sizeOf));
  } catch (e) {
    toast(`Auto-layout failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
  }
}

export function runCommand(id: CommandId, rf: Rf | undefined): void {
  switch (id) {
    case 'undo':
      undo();
      return;
    case 'redo':
      redo();
      return;
    case 'copy':
    case 'cut':
      // Handled by the copy/cut DOM events (they carry the system clipboard); see useClipboard.
      if (copyToClipboardText() && id === 'cut') deleteSelection();
      return;
    case 'paste':
      pasteText(undefined, rf);
      return;
    case 'duplicate':
      duplicateSelection();
      return;
    case 'delete':
      deleteSelection();
      return;
    case 'selectAll':
      selectAll();
      return;
    case 'deselect':
      if (useUi.getState().dialog) openDialog(null);
      else select({ nodes: [], edges: [], zones: [] });
      return;
    case 'search':
      openDialog('search');
      return;
    case 'help':
      openDialog('shortcuts');
      return;
    case 'save':
      void saveDocument();
      return;
    case 'saveAs':
      void saveDocumentAs();
      return;
    case 'open':
      void openDocument();
      return;
    case 'export':
      void exportSpec();
      return;
    case 'layout':
      void autoLayout(rf);
      return;
    case 'fit':
      if (rf) fitSpec(rf, useDoc.getState().spec, sizeOf, { duration: 250 });
      return;
    case 'zone':
      zoneAroundSelection(rf);
      return;
    case 'specView':
      useUi.setState((s) => ({ rightPanel: s.rightPanel === 'spec' ? 'inspector' : 'spec' }));
      return;
    case 'problems':
      useUi.setState((s) => ({ problemsOpen: !s.problemsOpen }));
      return;
    case 'palette':
      setCollapsed('palette', !useLayout.getState().paletteCollapsed);
      return;
    case 'inspector':
      setCollapsed('right', !useLayout.getState().rightCollapsed);
      return;
    case 'policyView':
      togglePolicyView();
      return;
    case 'runOrContinue':
      runOrContinue();
      return;
    case 'stopRun':
      void stopRun();
      return;
    case 'stepRun':
      stepIfPaused();
      return;
    case 'breakpoint':
      toggleBreakpointOnSelection();
      return;
    case 'connect': {
      const sel = useDoc.getState().selection.nodes;
      if (sel.length === 1 && sel[0]) openConnect(sel[0]);
      else toast('Select one step to connect from.', 'info');
      return;
    }
    default: {
      const never: never = id;
      throw new Error(`unhandled command ${String(never)}`);
    }
  }
}
