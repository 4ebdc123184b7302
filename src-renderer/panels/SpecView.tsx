/**
 * The whole workflow as JSON in Monaco, with the published spec schema attached for
 * completion and validation. Text that parses and passes the spec schema is applied to
 * the canvas (one undo step per typing burst); anything else shows why and leaves the
 * canvas untouched — invalid JSON never destroys canvas state. Canvas edits replace the
 * text, except while the text itself is the source of the change.
 */
import { useEffect, useRef, useState } from 'react';
import { stringifySpec } from '../../shared/spec/canonical';
import { formatProblem, type Problem } from '../../shared/spec/problems';
import { parseJson, checkSpecDocument } from '../documents/parse';
import { LazyCode, type CodeMarker } from '../monaco/LazyCode';
import { jsonEqual } from '../model/patch';
import { replaceSpec } from '../store/actions';
import { useDoc } from '../store/doc-store';
import { Icon } from '../ui/icons';

type Status =
  | { kind: 'synced' }
  | { kind: 'json'; message: string; line?: number; column?: number }
  | { kind: 'schema'; problems: Problem[] };

const APPLY_DELAY_MS = 300;

export function SpecView() {
  const spec = useDoc((s) => s.spec);
  const lastSource = useDoc((s) => s.lastSource);
  const [text, setText] = useState(() => stringifySpec(spec));
  const [status, setStatus] = useState<Status>({ kind: 'synced' });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (lastSource === 'spec-view') return;
    clearTimeout(timer.current);
    setText(stringifySpec(spec));
    setStatus({ kind: 'synced' });
  }, [spec, lastSource]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = (t: string) => {
    const json = parseJson(t);
    if (!json.ok) {
      const m = /line (\d+), column (\d+)/.exec(json.message);
      setStatus({ kind: 'json', message: json.message, ...(m ? { line: Number(m[1]), column: Number(m[2]) } : {}) });
      return;
    }
    const checked = checkSpecDocument(json.value);
    if (!checked.ok) {
      setStatus({ kind: 'schema', problems: checked.problems });
      return;
    }
    setStatus({ kind: 'synced' });
    if (!jsonEqual(checked.spec, useDoc.getState().spec)) replaceSpec(checked.spec);
  };

  const onChange = (t: string) => {
    setText(t);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => apply(t), APPLY_DELAY_MS);
  };

  const markers: CodeMarker[] =
    status.kind === 'json'
      ? [
          {
            message: status.message,
            severity: 'error',
            ...(status.line ? { line: status.line, column: status.column } : {}),
          },
        ]
      : [];

  return (
    <div className="wm-specview" role="region" aria-label="Spec JSON">
      <div className={`wm-specview__status is-${status.kind}`} role="status" data-testid="spec-status">
        {status.kind === 'synced' && (
          <>
            <Icon name="check" size={14} /> In sync with the canvas
          </>
        )}
        {status.kind === 'json' && (
          <>
            <Icon name="error" size={14} /> {status.message}. The canvas keeps the last valid version.
          </>
        )}
        {status.kind === 'schema' && (
          <>
            <Icon name="warning" size={14} /> Not applied: {status.problems.slice(0, 2).map(formatProblem).join('; ')}
            {status.problems.length > 2 ? ` (+${status.problems.length - 2} more)` : ''}
          </>
        )}
      </div>
      <LazyCode
        value={text}
        onChange={onChange}
        language="json"
        path="inmemory://waymark/spec.waymark.json"
        ariaLabel="Workflow spec JSON"
        fill
        markers={markers}
        testId="spec-editor"
      />
    </div>
  );
}
