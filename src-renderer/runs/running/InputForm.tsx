/** Form controls for the fields planned from the input schema (model/schema-form.ts). */
import type { FormField, FormValues } from '../model/schema-form';

interface Props {
  fields: readonly FormField[];
  values: FormValues;
  errors: Record<string, string>;
  onChange(path: string, value: string | boolean): void;
}

export function InputForm({ fields, values, errors, onChange }: Props) {
  return (
    <>
      {fields.map((f) => {
        const k = f.path.join('.');
        const id = `wm-run-input-${k}`;
        if (f.kind === 'object') {
          return (
            <fieldset key={k} className="wm-fieldset">
              <legend>{f.label}</legend>
              <InputForm fields={f.fields ?? []} values={values} errors={errors} onChange={onChange} />
            </fieldset>
          );
        }
        const v = values[k];
        const err = errors[k];
        return (
          <div key={k} className="wm-field">
            {f.kind === 'boolean' ? (
              <label className="wm-check" htmlFor={id}>
                <input id={id} type="checkbox" checked={v === true} onChange={(e) => onChange(k, e.target.checked)} />{' '}
                {f.label}
              </label>
            ) : (
              <label className="wm-field__label" htmlFor={id}>
                {f.label}
                {f.required && (
                  <span className="wm-field__req" aria-hidden="true">
                    {' '}
                    *
                  </span>
                )}
                {f.format && <span className="wm-muted"> ({f.format})</span>}
              </label>
            )}
            {f.kind === 'enum' ? (
              <select
                id={id}
                className="wm-input wm-select"
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => onChange(k, e.target.value)}
                aria-invalid={!!err}
              >
                {!f.required && <option value="">—</option>}
                {f.required && v === undefined && <option value="">Choose…</option>}
                {f.options?.map((o) => (
                  <option key={String(o)} value={String(o)}>
                    {String(o)}
                  </option>
                ))}
              </select>
            ) : f.kind === 'text' ? (
              <textarea
                id={id}
                className="wm-textarea"
                rows={3}
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => onChange(k, e.target.value)}
                aria-invalid={!!err}
              />
            ) : f.kind !== 'boolean' ? (
              <input
                id={id}
                className="wm-input"
                inputMode={f.kind === 'number' || f.kind === 'integer' ? 'decimal' : undefined}
                type={f.format === 'email' ? 'email' : 'text'}
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => onChange(k, e.target.value)}
                aria-invalid={!!err}
                required={f.required}
              />
            ) : null}
            {f.description && <span className="wm-field__help">{f.description}</span>}
            {err && <span className="wm-field__error">{err}</span>}
          </div>
        );
      })}
    </>
  );
}
