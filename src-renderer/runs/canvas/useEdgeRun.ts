/**
 * Whether the run went along an edge: an edge leaves its source by one port (`next`,
 * `error`, `branch:<name>`), and the run state records which ports were taken.
 */
import { takenKey } from '../model/run-state';
import { useRuns } from '../store/runs-store';

export function edgePort(kind: string | undefined, branch: string | undefined): string {
  return kind === 'branch' ? `branch:${branch ?? ''}` : (kind ?? 'next');
}

/** `taken` (the run went this way), `idle` (a run is shown but not along here) or `none`. */
export function useEdgeRun(
  source: string,
  kind: string | undefined,
  branch: string | undefined,
): 'taken' | 'idle' | 'none' {
  return useRuns((s) =>
    !s.current ? 'none' : s.current.taken[takenKey(source, edgePort(kind, branch))] ? 'taken' : 'idle',
  );
}
