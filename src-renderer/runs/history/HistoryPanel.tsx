/**
 * Run history: status, start, duration, cost and trigger, filtered by status and workflow,
 * with forks nested under the run they came from. Open a run to paint it on its snapshot;
 * tick two to compare them.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunSummary } from '../../../shared/runs';
import { useDoc } from '../../store/doc-store';
import { Button } from '../../ui/Button';
import { forkTree } from '../model/fork-tree';
import { formatCost, formatMs } from '../model/waterfall';
import { onAnyEvent } from '../store/event-pump';
import { refreshHistory, togglePicked, useHistory } from '../store/history-store';
import { openRun, resumeRun } from '../store/run-actions';
import { useRuns } from '../store/runs-store';
import { StatusPill } from '../trace/RunSummaryBar';
import { runOutcome } from '../../../shared/run-outcome';

const STATUSES = ['all', 'running', 'waiting', 'paused', 'completed', 'failed', 'cancelled'] as const;

function when(ms: number): string {
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString() : d.toLocaleString();
}

function Row({ run, depth, picked, open }: { run: RunSummary; depth: number; picked: boolean; open: boolean }) {
  return (
    <li
      className={`wm-hist__row${open ? ' is-open' : ''}`}
      style={{ paddingLeft: 8 + depth * 18 }}
      data-testid={`history-${run.id}`}
    >
      <input
        type="checkbox"
        checked={picked}
        onChange={() => togglePicked(run.id)}
        aria-label={`Pick ${run.id} to compare`}
      />
      {depth > 0 && (
        <span className="wm-hist__fork" title={`forked from step ${run.forkedFromStep ?? 0}`}>
          ↳ @{run.forkedFromStep}
        </span>
      )}
      <button type="button" className="wm-hist__main" onClick={() => void openRun(run.id)}>
        <span className="wm-hist__line">
          <StatusPill status={run.interrupted ? 'interrupted' : runOutcome(run)} />
          <strong>{run.specName}</strong>
          {run.simulate && <span className="wm-tag">sim</span>}
        </span>
        <span className="wm-hist__meta">
          <span>{when(run.createdAt)}</span>
          <span>{run.durationMs !== undefined ? formatMs(run.durationMs) : '—'}</span>
          <span>{run.stepCount} steps</span>
          <span>{formatCost(run.usage.costUsd)}</span>
          <span className="wm-muted">{run.trigger}</span>
        </span>
      </button>
      {run.interrupted && (
        <Button size="sm" variant="secondary" label="Resume" onClick={() => void resumeRun(run.id)} />
      )}
    </li>
  );
}

export function HistoryPanel() {
  const specId = useDoc((s) => s.spec.id);
  const h = useHistory(
    useShallow((s) => ({
      runs: s.runs,
      status: s.status,
      scope: s.scope,
      loading: s.loading,
      error: s.error,
      picked: s.picked,
    })),
  );
  const openId = useRuns((s) => s.current?.runId);
  useEffect(() => {
    void refreshHistory(specId);
    // New and finished runs change the list; refresh on the run's first and last event.
    return onAnyEvent((e) => {
      if (e.type === 'run.started' || e.type === 'run.finished' || e.type === 'run.waiting' || e.type === 'run.paused')
        void refreshHistory(specId);
    });
  }, [specId, h.status, h.scope]);
  const rows = forkTree(h.runs);
  return (
    <div className="wm-hist" data-testid="history-panel">
      <div className="wm-trace__bar">
        <select
          className="wm-input wm-select wm-input--sm"
          aria-label="Filter by status"
          value={h.status}
          onChange={(e) => useHistory.setState({ status: e.target.value as (typeof STATUSES)[number] })}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === 'all' ? 'All statuses' : s}
            </option>
          ))}
        </select>
        <select
          className="wm-input wm-select wm-input--sm"
          aria-label="Filter by workflow"
          value={h.scope}
          onChange={(e) => useHistory.setState({ scope: e.target.value === 'all' ? 'all' : 'workflow' })}
        >
          <option value="workflow">This workflow</option>
          <option value="all">All workflows</option>
        </select>
        <Button
          size="sm"
          variant="secondary"
          label={h.picked.length === 2 ? 'Compare' : `Compare (${h.picked.length}/2)`}
          disabled={h.picked.length !== 2}
          onClick={() => useRuns.setState({ compare: [h.picked[0]!, h.picked[1]!] })}
          data-testid="compare"
        />
      </div>
      {h.error && <p className="wm-field__error">{h.error}</p>}
      {!h.loading && rows.length === 0 && (
        <div className="wm-runs-empty">
          <strong>No runs yet</strong>
          <span>Runs of this workflow — from the editor or the CLI on the same database — are listed here.</span>
        </div>
      )}
      <ul className="wm-hist__list" aria-label="Runs">
        {rows.map((r) => (
          <Row
            key={r.run.id}
            run={r.run}
            depth={r.depth}
            picked={h.picked.includes(r.run.id)}
            open={r.run.id === openId}
          />
        ))}
      </ul>
    </div>
  );
}
