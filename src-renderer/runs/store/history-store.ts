/**
 * Run history for the side panel: a page of runs with filters (status, this workflow or
 * all), refreshed when a run starts or ends. Forks are grouped under their parents by the
 * view (model/fork-tree.ts).
 */
import { create } from 'zustand';
import type { RunStatus } from '../../../shared/events';
import type { RunSummary } from '../../../shared/runs';
import { api } from '../../bridge';
import { errorMessage } from './call';

export interface HistoryState {
  runs: RunSummary[];
  status: RunStatus | 'all';
  /** Only runs of this workflow id, or all workflows. */
  scope: 'workflow' | 'all';
  loading: boolean;
  error: string | null;
  /** Runs ticked for comparison (at most two). */
  picked: string[];
  interrupted: RunSummary[];
}

export const useHistory = create<HistoryState>()(() => ({
  runs: [],
  status: 'all',
  scope: 'workflow',
  loading: false,
  error: null,
  picked: [],
  interrupted: [],
}));

export async function refreshHistory(specId: string): Promise<void> {
  const { status, scope } = useHistory.getState();
  useHistory.setState({ loading: true });
  try {
    // The API filters by one status (paused included), so the 200 newest are of that status.
    const apiStatus = status === 'all' ? undefined : status;
    const runs = await api.runs.list({
      limit: 200,
      ...(apiStatus ? { status: apiStatus } : {}),
      ...(scope === 'workflow' ? { specId } : {}),
    });
    useHistory.setState({
      runs,
      loading: false,
      error: null,
    });
  } catch (e) {
    useHistory.setState({ loading: false, error: errorMessage(e) });
  }
}

export async function refreshInterrupted(): Promise<void> {
  try {
    useHistory.setState({ interrupted: await api.runs.interrupted() });
  } catch {
    /* the banner simply does not show; history reports errors */
  }
}

export function togglePicked(runId: string): void {
  const cur = useHistory.getState().picked;
  useHistory.setState({ picked: cur.includes(runId) ? cur.filter((x) => x !== runId) : [...cur, runId].slice(-2) });
}
