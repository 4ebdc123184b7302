/**
 * The Cost panel: what the open workflow costs at production volume (docs/cost.md). The
 * backend projects it (`cost.project`, the module `waymark cost` uses) from the workflow's
 * recorded runs and its prompts; the panel takes the volume, an infrastructure multiplier, a
 * prompt-cache hit rate and per-step model swaps, and shows the range, a chart of cost
 * against volume, the top cost drivers, the zone budgets and the assumptions.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../shared/api';
import { formatRuns, formatUsd, type CostProjection } from '../../shared/cost';
import { LLM_PROVIDERS } from '../../shared/llm-models';
import { stringifySpec } from '../../shared/spec/canonical';
import { errorText } from '../app/error-text';
import { api } from '../bridge';
import { useDoc } from '../store/doc-store';
import { Icon } from '../ui/icons';
import { CostChart } from './CostChart';

/** Waits this long after the last key press before asking the backend again. */
const DEBOUNCE_MS = 250;

interface Inputs {
  volume: string;
  infra: string;
  cache: string;
  swaps: Record<string, string>;
}

type Result = { projection: CostProjection } | { error: string; field?: 'volume' | 'infra' | 'cache' | 'spec' };

function useProjection(inputs: Inputs): { result: Result | undefined; busy: boolean } {
  const spec = useDoc((s) => s.spec);
  const text = useMemo(() => stringifySpec(spec), [spec]);
  const [result, setResult] = useState<Result | undefined>();
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);
  const key = JSON.stringify(inputs);
  useEffect(() => {
    const { volume, infra, cache, swaps } = JSON.parse(key) as Inputs;
    const mine = ++seq.current;
    const infraN = infra.trim() === '' ? 1 : Number(infra);
    const cacheN = cache.trim() === '' ? 0 : Number(cache);
    if (!Number.isFinite(infraN) || infraN < 1 || infraN > 1000) {
      setResult({ error: 'The multiplier is a number from 1 to 1000, like 5.', field: 'infra' });
      return;
    }
    if (!Number.isFinite(cacheN) || cacheN < 0 || cacheN > 100) {
      setResult({ error: 'The cache hit rate is a percentage from 0 to 100.', field: 'cache' });
      return;
    }
    if (volume.trim() === '') {
      setResult({ error: 'Type how many runs a month to expect, like 100000.', field: 'volume' });
      return;
    }
    const whatIf = [
      ...Object.entries(swaps).map(([node, model]) => `${node}=${model}`),
      ...(cacheN > 0 ? [`cache=${cacheN}%`] : []),
    ];
    const timer = setTimeout(() => {
      setBusy(true);
      api.cost
        .project({ text, options: { volume: volume.trim(), whatIf, infraMultiplier: infraN } })
        .then(
          (projection) => mine === seq.current && setResult({ projection }),
          (e: unknown) => {
            if (mine !== seq.current) return;
            const code = e instanceof ApiError ? e.code : undefined;
            setResult({
              error:
                code === 'invalid_spec'
                  ? 'The workflow has errors (see Problems); fix them to project its cost.'
                  : errorText(e).replace(/^volume /, 'The volume '),
              ...(code === 'invalid_spec'
                ? { field: 'spec' as const }
                : code === 'invalid_params' && /volume/.test(errorText(e))
                  ? { field: 'volume' as const }
                  : {}),
            });
          },
        )
        .finally(() => mine === seq.current && setBusy(false));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key, text]);
  return { result, busy };
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

function basisText(p: CostProjection): string {
  if (!p.history.used) return 'Estimated from the prompts and edge priors (no recorded runs)';
  const sim = p.history.simulated;
  return `From ${formatRuns(p.history.runs)} recorded run${p.history.runs === 1 ? '' : 's'}${
    sim ? ` (${sim === p.history.runs ? 'all' : sim} simulated: branch shares only)` : ''
  }`;
}

function ModelSwap({
  nodeId,
  current,
  value,
  onChange,
}: {
  nodeId: string;
  current: string;
  value: string | undefined;
  onChange(v: string | undefined): void;
}) {
  return (
    <select
      className="wm-input wm-select wm-cost__swap"
      aria-label={`Model for ${nodeId}`}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      data-testid={`cost-swap-${nodeId}`}
    >
      <option value="">{value ? 'Back to the workflow’s model' : current}</option>
      {LLM_PROVIDERS.filter((p) => p.models.length).map((p) => (
        <optgroup key={p.id} label={p.name}>
          {p.models.map((m) => (
            <option key={m.id} value={`${p.id}/${m.id}`}>
              {m.id} · {formatUsd(m.inputPerMTok)} / {formatUsd(m.outputPerMTok)} per M
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

export function CostPanel() {
  const [inputs, setInputs] = useState<Inputs>({ volume: '100000', infra: '1', cache: '0', swaps: {} });
  const { result, busy } = useProjection(inputs);
  const set = (patch: Partial<Inputs>) => setInputs((i) => ({ ...i, ...patch }));
  const p = result && 'projection' in result ? result.projection : undefined;
  const error = result && 'error' in result ? result : undefined;
  const fieldError = (f: 'volume' | 'infra' | 'cache') => (error?.field === f ? error.error : undefined);
  const perMonth = p?.volume.perMonth ?? 0;
  return (
    <div className="wm-inspector wm-cost" role="region" aria-label="Cost projection" data-testid="cost-panel">
      <header className="wm-inspector__head">
        <span className="wm-inspector__icon" aria-hidden="true">
          $
        </span>
        <div>
          <h2 className="wm-inspector__title">Cost projection</h2>
          <p className="wm-inspector__sub">What this workflow costs at production volume, before it gets there.</p>
        </div>
      </header>

      <div className="wm-cost__inputs">
        <div className={`wm-field wm-cost__volume${fieldError('volume') ? ' has-error' : ''}`}>
          <label className="wm-field__label" htmlFor="cost-volume">
            Runs per month
          </label>
          <input
            id="cost-volume"
            className="wm-input"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            value={inputs.volume}
            onChange={(e) => set({ volume: e.target.value })}
            aria-invalid={!!fieldError('volume') || undefined}
            aria-describedby="cost-volume-help"
            data-testid="cost-volume"
          />
          <p className="wm-field__help" id="cost-volume-help">
            Or per period: <code>3000/day</code>, <code>25k/week</code>
          </p>
        </div>
        <div className={`wm-field${fieldError('infra') ? ' has-error' : ''}`}>
          <label className="wm-field__label" htmlFor="cost-infra">
            Infrastructure ×
          </label>
          <input
            id="cost-infra"
            className="wm-input"
            inputMode="decimal"
            value={inputs.infra}
            onChange={(e) => set({ infra: e.target.value })}
            aria-invalid={!!fieldError('infra') || undefined}
            data-testid="cost-infra"
          />
        </div>
        <div className={`wm-field${fieldError('cache') ? ' has-error' : ''}`}>
          <label className="wm-field__label" htmlFor="cost-cache">
            Cache hits %
          </label>
          <input
            id="cost-cache"
            className="wm-input"
            inputMode="decimal"
            value={inputs.cache}
            onChange={(e) => set({ cache: e.target.value })}
            aria-invalid={!!fieldError('cache') || undefined}
            data-testid="cost-cache"
          />
        </div>
      </div>

      {error && (
        <p className="wm-cost__error" role="alert" data-testid="cost-error">
          <Icon name="warning" size={15} />
          <span>{error.error}</span>
        </p>
      )}

      {p && (
        <div className={`wm-cost__result${busy || error ? ' is-stale' : ''}`} aria-busy={busy}>
          <section className="wm-cost__headline" aria-label="Projected cost">
            <div className="wm-cost__figure">
              <span className="wm-cost__amount" data-testid="cost-per-month">
                {formatUsd(p.perMonth.expected)}
              </span>
              <span className="wm-cost__unit">a month</span>
            </div>
            <div className="wm-cost__range" data-testid="cost-range">
              {formatUsd(p.perMonth.low)} – {formatUsd(p.perMonth.high)} range
            </div>
            <dl className="wm-cost__facts">
              <div>
                <dt>Per run</dt>
                <dd data-testid="cost-per-run">{formatUsd(p.perRun.expected)}</dd>
              </div>
              <div>
                <dt>Volume</dt>
                <dd>{formatRuns(perMonth)} runs/month</dd>
              </div>
              {p.infraMultiplier !== 1 && (
                <div>
                  <dt>Model spend</dt>
                  <dd>
                    {formatUsd(p.modelPerMonth.expected)} × {p.infraMultiplier}
                  </dd>
                </div>
              )}
              {p.whatIfs.length > 0 && (
                <div>
                  <dt>Without what-ifs</dt>
                  <dd data-testid="cost-baseline">{formatUsd(p.baselinePerMonth.expected)}</dd>
                </div>
              )}
            </dl>
            <p className="wm-cost__basis">{basisText(p)}</p>
          </section>

          <section className="wm-cost__block" aria-label="Cost against volume">
            <h3 className="wm-cost__h">Cost against volume</h3>
            <CostChart curve={p.curve} volume={perMonth} />
          </section>

          <section className="wm-cost__block" aria-label="Top cost drivers">
            <h3 className="wm-cost__h">Top cost drivers</h3>
            {p.steps.length === 0 ? (
              <p className="wm-cost__empty">No LLM steps: this workflow spends nothing on models.</p>
            ) : (
              <ol className="wm-cost__drivers">
                {p.steps.map((s) => (
                  <li key={s.nodeId} className="wm-cost__driver" data-testid={`cost-driver-${s.nodeId}`}>
                    <div className="wm-cost__driver-top">
                      <span className="wm-cost__driver-name">{s.name}</span>
                      <span className="wm-cost__driver-cost">
                        {formatUsd(s.perRun.expected * perMonth * p.infraMultiplier)}
                      </span>
                    </div>
                    <div className="wm-cost__bar" aria-hidden="true">
                      <span style={{ width: `${Math.max(2, s.share * 100)}%` }} />
                    </div>
                    <div className="wm-cost__driver-meta">
                      <span>{pct(s.share)}</span>
                      <span>
                        {s.tokens.source === 'estimate' ? '≈ ' : ''}
                        {formatRuns(s.tokens.input.p50)} in · {formatRuns(s.tokens.output.p50)} out
                        {s.tokens.source === 'estimate' ? ' (estimate)' : ` (p50 of ${s.tokens.samples})`}
                      </span>
                      {s.visits !== 1 && <span>{Math.round(s.visits * 100) / 100} visits/run</span>}
                    </div>
                    <ModelSwap
                      nodeId={s.nodeId}
                      current={`${s.model}${s.priceSource === 'none' ? ' (no price)' : ''}`}
                      value={inputs.swaps[s.nodeId]}
                      onChange={(v) => {
                        const swaps = { ...inputs.swaps };
                        if (v) swaps[s.nodeId] = v;
                        else delete swaps[s.nodeId];
                        set({ swaps });
                      }}
                    />
                  </li>
                ))}
              </ol>
            )}
          </section>

          {p.budgets.length > 0 && (
            <section className="wm-cost__block" aria-label="Zone budgets" data-testid="cost-budgets">
              <h3 className="wm-cost__h">Zone budgets, per run</h3>
              <ul className="wm-cost__budgets">
                {p.budgets.map((b) => {
                  const money = b.limit === 'maxCostUsd';
                  const f = (v: number) => (money ? formatUsd(v) : String(Math.round(v * 100) / 100));
                  return (
                    <li key={`${b.zone}:${b.limit}`} className={`wm-cost__budget is-${b.status}`}>
                      <span className="wm-cost__budget-zone">{b.zoneName}</span>
                      <span className="wm-cost__budget-figure">
                        {f(b.expected)} of {f(b.max)}{' '}
                        {money
                          ? 'spend'
                          : b.limit === 'maxSteps'
                            ? 'steps'
                            : b.limit === 'maxTokens'
                              ? 'tokens'
                              : 'calls'}
                      </span>
                      <span className="wm-cost__chip">{b.status === 'at-risk' ? 'at risk' : b.status}</span>
                    </li>
                  );
                })}
              </ul>
            </section>
          )}

          {(p.notes.length > 0 || p.steps.some((s) => s.notes.length)) && (
            <details className="wm-cost__notes" data-testid="cost-notes">
              <summary>Assumptions ({p.notes.length + p.steps.reduce((a, s) => a + s.notes.length, 0)})</summary>
              <ul>
                {p.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
                {p.steps.flatMap((s) =>
                  s.notes.map((n) => (
                    <li key={`${s.nodeId}:${n}`}>
                      <strong>{s.name}</strong>: {n}
                    </li>
                  )),
                )}
              </ul>
            </details>
          )}
          <p className="wm-cost__source">
            Prices: {p.prices.source} ({p.prices.asOf}), or a connector’s own pricing. Set branch priors on edges in the
            inspector.
          </p>
        </div>
      )}
    </div>
  );
}
