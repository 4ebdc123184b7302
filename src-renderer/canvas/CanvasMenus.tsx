/**
 * The canvas' right-click menus: for a step (rename, duplicate, delete, wrap in zone, run
 * this step, breakpoint, connect from the keyboard), for empty canvas (add a step here,
 * paste here, auto-layout, fit) and for an edge (delete). Every entry runs one of the
 * editor's existing commands or actions.
 */
import { useReactFlow, type ReactFlowInstance } from '@xyflow/react';
import { runCommand, pasteAt } from '../app/commands';
import type { MenuEntry } from '../app/OverflowMenu';
import { displayKeys, keysOf, type CommandId } from '../app/shortcuts';
import type { FlowEdge, FlowNode } from '../model/flow-mapping';
import { deleteElements } from '../store/actions';
import { useDoc } from '../store/doc-store';
import { ContextMenu } from './ContextMenu';
import { closeOverlays, openConnect, openPicker, useOverlay, type MenuRequest } from './overlay-store';
import {
  deleteStep,
  duplicateStep,
  hasBreakpoint,
  renameStep,
  runStep,
  toggleBreakpoint,
  wrapStepInZone,
} from './step-actions';

type Rf = ReactFlowInstance<FlowNode, FlowEdge>;

const keys = (c: CommandId) => displayKeys(keysOf(c));

function stepEntries(id: string, rf: Rf): MenuEntry[] {
  const many = useDoc.getState().selection.nodes.length > 1 && useDoc.getState().selection.nodes.includes(id);
  return [
    {
      id: 'rename',
      label: 'Rename',
      icon: 'pencil',
      group: 'edit',
      onSelect: () => renameStep(id),
      testId: 'menu-rename',
    },
    {
      id: 'duplicate',
      label: many ? 'Duplicate selection' : 'Duplicate',
      icon: 'copy',
      shortcut: keys('duplicate'),
      group: 'edit',
      onSelect: () => duplicateStep(id),
      testId: 'menu-duplicate',
    },
    {
      id: 'zone',
      label: many ? 'Wrap selection in a zone' : 'Wrap in a zone',
      icon: 'zone',
      shortcut: keys('zone'),
      group: 'edit',
      onSelect: () => wrapStepInZone(id, rf),
      testId: 'menu-zone',
    },
    {
      id: 'connect',
      label: 'Connect to…',
      icon: 'link',
      shortcut: keys('connect'),
      group: 'edit',
      onSelect: () => openConnect(id),
      testId: 'menu-connect',
    },
    { id: 'run', label: 'Run this step', icon: 'play', group: 'run', onSelect: () => runStep(id), testId: 'menu-run' },
    {
      id: 'breakpoint',
      label: 'Pause before this step',
      icon: 'breakpoint',
      kind: 'checkbox',
      checked: hasBreakpoint(id),
      shortcut: keys('breakpoint'),
      group: 'run',
      onSelect: () => toggleBreakpoint(id),
      testId: 'menu-breakpoint',
    },
    {
      id: 'delete',
      label: many ? 'Delete selection' : 'Delete',
      icon: 'trash',
      shortcut: keys('delete'),
      group: 'danger',
      onSelect: () => deleteStep(id),
      testId: 'menu-delete',
    },
  ];
}

function paneEntries(req: MenuRequest, rf: Rf): MenuEntry[] {
  return [
    {
      id: 'add',
      label: 'Add a step here…',
      icon: 'plus',
      group: 'add',
      onSelect: () => openPicker({ screen: req.screen, place: { kind: 'centre', at: req.flow } }),
      testId: 'menu-add-step',
    },
    {
      id: 'paste',
      label: 'Paste here',
      icon: 'file',
      shortcut: keys('paste'),
      group: 'add',
      onSelect: () => void pasteAt(req.flow, rf),
      testId: 'menu-paste',
    },
    {
      id: 'layout',
      label: 'Auto-layout',
      icon: 'layout',
      shortcut: keys('layout'),
      group: 'view',
      onSelect: () => runCommand('layout', rf),
      testId: 'menu-layout',
    },
    {
      id: 'fit',
      label: 'Fit the workflow in view',
      icon: 'fit',
      shortcut: keys('fit'),
      group: 'view',
      onSelect: () => runCommand('fit', rf),
      testId: 'menu-fit',
    },
    {
      id: 'selectAll',
      label: 'Select all',
      shortcut: keys('selectAll'),
      group: 'view',
      onSelect: () => runCommand('selectAll', rf),
      testId: 'menu-select-all',
    },
  ];
}

function edgeEntries(id: string): MenuEntry[] {
  return [
    {
      id: 'delete',
      label: 'Delete connection',
      icon: 'trash',
      shortcut: keys('delete'),
      group: 'danger',
      onSelect: () => deleteElements({ edges: [id] }),
      testId: 'menu-delete-edge',
    },
  ];
}

export function CanvasMenuHost() {
  const req = useOverlay((s) => s.menu);
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const name = useDoc((s) => (req?.kind === 'node' ? s.spec.nodes.find((n) => n.id === req.id)?.name : undefined));
  if (!req) return null;
  const entries =
    req.kind === 'node' && req.id
      ? stepEntries(req.id, rf)
      : req.kind === 'edge' && req.id
        ? edgeEntries(req.id)
        : paneEntries(req, rf);
  const label = req.kind === 'node' ? `Step “${name ?? req.id}”` : req.kind === 'edge' ? 'Connection' : 'Canvas';
  return (
    <ContextMenu
      key={`${req.kind}:${req.id ?? ''}:${req.screen.x},${req.screen.y}`}
      at={req.screen}
      label={label}
      entries={entries}
      onClose={closeOverlays}
      testId={`context-menu-${req.kind}`}
    />
  );
}
