/**
 * The runs side panel: Trace (the current run, live), Approvals (the inbox across runs,
 * with its badge) and History (past runs and forks).
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fitSpec } from '../canvas/viewport';
import type { FlowEdge, FlowNode } from '../model/flow-mapping';
import { sizeOf } from '../store/actions';
import { useDoc } from '../store/doc-store';
import { AuditPanel } from '../governance/audit/AuditPanel';
import { Button } from '../ui/Button';
import { ApprovalsInbox } from './approvals/ApprovalsInbox';
import { HistoryPanel } from './history/HistoryPanel';
import { useApprovals } from './store/approvals-store';
import { useRuns, type RunsTab } from './store/runs-store';
import { TracePanel } from './trace/TracePanel';
import { NO_CANVAS_KEYS } from '../ui/keyboard';

const TABS: { id: RunsTab; label: string }[] = [
  { id: 'trace', label: 'Trace' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'history', label: 'History' },
  { id: 'audit', label: 'Audit' },
];

/** The canvas changes width when the panel opens or closes: fit the workflow to it again. */
function useRefitOnToggle(open: boolean): void {
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (useRuns.getState().viewing) return; // the snapshot canvas fits itself
    const id = requestAnimationFrame(() => fitSpec(rf, useDoc.getState().spec, sizeOf, { duration: 200 }));
    return () => cancelAnimationFrame(id);
  }, [open, rf]);
}

export function RunsPanel() {
  const { open, tab } = useRuns(useShallow((s) => ({ open: s.panelOpen, tab: s.tab })));
  const pending = useApprovals((s) => s.pending.length);
  useRefitOnToggle(open);
  if (!open) return null;
  return (
    <aside className={`wm-runs ${NO_CANVAS_KEYS}`} aria-label="Runs" data-testid="runs-panel">
      <div className="wm-runs__tabs">
        <div className="wm-runs__tablist" role="tablist" aria-label="Runs panel">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              className="wm-runs__tab"
              onClick={() => useRuns.setState({ tab: t.id })}
              data-testid={`runs-tab-${t.id}`}
            >
              {t.label}
              {t.id === 'approvals' && pending > 0 && <span className="wm-badge">{pending}</span>}
            </button>
          ))}
        </div>
        <span className="wm-runs__spacer" />
        <Button
          icon="x"
          iconOnly
          size="sm"
          label="Close runs panel"
          onClick={() => useRuns.setState({ panelOpen: false })}
        />
      </div>
      <div className="wm-runs__body" role="tabpanel" aria-label={TABS.find((t) => t.id === tab)?.label}>
        {tab === 'trace' ? (
          <TracePanel />
        ) : tab === 'approvals' ? (
          <ApprovalsInbox />
        ) : tab === 'audit' ? (
          <AuditPanel />
        ) : (
          <HistoryPanel />
        )}
      </div>
    </aside>
  );
}
