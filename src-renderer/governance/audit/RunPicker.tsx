/**
 * Which run's audit log to show: recent runs from `runs.list` (newest first), or every
 * run (the whole chain). Follows the run painted on the canvas when a new one starts.
 */
import { useEffect, useState } from 'react';
import type { RunSummary } from '../../../shared/runs';
import { orToast } from '../../runs/store/call';
import { api } from '../../bridge';

function runLabel(r: RunSummary): string {
  const when = new Date(r.createdAt).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return `${r.specName} · ${r.status}${r.simulate ? ' · simulated' : ''} · ${when}`;
}

export function RunPicker({
  value,
  onChange,
  refreshKey,
}: {
  value: string | null;
  onChange(runId: string | null): void;
  refreshKey: string | null;
}) {
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  useEffect(() => {
    let live = true;
    void orToast(api.runs.list({ limit: 100 }), 'Could not list runs').then((r) => {
      if (live && r) setRuns(r);
    });
    return () => {
      live = false;
    };
  }, [refreshKey]);
  const known = value === null || runs?.some((r) => r.id === value);
  return (
    <select
      id="audit-run"
      className="wm-input wm-select wm-gov-audit__run"
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value || null)}
      data-testid="audit-run"
    >
      <option value="">All runs (the whole chain)</option>
      {!known && value && <option value={value}>{value}</option>}
      {runs?.map((r) => (
        <option key={r.id} value={r.id}>
          {runLabel(r)}
        </option>
      ))}
    </select>
  );
}
