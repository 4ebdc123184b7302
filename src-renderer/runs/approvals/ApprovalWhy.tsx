/** The "why" of an approval: decisions taken on the way (with their rationale) and what the steps before the gate produced. */
import type { ApprovalView } from '../../../shared/runs';
import { JsonView } from '../ui/JsonView';

export function ApprovalWhy({ view }: { view: ApprovalView }) {
  return (
    <>
      {view.decisions.length > 0 && (
        <>
          <h4 className="wm-approval__h">Why it got here</h4>
          <ol className="wm-why">
            {view.decisions.map((d) => (
              <li key={d.stepIdx}>
                <strong>{d.nodeName}</strong> → <code>{d.branch}</code>
                <span className="wm-muted"> — {d.rationale}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      {view.upstream.length > 0 && (
        <details className="wm-upstream">
          <summary>Outputs before the gate ({view.upstream.length} steps)</summary>
          {view.upstream.map((u) => (
            <details key={u.stepIdx} className="wm-upstream__step">
              <summary>
                {u.nodeName}{' '}
                <span className="wm-muted">
                  ({u.nodeType}
                  {u.port ? ` → ${u.port}` : ''})
                </span>
              </summary>
              <JsonView value={u.error ?? u.output} label={`Output of ${u.nodeName}`} maxLines={10} />
            </details>
          ))}
        </details>
      )}
    </>
  );
}
