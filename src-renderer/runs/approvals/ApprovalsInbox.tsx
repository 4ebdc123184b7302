/**
 * The approvals inbox: pending gates across every run, newest first, each with what it
 * wants to do and what the run cost so far; the focused one opens below the list.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApprovalView } from '../../../shared/runs';
import { formatCost } from '../model/waterfall';
import { focusApproval, refreshApprovals, useApprovals } from '../store/approvals-store';
import { ApprovalDetail } from './ApprovalDetail';

export function age(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

function Item({ v, focused }: { v: ApprovalView; focused: boolean }) {
  const a = v.approval;
  return (
    <li>
      <button
        type="button"
        className={`wm-inbox__item${focused ? ' is-focused' : ''} is-${a.status}`}
        aria-current={focused}
        onClick={() => focusApproval(a.id)}
        data-testid={`approval-${a.id}`}
      >
        <span className="wm-inbox__line">
          <strong>{v.nodeName}</strong>
          <span className="wm-muted">· {v.specName}</span>
          <span className="wm-inbox__age">{a.status === 'pending' ? age(a.requestedAt) : a.status}</span>
        </span>
        <span className="wm-inbox__msg">{a.message}</span>
        <span className="wm-inbox__meta">
          {v.simulate && <span className="wm-tag">simulated</span>}
          <span>{a.reason === 'gate' ? 'approval gate' : `policy: ${a.reason}`}</span>
          <span>cost so far {formatCost(v.cost.costUsd)}</span>
          <span className="wm-muted">{v.runId}</span>
        </span>
      </button>
    </li>
  );
}

export function ApprovalsInbox() {
  const { pending, decided, showDecided, focused, error, loaded, elsewhere } = useApprovals(
    useShallow((s) => ({
      pending: s.pending,
      decided: s.decided,
      showDecided: s.showDecided,
      focused: s.focused,
      error: s.error,
      loaded: s.loaded,
      elsewhere: s.elsewhere,
    })),
  );
  useEffect(() => {
    void refreshApprovals();
  }, [showDecided]);
  const all = [...pending, ...(showDecided ? decided : [])];
  const current = all.find((v) => v.approval.id === focused);
  return (
    <div className="wm-inbox" data-testid="approvals-inbox">
      <div className="wm-trace__bar">
        <span className="wm-inbox__title">{pending.length} pending</span>
        <label className="wm-check">
          <input
            type="checkbox"
            checked={showDecided}
            onChange={(e) => useApprovals.setState({ showDecided: e.target.checked })}
          />{' '}
          Show decided
        </label>
      </div>
      {error && (
        <p className="wm-field__error" role="alert">
          {error}
        </p>
      )}
      {elsewhere && (
        <p className="wm-approval__problem wm-inbox__elsewhere" role="status" data-testid="decided-elsewhere">
          {elsewhere}
        </p>
      )}
      {loaded && all.length === 0 && (
        <div className="wm-runs-empty">
          <strong>Nothing waits for you</strong>
          <span>
            When a run reaches an approval gate, or a policy asks for a human, it appears here with exactly what it
            wants to do.
          </span>
        </div>
      )}
      <ul className="wm-inbox__list" aria-label="Approvals">
        {all.map((v) => (
          <Item key={v.approval.id} v={v} focused={v.approval.id === focused} />
        ))}
      </ul>
      {current && <ApprovalDetail key={current.approval.id} view={current} />}
    </div>
  );
}
