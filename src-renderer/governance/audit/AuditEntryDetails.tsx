/**
 * One audit entry in full: when, who, which run, its chain links, and the payload as
 * read-only JSON (Monaco, loaded lazily, shared with the trace's JSON views).
 */
import type { AuditEntryView } from '../../../shared/api';
import { JsonView } from '../../runs/ui/JsonView';

export function AuditEntryDetails({ entry }: { entry: AuditEntryView }) {
  return (
    <section className="wm-gov-entry" aria-label={`Audit entry ${entry.seq}`} data-testid="audit-entry">
      <header className="wm-gov-entry__head">
        <strong>#{entry.seq}</strong>
        <code>{entry.kind}</code>
        <span className="wm-muted">by {entry.actor}</span>
      </header>
      <dl className="wm-gov-entry__facts">
        <dt>At</dt>
        <dd>{new Date(entry.at).toLocaleString()}</dd>
        <dt>Run</dt>
        <dd>{entry.runId ?? '—'}</dd>
        <dt>Hash</dt>
        <dd className="wm-gov-hash" title={entry.hash}>
          {entry.hash}
        </dd>
        <dt>Previous</dt>
        <dd className="wm-gov-hash" title={entry.prevHash}>
          {entry.prevHash}
        </dd>
      </dl>
      <JsonView key={entry.seq} value={entry.payload} label="Payload" maxLines={16} />
    </section>
  );
}
