/**
 * What a canvas node shows about the run: a status ring and chip (queued, running,
 * succeeded, failed, retrying, waiting — for approval, or in a wait state the node's type
 * declares, with its label — paused, skipped), latency and cost
 * badges once done, and its breakpoints (click the dot on the left edge to toggle
 * "pause before"). Subscribes to this node's entry only, so one node re-renders per event.
 * Closing the runs panel clears the run's colours from the canvas; reopening shows them again.
 */
import { memo } from 'react';
import { formatCost, formatMs, formatTokens } from '../model/waterfall';
import type { NodeRunStatus } from '../model/run-state';
import { setBreakpoint } from '../store/run-actions';
import { useRuns } from '../store/runs-store';
import { nodeCatalog } from '../../catalog/catalog';
import { useDoc } from '../../store/doc-store';

const LABEL: Record<NodeRunStatus, string> = {
  queued: 'queued',
  running: 'running',
  succeeded: 'done',
  failed: 'failed',
  retrying: 'retrying',
  waiting: 'waiting for approval',
  paused: 'paused',
  skipped: 'skipped',
};

/** The chip text of a wait in a state the node's type declares (its label), else the approval's. */
function waitLabel(type: string | undefined, state: string | undefined): string {
  const label =
    type && state
      ? nodeCatalog()
          .get(type)
          ?.waits.find((w) => w.state === state)?.label
      : undefined;
  return label ? label.charAt(0).toLowerCase() + label.slice(1) : LABEL.waiting;
}

export const NodeRunOverlay = memo(function NodeRunOverlay({ id }: { id: string }) {
  // The run paints the canvas only while its view (the runs panel) is open; breakpoints stay.
  const st = useRuns((s) => (s.panelOpen ? s.current?.nodes[id] : undefined));
  const timedWait = st?.status === 'waiting' && st.waitState !== undefined && st.waitState !== 'approval';
  // Only a node waiting in its own wait state looks its type up.
  const type = useDoc((s) => (timedWait ? s.spec.nodes.find((n) => n.id === id)?.type : undefined));
  const bp = useRuns((s) => s.breakpoints[id]);
  const pausedHere = useRuns((s) => s.panelOpen && s.current?.pausedAt?.nodeId === id);
  const status: NodeRunStatus | undefined = pausedHere ? 'paused' : st?.status;
  const done = st && (st.status === 'succeeded' || st.status === 'failed');
  return (
    <>
      {status && <div className={`wm-noderun wm-noderun--${status}`} aria-hidden="true" />}
      {status && status !== 'skipped' && (
        <span
          className={`wm-noderun__chip wm-noderun__chip--${status}${status === 'failed' && st?.caught ? ' is-caught' : ''}`}
          data-testid={`run-state-${id}`}
          data-status={status}
        >
          {status === 'waiting' && timedWait ? waitLabel(type, st?.waitState) : LABEL[status]}
          {status === 'failed' && st?.caught ? ' · caught' : ''}
          {st && st.attempt > 1 && (status === 'retrying' || status === 'running') ? ` · try ${st.attempt}` : ''}
          {st && st.runs > 1 ? ` ×${st.runs}` : ''}
          {st?.reused ? ' · reused' : ''}
        </span>
      )}
      {status === 'skipped' && (
        <span className="wm-sr-only" data-testid={`run-state-${id}`} data-status="skipped">
          skipped
        </span>
      )}
      {done && (
        <span className="wm-noderun__badges" data-testid={`run-badges-${id}`}>
          <span title="Latency">{formatMs(st.latencyMs ?? 0)}</span>
          {(st.usage.costUsd > 0 || st.usage.llmCalls > 0) && <span title="Cost">{formatCost(st.usage.costUsd)}</span>}
          {st.usage.inputTokens + st.usage.outputTokens > 0 && (
            <span title="Tokens">{formatTokens(st.usage.inputTokens + st.usage.outputTokens)} tok</span>
          )}
        </span>
      )}
      <button
        type="button"
        className={`wm-bp wm-bp--before nodrag${bp?.before ? ' is-on' : ''}`}
        title={bp?.before ? 'Remove breakpoint (pause before)' : 'Pause before this step'}
        aria-label={`${bp?.before ? 'Remove' : 'Set'} breakpoint before ${id}`}
        aria-pressed={!!bp?.before}
        onClick={(e) => {
          e.stopPropagation();
          setBreakpoint(id, 'before', !bp?.before);
        }}
        data-testid={`bp-${id}`}
      />
      {bp?.after && (
        <span
          className="wm-bp wm-bp--after is-on"
          title="Pauses after this step"
          aria-label={`Breakpoint after ${id}`}
          role="img"
        />
      )}
    </>
  );
});
