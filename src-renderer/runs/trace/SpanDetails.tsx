/**
 * The details of the selected span: key facts, notes (decision rationale, policy checks),
 * the error with its cause, and JSON blocks (input, output, prompt, response) in read-only
 * Monaco. Actions that belong to a step live here: fork from it, edit its output at a pause.
 */
import { useEffect, useState } from 'react';
import type { Span } from '../model/spans';
import { orToast } from '../store/call';
import { useRuns } from '../store/runs-store';
import { JsonView } from '../ui/JsonView';
import { EditOutput } from '../debug/EditOutput';
import { Button } from '../../ui/Button';
import { spanFacts } from './span-facts';
import { useSpanEvents } from './useSpanEvents';
import { api } from '../../bridge';

function useStepInput(runId: string | undefined, span: Span | undefined): unknown {
  const [value, setValue] = useState<unknown>(undefined);
  const idx = span?.kind === 'step' ? span.stepIdx : undefined;
  useEffect(() => {
    setValue(undefined);
    if (!runId || idx === undefined || idx === 0) return;
    let alive = true;
    // What the step received: `prev` in the state right after the step before it.
    void orToast(
      api.runs.watch({ runId, stepIdx: idx - 1, expressions: ['prev'] }),
      'Could not read the step input',
    ).then((r) => alive && r?.[0] && !r[0].error && setValue(r[0].value ?? null));
    return () => {
      alive = false;
    };
  }, [runId, idx]);
  return value;
}

export function SpanDetails({ span, stamp }: { span: Span; stamp: string }) {
  const runId = useRuns((s) => s.current?.runId);
  const paused = useRuns((s) => s.current?.status === 'paused');
  const loaded = useSpanEvents(runId, span, stamp);
  const input = useStepInput(runId, span);
  const [editing, setEditing] = useState(false);
  useEffect(() => setEditing(false), [span.id]);
  if (loaded.state === 'loading') return <div className="wm-details wm-muted">Loading…</div>;
  if (loaded.state === 'error') return <div className="wm-details wm-field__error">{loaded.message}</div>;
  const f = spanFacts(span, loaded.events);
  const canFork = span.kind === 'step' && span.status === 'ok' && span.stepIdx !== undefined && !!runId;
  const canEdit = paused && span.kind === 'step' && span.status === 'ok' && span.nodeId !== undefined;
  return (
    <div className="wm-details" data-testid="span-details">
      <div className="wm-details__head">
        <div>
          <div className="wm-details__title">{span.label}</div>
          <div className="wm-details__sub">
            {span.kind === 'step' ? `Step ${span.stepIdx} · ${span.detail}` : span.detail}
          </div>
        </div>
        <div className="wm-inline">
          {canEdit && (
            <Button
              size="sm"
              variant="secondary"
              label="Edit output"
              onClick={() => setEditing(true)}
              data-testid="edit-output"
            />
          )}
          {canFork && (
            <Button
              size="sm"
              variant="secondary"
              icon="copy"
              label="Fork from here"
              onClick={() =>
                useRuns.setState({ fork: { runId: runId!, stepIdx: span.stepIdx!, nodeId: span.nodeId ?? '' } })
              }
              data-testid="fork-here"
            />
          )}
        </div>
      </div>
      {editing && runId && span.nodeId && (
        <EditOutput runId={runId} nodeId={span.nodeId} output={f.output} onDone={() => setEditing(false)} />
      )}
      {f.facts.length > 0 && (
        <dl className="wm-facts">
          {f.facts.map((x) => (
            <div key={x.label} className="wm-facts__row">
              <dt>{x.label}</dt>
              <dd>{x.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {f.error && (
        <div className="wm-details__error" role="alert">
          <strong>{f.error.code}</strong> {f.error.message}
          {f.error.cause !== undefined && <JsonView value={f.error.cause} label="Error cause" maxLines={8} />}
        </div>
      )}
      {f.notes.map((n, i) => (
        <p key={i} className="wm-details__note">
          {n}
        </p>
      ))}
      {input !== undefined && (
        <section className="wm-details__block">
          <h4>Input (prev)</h4>
          <JsonView value={input} label="Input" />
        </section>
      )}
      {f.blocks.map((b) => (
        <section key={b.label} className="wm-details__block">
          <h4>{b.label}</h4>
          <JsonView value={b.value} label={b.label} />
        </section>
      ))}
    </div>
  );
}
