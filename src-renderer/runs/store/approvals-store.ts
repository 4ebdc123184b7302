/**
 * The approvals inbox: pending approvals across all runs (and, on request, decided ones),
 * refreshed whenever a gate opens or closes anywhere — an engine event, a backend notice,
 * or the CLI deciding on the same database (seen as the run's next events).
 */
import { create } from 'zustand';
import type { ApprovalView } from '../../../shared/runs';
import { api } from '../../bridge';
import { errorMessage } from './call';

export interface ApprovalsState {
  pending: ApprovalView[];
  decided: ApprovalView[];
  showDecided: boolean;
  /** The approval shown in the detail pane. */
  focused: string | null;
  error: string | null;
  loaded: boolean;
  /** The display name typed in the approval form (remembered in this browser): a label, not a proof. */
  approver: string;
  /** The OS account decisions from this window are recorded under (`approvals.whoami`); null until known. */
  account: string | null;
  /** The focused gate was decided elsewhere (the CLI, a timeout, another window) meanwhile. */
  elsewhere: string | null;
}

const APPROVER_KEY = 'waymark.approver';

function storedApprover(): string {
  try {
    return localStorage.getItem(APPROVER_KEY) ?? '';
  } catch {
    return '';
  }
}

export const useApprovals = create<ApprovalsState>()(() => ({
  pending: [],
  decided: [],
  showDecided: false,
  focused: null,
  error: null,
  loaded: false,
  approver: storedApprover(),
  account: null,
  elsewhere: null,
}));

/** Gates decided from this window: their disappearing from the inbox needs no explanation. */
export const decidedHere = new Set<string>();

export function setApprover(name: string): void {
  useApprovals.setState({ approver: name });
  try {
    localStorage.setItem(APPROVER_KEY, name);
  } catch {
    /* private mode: remembered for this session only */
  }
}

let asking = false;

/** Asks the host once which OS account decisions from this window are recorded under. */
export function loadAccount(): void {
  if (asking || useApprovals.getState().account !== null) return;
  asking = true;
  api.approvals
    .whoami()
    .then(({ account }) => useApprovals.setState({ account }))
    .catch(() => {
      /* shown as "the OS account this app runs as"; asked again next time */
    })
    .finally(() => (asking = false));
}

let inflight: Promise<void> | null = null;
let again = false;

/** Reloads the inbox; calls made while one is in flight coalesce into one more reload. */
export function refreshApprovals(): Promise<void> {
  if (inflight) {
    again = true;
    return inflight;
  }
  inflight = (async () => {
    try {
      const pending = await api.approvals.list({ status: 'pending' });
      pending.sort((a, b) => b.approval.requestedAt - a.approval.requestedAt);
      const decided = useApprovals.getState().showDecided
        ? (await api.approvals.list())
            .filter((v) => v.approval.status !== 'pending')
            .sort((a, b) => (b.approval.decidedAt ?? 0) - (a.approval.decidedAt ?? 0))
            .slice(0, 100)
        : [];
      const { focused, pending: before } = useApprovals.getState();
      const still = focused && [...pending, ...decided].some((v) => v.approval.id === focused);
      const gone = !still && focused ? before.find((v) => v.approval.id === focused) : undefined;
      const elsewhere =
        gone && !decidedHere.has(gone.approval.id) ? await whoDecided(gone.runId, gone.approval.id) : null;
      useApprovals.setState((s) => ({
        pending,
        decided,
        error: null,
        loaded: true,
        focused: still ? focused : (pending[0]?.approval.id ?? null),
        elsewhere: elsewhere ?? (still ? s.elsewhere : null),
      }));
    } catch (e) {
      useApprovals.setState({ error: errorMessage(e), loaded: true });
    } finally {
      inflight = null;
      if (again) {
        again = false;
        void refreshApprovals();
      }
    }
  })();
  return inflight;
}

export function focusApproval(id: string | null): void {
  useApprovals.setState({ focused: id, elsewhere: null });
}

/** "Approval … of <gate> was approved by bob at 10:02, elsewhere." for a gate decided meanwhile. */
async function whoDecided(runId: string, approvalId: string): Promise<string | null> {
  const all = await api.approvals.list({ runId });
  const a = all.find((v) => v.approval.id === approvalId);
  if (!a || a.approval.status === 'pending') return null;
  const when = a.approval.decidedAt ? ` at ${new Date(a.approval.decidedAt).toLocaleTimeString()}` : '';
  return `${a.nodeName} (${a.specName}) was ${a.approval.status}${a.approval.decidedBy ? ` by ${a.approval.decidedBy}` : ''}${when}, outside this window.`;
}
