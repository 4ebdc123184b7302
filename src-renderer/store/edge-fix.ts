/**
 * One-click fixes for an edge whose source step no longer has the port it leaves by: move it
 * to another port of that step, or delete it. Each is one undo step.
 */
import { moveEdgeToPort, reconnectChoices } from '../model/orphans';
import { removeElements } from '../model/spec-ops';
import { edit, useDoc } from './doc-store';

/** Moves the edge to `port` of its step; returns why not when the port is missing or taken. */
export function reconnectEdgePort(edgeId: string, port: string): string | undefined {
  const choice = reconnectChoices(useDoc.getState().spec, edgeId).find((c) => c.key === port);
  if (!choice) return 'That output no longer exists on this step.';
  if (choice.takenBy) return `The ${choice.label} already leads to “${choice.takenBy}”.`;
  edit('reconnect edge', (spec) => moveEdgeToPort(spec, edgeId, port), {
    select: { nodes: [], zones: [], edges: [edgeId] },
  });
  return undefined;
}

export function deleteEdge(edgeId: string): void {
  edit('delete edge', (spec) => removeElements(spec, { nodes: [], zones: [], edges: [edgeId] }));
}
