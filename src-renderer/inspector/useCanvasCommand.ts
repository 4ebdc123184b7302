/** Runs an editor command with the current React Flow instance (for panels outside the canvas). */
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { runCommand } from '../app/commands';
import type { CommandId } from '../app/shortcuts';
import type { FlowEdge, FlowNode } from '../model/flow-mapping';

export function useCanvasCommand(): (id: CommandId) => void {
  const rf = useReactFlow<FlowNode, FlowEdge>();
  return useCallback((id: CommandId) => runCommand(id, rf), [rf]);
}
