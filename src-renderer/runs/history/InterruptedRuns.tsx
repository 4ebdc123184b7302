/**
 * Crash recovery at start: runs left mid-flight by a stopped app or backend are listed with
 * "Resume", which continues each from its last checkpoint (completed steps are not run
 * again) and opens it on the spec snapshot it ran with.
 */
import { useEffect, useState } from 'react';
import { loadDocument, useDoc } from '../../store/doc-store';
import { Button } from '../../ui/Button';
import { formatCost } from '../model/waterfall';
import { orToast } from '../store/call';
import { refreshInterrupted, useHistory } from '../store/history-store';
import { resumeRun } from '../store/run-actions';
import { api } from '../../bridge';

export function InterruptedRuns() {
  const runs = useHistory((s) => s.interrupted);
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    void refreshInterrupted();
  }, []);
  if (hidden || runs.length === 0) return null;
  const resume = async (runId: string) => {
    if (!useDoc.getState().isOpen) {
      // From the start screen: open the workflow the run belongs to as an unsaved copy.
      const d = await orToast(api.runs.get({ runId }), `Could not open ${runId}`);
      if (!d) return;
      loadDocument(d.spec, null);
    }
    await resumeRun(runId);
    await refreshInterrupted();
  };
  return (
    <aside className="wm-interrupted" aria-label="Interrupted runs" data-testid="interrupted-runs">
      <div className="wm-interrupted__head">
        <strong>
          {runs.length} run{runs.length > 1 ? 's were' : ' was'} interrupted
        </strong>
        <Button icon="x" iconOnly size="sm" label="Dismiss" onClick={() => setHidden(true)} />
      </div>
      <p className="wm-muted">
        The app or its backend stopped while these ran. Resume continues from the last checkpoint; finished steps and
        their side effects are not repeated.
      </p>
      <ul>
        {runs.slice(0, 5).map((r) => (
          <li key={r.id} className="wm-interrupted__row">
            <span>
              <strong>{r.specName}</strong>{' '}
              <span className="wm-muted">
                · {r.id} · {r.stepCount} steps · {formatCost(r.usage.costUsd)}
              </span>
            </span>
            <Button
              size="sm"
              variant="primary"
              label="Resume"
              onClick={() => void resume(r.id)}
              data-testid={`resume-${r.id}`}
            />
          </li>
        ))}
      </ul>
    </aside>
  );
}
