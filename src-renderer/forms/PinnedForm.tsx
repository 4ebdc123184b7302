/**
 * A pinned output as a form: one control per field the step declares it returns (text,
 * number, yes/no, a choice for allowed values); objects and lists stay in the JSON view.
 * Fields the schema does not name are kept as they are.
 */
import { Toggle } from '../inspector/fields/inputs';
import { asSchema, fieldsOf, typeOf, type Json, type Schema } from './schema-model';

const isObj = (v: unknown): v is Record<string, Json> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Whether the form can show this output: a declared object schema with fields, and an object value. */
export function pinnedFormFits(schema: unknown, output: unknown): boolean {
  return fieldsOf(asSchema(schema)).length > 0 && (output === undefined || isObj(output));
}

export function PinnedForm({
  nodeId,
  schema,
  value,
  onChange,
}: {
  nodeId: string;
  schema: Schema;
  value: unknown;
  onChange(v: Json): void;
}) {
  const obj = isObj(value) ? value : {};
  const set = (k: string, v: Json | undefined) => {
    const next = { ...obj };
    if (v === undefined) delete next[k];
    else next[k] = v;
    onChange(next);
  };
  return (
    <div className="wm-pinform">
      {fieldsOf(schema).map((f) => {
        const id = `pin-${nodeId}-${f.name}`;
        const t = typeOf(f.schema);
        const v = obj[f.name];
        const choices = Array.isArray(f.schema.enum) ? f.schema.enum : undefined;
        let control;
        if (choices)
          control = (
            <select
              id={id}
              className="wm-input wm-select"
              value={v === undefined ? '' : JSON.stringify(v)}
              onChange={(e) => set(f.name, e.target.value === '' ? undefined : (JSON.parse(e.target.value) as Json))}
            >
              <option value="">—</option>
              {choices.map((c) => (
                <option key={JSON.stringify(c)} value={JSON.stringify(c)}>
                  {typeof c === 'string' ? c : JSON.stringify(c)}
                </option>
              ))}
            </select>
          );
        else if (t === 'boolean')
          control = (
            <Toggle id={id} label={v === true ? 'Yes' : 'No'} checked={v === true} onChange={(on) => set(f.name, on)} />
          );
        else if (t === 'number' || t === 'integer')
          control = (
            <input
              id={id}
              className="wm-input wm-input--num"
              type="number"
              step={t === 'integer' ? 1 : 'any'}
              value={typeof v === 'number' ? String(v) : ''}
              onChange={(e) => set(f.name, e.target.value === '' ? undefined : Number(e.target.value))}
            />
          );
        else if (t === 'string')
          control = (
            <input
              id={id}
              className="wm-input"
              value={typeof v === 'string' ? v : ''}
              onChange={(e) => set(f.name, e.target.value)}
            />
          );
        else
          control = <p className="wm-field__help">{`${t === 'array' ? 'A list' : 'An object'}: edit it in JSON.`}</p>;
        return (
          <div key={f.name} className="wm-pinform__row">
            <label htmlFor={id} className="wm-pinform__label">
              {f.name}
              {f.required && <span aria-hidden="true"> *</span>}
            </label>
            {control}
          </div>
        );
      })}
    </div>
  );
}
