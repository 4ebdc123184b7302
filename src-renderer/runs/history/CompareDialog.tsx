/**
 * Two runs side by side, node by node: did the output change (and where, by JSON path),
 * and latency, tokens and cost with their deltas. Typical use: a fork against its parent.
 */
import { Fragment, useEffect, useState } from 'react';
import type { RunDetail, StepView } from '../../../shared/runs';
import { Dialog } from '../../app/Dialog';
import { compareRuns, delta } from '../model/diff';
import { formatCost, formatMs } from '../model/waterfall';
import { orToast } from '../store/call';
import { useRuns } from '../store/runs-store';
import { stringify } from '../ui/JsonView';
import { api } from '../../bridge';

const tok = (s?: StepView) => (s ? s.usage.inputTokens + s.usage.outputTokens : undefined);
/** Signed cost difference B − A in dollars; empty when equal. */
const costDelta = (a?: number, b?: number) =>
  a === undefined || b === undefined || a === b ? '' : `${b > a ? '+' : '−'}${formatCost(Math.abs(b - a))}`;
const short = (v: unknown) => {
  const t = stringify(v);
  return t.length > 80 ? `${t.slice(0, 77)}…` : t;
};

function Cell({ s }: { s?: StepView }) {
  if (!s) return <td className="wm-muted">did not run</td>;
  return (
    <td>
      <span className={`wm-pill wm-pill--${s.status}`}>{s.port ?? s.status}</span>{' '}
      {s.latencyMs !== undefined ? formatMs(s.latencyMs) : '—'} · {tok(s)} tok · {formatCost(s.usage.costUsd)}
    </td>
  );
}

export function CompareDialog() {
  const pair = useRuns((s) => s.compare);
  const [runs, setRuns] = useState<[RunDetail, RunDetail] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    setRuns(null);
    if (!pair) return;
    void Promise.all(pair.map((runId) => orToast(api.runs.get({ runId }), `Could not load ${runId}`))).then(
      ([a, b]) => a && b && setRuns([a, b]),
    );
  }, [pair]);
  if (!pair) return null;
  const close = () => useRuns.setState({ compare: null });
  const rows = runs ? compareRuns(runs[0].steps, runs[1].steps) : [];
  const names = new Map((runs?.[0].spec.nodes ?? []).concat(runs?.[1].spec.nodes ?? []).map((n) => [n.id, n.name]));
  return (
    <Dialog title="Compare runs" onClose={close} className="wm-dialog--compare" testId="compare-dialog">
      {!runs ? (
        <p className="wm-muted">Loading…</p>
      ) : (
        <div className="wm-compare">
          <table className="wm-compare__table">
            <thead>
              <tr>
                <th>Node</th>
                <th>A · {runs[0].run.id}</th>
                <th>B · {runs[1].run.id}</th>
                <th>Output</th>
                <th>Δ latency</th>
                <th>Δ cost</th>
              </tr>
            </thead>
            <tbody>
              <tr className="wm-compare__total">
                <td>Whole run</td>
                <td>
                  {runs[0].run.status} · {formatMs(runs[0].run.durationMs ?? 0)} ·{' '}
                  {formatCost(runs[0].run.usage.costUsd)}
                </td>
                <td>
                  {runs[1].run.status} · {formatMs(runs[1].run.durationMs ?? 0)} ·{' '}
                  {formatCost(runs[1].run.usage.costUsd)}
                </td>
                <td />
                <td>{delta(runs[0].run.durationMs, runs[1].run.durationMs, ' ms')}</td>
                <td>{costDelta(runs[0].run.usage.costUsd, runs[1].run.usage.costUsd)}</td>
              </tr>
              {rows.map((r) => (
                <Fragment key={r.nodeId}>
                  <tr className={r.same ? 'is-same' : 'is-diff'} data-testid={`compare-${r.nodeId}`}>
                    <td>{names.get(r.nodeId) ?? r.nodeId}</td>
                    <Cell s={r.a} />
                    <Cell s={r.b} />
                    <td>
                      {r.same ? (
                        <span className="wm-muted">same</span>
                      ) : r.changes.length ? (
                        <button
                          type="button"
                          className="wm-linkbtn"
                          onClick={() => setOpen(open === r.nodeId ? null : r.nodeId)}
                        >
                          {r.changes.length} change{r.changes.length > 1 ? 's' : ''}
                        </button>
                      ) : (
                        <span>{r.a && r.b ? 'different port' : 'only in one run'}</span>
                      )}
                    </td>
                    <td>{delta(r.a?.latencyMs, r.b?.latencyMs, ' ms')}</td>
                    <td>{costDelta(r.a?.usage.costUsd, r.b?.usage.costUsd)}</td>
                  </tr>
                  {open === r.nodeId && (
                    <tr className="wm-compare__changes">
                      <td colSpan={6}>
                        <ul>
                          {r.changes.map((c) => (
                            <li key={c.path}>
                              <code>{c.path}</code> <span className={`wm-chg wm-chg--${c.kind}`}>{c.kind}</span>{' '}
                              {c.kind !== 'added' && <code className="wm-chg__a">{short(c.a)}</code>}
                              {c.kind === 'changed' && ' → '}
                              {c.kind !== 'removed' && <code className="wm-chg__b">{short(c.b)}</code>}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Dialog>
  );
}
