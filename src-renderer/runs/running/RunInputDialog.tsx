/**
 * The Run dialog: a form generated from the workflow's input schema (or a JSON editor when
 * the schema needs one), prefilled with the last input; Simulate runs on pinned data with
 * no network. Server-side problems (`$input.…`) come back as a toast naming the field.
 */
import { useMemo, useState } from 'react';
import { Dialog } from '../../app/Dialog';
import { LazyCode } from '../../monaco/LazyCode';
import { useDoc } from '../../store/doc-store';
import { Button } from '../../ui/Button';
import { parseJson } from '../debug/EditOutput';
import { buildValue, planForm, valuesFrom, type FormValues } from '../model/schema-form';
import { startRun } from '../store/run-actions';
import { useRuns } from '../store/runs-store';
import { stringify } from '../ui/JsonView';
import { InputForm } from './InputForm';
import { SimulateReadiness } from './SimulateReadiness';
import { simulateGaps } from '../model/simulate-readiness';
import { recalledInput, rememberInput } from './input-memory';

export function RunInputDialog() {
  const spec = useDoc((s) => s.spec);
  const simulate = useRuns((s) => s.simulate);
  const busy = useRuns((s) => s.busy);
  const plan = useMemo(() => planForm(spec.input), [spec.input]);
  const initial = useMemo(() => recalledInput(spec.id, spec.input), [spec.id, spec.input]);
  const [mode, setMode] = useState<'form' | 'json'>(plan.kind);
  const [values, setValues] = useState<FormValues>(() =>
    plan.kind === 'form' ? valuesFrom(plan.fields, initial) : {},
  );
  const [text, setText] = useState(() => stringify(initial));
  const [showErrors, setShowErrors] = useState(false);
  const built = plan.kind === 'form' ? buildValue(plan.fields, values) : null;
  const parsed = parseJson(text);
  const close = () => useRuns.setState({ inputOpen: false });
  const gaps = useMemo(() => simulateGaps(spec).length, [spec]);

  const switchTo = (m: 'form' | 'json') => {
    if (m === 'json' && built) setText(stringify(built.value));
    if (m === 'form' && plan.kind === 'form' && parsed.ok) setValues(valuesFrom(plan.fields, parsed.value));
    setMode(m);
  };

  const submit = async () => {
    const input = mode === 'form' && built ? built.value : parsed.ok ? parsed.value : undefined;
    if (mode === 'form' && built && Object.keys(built.errors).length) return setShowErrors(true);
    if (input === undefined) return;
    rememberInput(spec.id, input);
    await startRun(input);
  };

  return (
    <Dialog title={`Run ${spec.name}`} onClose={close} className="wm-dialog--run" testId="run-dialog">
      <form
        className="wm-runform"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="wm-runform__bar">
          <span className="wm-dialog__subhead">Input</span>
          {plan.kind === 'form' && (
            <div className="wm-segmented" role="group" aria-label="Input editor">
              <button
                type="button"
                className="wm-segmented__item"
                aria-pressed={mode === 'form'}
                onClick={() => switchTo('form')}
              >
                Form
              </button>
              <button
                type="button"
                className="wm-segmented__item"
                aria-pressed={mode === 'json'}
                onClick={() => switchTo('json')}
                data-testid="input-json"
              >
                JSON
              </button>
            </div>
          )}
        </div>
        {plan.kind === 'json' && <p className="wm-field__help">Edit the input as JSON: {plan.reason}.</p>}
        <div className="wm-runform__fields">
          {mode === 'form' && plan.kind === 'form' ? (
            plan.fields.length ? (
              <InputForm
                fields={plan.fields}
                values={values}
                errors={showErrors && built ? built.errors : {}}
                onChange={(k, v) => setValues((cur) => ({ ...cur, [k]: v }))}
              />
            ) : (
              <p className="wm-muted">This workflow declares no input.</p>
            )
          ) : (
            <>
              <LazyCode
                value={text}
                onChange={setText}
                language="json"
                path="inmemory://waymark/run-input.json"
                ariaLabel="Run input (JSON)"
                minLines={6}
                maxLines={18}
                lineNumbers
                testId="run-input-json"
              />
              {!parsed.ok && <p className="wm-field__error">{parsed.error}</p>}
            </>
          )}
        </div>
        <label className="wm-toggle">
          <input
            type="checkbox"
            checked={simulate}
            onChange={(e) => useRuns.setState({ simulate: e.target.checked })}
            data-testid="simulate-toggle"
          />
          <span className="wm-toggle__track" aria-hidden="true" />
          <span>Simulate — pinned outputs, no network, no credentials</span>
        </label>
        {simulate && <SimulateReadiness />}
        <div className="wm-actions">
          <Button label="Cancel" onClick={close} />
          <Button
            variant="primary"
            label={busy ? 'Starting…' : 'Run'}
            type="submit"
            disabled={busy || (mode === 'json' && !parsed.ok) || (simulate && gaps > 0)}
            data-testid="run-submit"
          />
        </div>
      </form>
    </Dialog>
  );
}
