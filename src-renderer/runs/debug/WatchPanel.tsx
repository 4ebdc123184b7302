/**
 * Watch expressions (JSONata, as in transforms), evaluated by the engine against the run's
 * state after the selected step — or the last one — and re-evaluated as the run moves.
 * The list is remembered per browser profile, like a debugger's watch window.
 */
import { useEffect, useState } from 'react';
import { Button } from '../../ui/Button';
import { orToast } from '../store/call';
import { trace, useRuns } from '../store/runs-store';
import { stringify } from '../ui/JsonView';
import { api } from '../../bridge';

const KEY = 'waymark.watch';
type Result = { expression: string; value?: unknown; error?: string };

function load(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function WatchPanel() {
  const [exprs, setExprs] = useState<string[]>(load);
  const [draft, setDraft] = useState('');
  const [results, setResults] = useState<Result[]>([]);
  const runId = useRuns((s) => s.current?.runId);
  const selected = useRuns((s) => s.selectedSpan);
  const lastSeq = useRuns((s) => s.current?.lastSeq);
  const stepIdx = selected === null ? undefined : trace.tree.spans[selected]?.stepIdx;
  useEffect(() => {
    try {
      localStorage.setItem(KEY, JSON.stringify(exprs));
    } catch {
      /* not persisted in private mode */
    }
  }, [exprs]);
  useEffect(() => {
    if (!runId || exprs.length === 0) return setResults([]);
    let alive = true;
    const t = setTimeout(() => {
      void orToast(
        api.runs.watch({ runId, expressions: exprs, ...(stepIdx !== undefined ? { stepIdx } : {}) }),
        'Watch failed',
      ).then((r) => alive && r && setResults(r));
    }, 120);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [runId, exprs, stepIdx, lastSeq]);
  const add = () => {
    const e = draft.trim();
    if (e && !exprs.includes(e)) setExprs([...exprs, e]);
    setDraft('');
  };
  return (
    <section className="wm-watch" aria-label="Watch expressions" data-testid="watch-panel">
      <div className="wm-watch__head">
        <span>Watch</span>
        <span className="wm-muted">{stepIdx !== undefined ? `after step ${stepIdx}` : 'latest state'}</span>
      </div>
      <ul className="wm-watch__list">
        {exprs.map((x, i) => {
          const r = results.find((y) => y.expression === x);
          return (
            <li key={x} className="wm-watch__row">
              <code className="wm-watch__expr">{x}</code>
              <span className={`wm-watch__value${r?.error ? ' is-error' : ''}`} data-testid="watch-value">
                {!runId ? '—' : r ? (r.error ?? stringify(r.value)) : '…'}
              </span>
              <Button
                icon="x"
                iconOnly
                size="sm"
                label={`Remove watch ${x}`}
                onClick={() => setExprs(exprs.filter((_, j) => j !== i))}
              />
            </li>
          );
        })}
      </ul>
      <form
        className="wm-inline"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input
          className="wm-input wm-input--mono"
          placeholder="nodes.classify.category"
          aria-label="Add a watch expression"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button size="sm" variant="secondary" label="Add" type="submit" disabled={!draft.trim()} />
      </form>
    </section>
  );
}
