/**
 * Carries out app notices: the desktop menu (File, Edit, View, Help) and files opened from
 * the operating system arrive as notices and run the same commands as the toolbar and keys.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { api } from '../bridge';
import { exportSpec, newDocument, openDocument, openPath, saveDocument, saveDocumentAs } from '../documents/commands';
import type { FlowEdge, FlowNode } from '../model/flow-mapping';
import { useDoc } from '../store/doc-store';
import { openDialog } from '../store/ui-store';
import { runCommand } from './commands';
import { toggleTheme } from './theme';

export function useNotices(): void {
  const rf = useReactFlow<FlowNode, FlowEdge>();
  useEffect(
    () =>
      api.onNotice((n) => {
        const open = useDoc.getState().isOpen;
        switch (n.command) {
          case 'file.new':
            return newDocument();
          case 'file.open':
            return void openDocument();
          case 'file.openPath':
            return void openPath(n.path);
          case 'file.save':
            return open ? void saveDocument() : undefined;
          case 'file.saveAs':
            return open ? void saveDocumentAs() : undefined;
          case 'file.export':
            return open ? void exportSpec() : undefined;
          case 'edit.undo':
            return open ? runCommand('undo', rf) : undefined;
          case 'edit.redo':
            return open ? runCommand('redo', rf) : undefined;
          case 'edit.selectAll':
            return open ? runCommand('selectAll', rf) : undefined;
          case 'view.fitView':
            return open ? runCommand('fit', rf) : undefined;
          case 'view.toggleTheme':
            return toggleTheme();
          case 'help.shortcuts':
            return openDialog('shortcuts');
          default:
            return undefined; // approval notices belong to the run panels
        }
      }),
    [rf],
  );
}
