/**
 * The current run at a glance: workflow, status, mode, duration, tokens and cost, and where
 * it stands (paused at a node, waiting for a decision). Sits on top of the trace.
 */
import { useShallow } from 'zustand/react/shallow';
import { runOutcome, type RunOutcome } from '../../../shared/run-outcome';
import { caughtCount, type NodeRunState } from '../model/run-state';
import { formatCost, formatMs } from '../model/waterfall';
import { backToDocument, openPanel, shownSpec } from '../store/run-actions';
import { useRuns } from '../store/runs-store';
import { focusApproval } from '../store/approvals-store';

/** A run's status; "completed with errors" when an error edge caught a failure (never plain green). */
export function StatusPill({ status }: { status: RunOutcome | 'interrupted' }) {
  return (
    <span className={`wm-pill wm-pill--${status}`} data-testid="run-status">
      {status === 'completed_with_errors' ? 'completed with errors' : status}
    </span>
  );
}

/** The step a failed run stopped at: the last node whose step failed. */
function failedNode(nodes: Readonly<Record<string, NodeRunState>> | undefined): string | undefined {
  let at: string | undefined;
  let idx = -1;
  for (const [id, n] of Object.entries(nodes ?? {}))
    if (n.status === 'failed' && n.stepIdx >= idx) {
      at = id;
      idx = n.stepIdx;
    }
  return at;
}

function sentence(t: string): string {
  const s = t.trim();
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

export function RunSummaryBar() {
  const s = useRuns(
    useShallow((st) => ({
      runId: st.current?.runId ?? '',
      name: st.current?.specName,
      status: st.current
        ? runOutcome({ status: st.current.status, handledErrors: caughtCount(st.current) })
        : ('running' as const),
      simulate: st.current?.simulate,
      usage: st.current?.usage,
      durationMs: st.current?.durationMs,
      paused: st.current?.pausedAt,
      waiting: st.current?.waitingApproval,
      parent: st.current?.parentRunId,
      viewing: !!st.viewing,
      error: st.current?.error,
      failedAt: failedNode(st.current?.nodes),
    })),
  );
  const failedName = s.failedAt ? (shownSpec().nodes.find((n) => n.id === s.failedAt)?.name ?? s.failedAt) : undefined;
  return (
    <div className="wm-runsum" data-testid="run-summary">
      <div className="wm-runsum__top">
        <StatusPill status={s.status} />
        <span className="wm-runsum__name" title={s.runId}>
          {s.name ?? 'Run'} <span className="wm-muted">· {s.runId}</span>
        </span>
        {s.viewing && (
          <button type="button" className="wm-linkbtn" onClick={backToDocument} data-testid="back-to-document">
            Back to document
          </button>
        )}
      </div>
      <div className="wm-runsum__meta">
        {s.simulate && <span className="wm-tag">simulated</span>}
        {s.parent && <span className="wm-tag">fork of {s.parent}</span>}
        {s.durationMs !== undefined && <span>{formatMs(s.durationMs)}</span>}
        {s.usage && <span>{(s.usage.inputTokens + s.usage.outputTokens).toLocaleString()} tokens</span>}
        {s.usage && <span>{formatCost(s.usage.costUsd)}</span>}
      </div>
      {s.paused && (
        <div className="wm-runsum__note is-paused" data-testid="paused-note">
          Paused{' '}
          {s.paused.reason === 'breakpoint'
            ? 'at a breakpoint'
            : s.paused.reason === 'step'
              ? 'after one step'
              : 'on request'}{' '}
          before <strong>{shownSpec().nodes.find((n) => n.id === s.paused?.nodeId)?.name ?? s.paused.nodeId}</strong>.
          Step, Continue, or edit a finished step’s output.
        </div>
      )}
      {s.status === 'failed' && (s.error || failedName) && (
        <div className="wm-runsum__note is-failed" role="alert" data-testid="failed-note">
          {failedName ? (
            <>
              Failed at <strong>{failedName}</strong>
              {s.error ? `: ${sentence(s.error.message)}` : '.'}
            </>
          ) : (
            sentence(s.error?.message ?? 'The run failed')
          )}{' '}
          Select the step to see its input and the full error.
        </div>
      )}
      {s.waiting && (
        <div className="wm-runsum__note is-waiting">
          Waiting for a decision.{' '}
          <button
            type="button"
            className="wm-linkbtn"
            onClick={() => {
              focusApproval(s.waiting ?? null);
              openPanel('approvals');
            }}
          >
            Open in the inbox
          </button>
        </div>
      )}
    </div>
  );
}
