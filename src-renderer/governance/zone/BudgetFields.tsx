/**
 * A zone's budget per run: cost, tokens, LLM calls, steps and wall time, each with its
 * unit. An empty field is no limit. The engine checks these before each call (estimated)
 * and after (actual), so the help text says what "exceeded" does.
 */
import type { Zone } from '../../../shared/spec/schema';
import { Field } from '../../inspector/fields/Field';
import { NumberInput } from '../../inspector/fields/inputs';
import type { BudgetKey } from '../model/zone-policy';
import { setBudgetLimit } from '../store/zone-policy-actions';
import { DurationInput } from './DurationInput';

const COUNTS: { key: Exclude<BudgetKey, 'maxWallTimeMs'>; label: string; unit: string; step?: number }[] = [
  { key: 'maxCostUsd', label: 'Max cost', unit: 'USD', step: 0.01 },
  { key: 'maxTokens', label: 'Max tokens', unit: 'tokens' },
  { key: 'maxLlmCalls', label: 'Max LLM calls', unit: 'calls' },
  { key: 'maxSteps', label: 'Max steps', unit: 'steps' },
];

export function BudgetFields({ zone }: { zone: Zone }) {
  const budget = zone.policy.budget ?? {};
  return (
    <div className="wm-gov-budget" data-testid="zone-budget">
      <div className="wm-gov-budget__grid">
        {COUNTS.map(({ key, label, unit }) => {
          const id = `zone-${zone.id}-${key}`;
          return (
            <Field key={key} id={id} label={label}>
              <div className="wm-gov-unit">
                <NumberInput
                  id={id}
                  value={budget[key]}
                  min={0}
                  placeholder="No limit"
                  onChange={(v) =>
                    setBudgetLimit(zone.id, key, key === 'maxCostUsd' || v === undefined ? v : Math.round(v))
                  }
                />
                <span className="wm-gov-unit__suffix" aria-hidden="true">
                  {unit}
                </span>
              </div>
            </Field>
          );
        })}
      </div>
      <Field id={`zone-${zone.id}-maxWallTimeMs`} label="Max wall time">
        <DurationInput
          id={`zone-${zone.id}-maxWallTimeMs`}
          label="Max wall time"
          value={budget.maxWallTimeMs}
          units={['s', 'min', 'h']}
          fallback="min"
          placeholder="No limit"
          onChange={(ms) => setBudgetLimit(zone.id, 'maxWallTimeMs', ms)}
        />
      </Field>
      <p className="wm-field__help">
        Per run, for this zone's steps. A call that would pass a limit is not made; the step fails with a budget error
        (its error edge, or the run fails).
      </p>
    </div>
  );
}
