/**
 * "Run this step" from the canvas (context menu, hover toolbar): asks the inspector's Debug
 * section of that step to open and run it with its default scope, as its own "Run this
 * node…" then "Run node" would. The section consumes the request when it shows that step.
 */
import { create } from 'zustand';

export const useRunNodeRequest = create<{ nodeId: string | null; seq: number }>(() => ({ nodeId: null, seq: 0 }));

export function requestRunNode(nodeId: string): void {
  useRunNodeRequest.setState((s) => ({ nodeId, seq: s.seq + 1 }));
}

/** Takes the pending request for `nodeId`, if there is one. */
export function takeRunNodeRequest(nodeId: string): boolean {
  if (useRunNodeRequest.getState().nodeId !== nodeId) return false;
  useRunNodeRequest.setState({ nodeId: null });
  return true;
}
