/**
 * The audit log of a run, in the runs panel: filters (kind or kind family, actor, text),
 * the entries in chain order, the selected entry's details, and chain verification.
 * The log itself is tamper-evident in the backend; this panel only reads it.
 */
import { useEffect, useMemo, useState } from 'react';
import { useRuns } from '../../runs/store/runs-store';
import { Button } from '../../ui/Button';
import {
  actorOptions,
  entrySummary,
  entryTone,
  filterEntries,
  kindOptions,
  NO_FILTER,
  type AuditFilter,
} from '../model/audit-filter';
import { GovIcon } from '../ui/gov-icons';
import { AuditEntryDetails } from './AuditEntryDetails';
import { RunPicker } from './RunPicker';
import { useAuditLog } from './useAuditLog';
import { VerifyBar } from './VerifyBar';

const time = (at: string) =>
  new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function AuditPanel() {
  const currentRun = useRuns((s) => s.current?.runId ?? null);
  const [runId, setRunId] = useState<string | null>(currentRun);
  // A new run on the canvas: show its log (the user can still pick another).
  useEffect(() => setRunId(currentRun), [currentRun]);
  const log = useAuditLog(runId);
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const [selected, setSelected] = useState<number | null>(null);
  const shown = useMemo(() => filterEntries(log.entries, filter), [log.entries, filter]);
  const kinds = useMemo(() => kindOptions(log.entries), [log.entries]);
  const actors = useMemo(() => actorOptions(log.entries), [log.entries]);
  const entry = log.entries.find((e) => e.seq === selected);
  const set = (patch: Partial<AuditFilter>) => setFilter((f) => ({ ...f, ...patch }));

  return (
    <div className="wm-gov-audit" data-testid="audit-panel">
      <div className="wm-gov-audit__top">
        <label className="wm-gov-audit__label" htmlFor="audit-run">
          Run
        </label>
        <RunPicker value={runId} onChange={setRunId} refreshKey={currentRun} />
        <button
          type="button"
          className="wm-btn wm-btn--ghost wm-btn--sm wm-btn--icon"
          aria-label="Reload the audit log"
          title="Reload the audit log"
          onClick={log.reload}
        >
          <GovIcon name="refresh" size={14} />
        </button>
      </div>
      <VerifyBar
        verify={log.verify}
        verifying={log.verifying}
        result={log.verified}
        onShow={(seq) => setSelected(seq)}
      />
      <div className="wm-gov-audit__filters" role="search" aria-label="Filter audit entries">
        <select
          className="wm-input wm-select"
          aria-label="Kind"
          value={filter.kind}
          onChange={(e) => set({ kind: e.target.value })}
          data-testid="audit-kind"
        >
          <option value="">All kinds</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {k.endsWith('.*') ? `${k} (all)` : k}
            </option>
          ))}
        </select>
        <select
          className="wm-input wm-select"
          aria-label="Actor"
          value={filter.actor}
          onChange={(e) => set({ actor: e.target.value })}
          data-testid="audit-actor"
        >
          <option value="">All actors</option>
          {actors.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <input
          className="wm-input"
          type="search"
          aria-label="Search entries"
          placeholder="Search…"
          value={filter.text}
          onChange={(e) => set({ text: e.target.value })}
          data-testid="audit-search"
        />
      </div>
      <div className="wm-gov-audit__count wm-muted" aria-live="polite" data-testid="audit-count">
        {log.loading && !log.entries.length
          ? 'Loading…'
          : `${shown.length.toLocaleString()} of ${log.entries.length.toLocaleString()} entries${runId ? '' : ' (all runs)'}`}
      </div>
      {log.entries.length === 0 && !log.loading ? (
        <div className="wm-runs-empty">
          <strong>No audit entries</strong>
          <span>
            {runId
              ? 'This run has recorded nothing yet.'
              : 'Run a workflow: its start, decisions, policy checks, approvals and end are recorded here.'}
          </span>
        </div>
      ) : (
        <ol className="wm-gov-audit__list" aria-label="Audit entries" data-testid="audit-list">
          {shown.map((e) => (
            <li key={e.seq}>
              <button
                type="button"
                className="wm-gov-row"
                aria-pressed={e.seq === selected}
                onClick={() => setSelected(e.seq === selected ? null : e.seq)}
                data-testid={`audit-row-${e.seq}`}
                data-kind={e.kind}
              >
                <span className={`wm-gov-row__dot wm-gov-row__dot--${entryTone(e)}`} aria-hidden="true" />
                <span className="wm-gov-row__seq">#{e.seq}</span>
                <span className="wm-gov-row__kind">{e.kind}</span>
                <span className="wm-gov-row__actor">{e.actor}</span>
                <span className="wm-gov-row__time">{time(e.at)}</span>
                <span className="wm-gov-row__summary">{entrySummary(e)}</span>
              </button>
            </li>
          ))}
          {log.hasMore && (
            <li className="wm-gov-audit__more">
              <Button size="sm" variant="secondary" label="Load more" onClick={log.loadMore} />
            </li>
          )}
        </ol>
      )}
      {entry && <AuditEntryDetails entry={entry} />}
    </div>
  );
}
