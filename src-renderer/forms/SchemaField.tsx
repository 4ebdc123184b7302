/**
 * A JSON Schema setting (run input and output, an llm step's structured output, a
 * response or payload schema) as a form, with its JSON one click away. Both views edit
 * the same value: the form keeps every keyword it does not show, so switching back and
 * forth loses nothing. Schemas the form cannot show as fields (a `oneOf` at the top, a
 * non-object schema) open as JSON, with a note.
 */
import { useState } from 'react';
import { JsonField } from '../inspector/fields/code-fields';
import { ViewToggle } from './ViewToggle';
import { SchemaBuilder } from './SchemaBuilder';
import { asSchema, formCanShow, type Schema } from './schema-model';

interface Props {
  /** Monaco model path of the JSON view. */
  path: string;
  label: string;
  value: unknown;
  onChange(v: unknown): void;
  /** Accessible prefix of each row ("Field", "Output field"). */
  noun?: string;
  /** What an empty form means, shown in place of the rows. */
  emptyHint?: string;
}

export function SchemaField({ path, label, value, onChange, noun = 'Field', emptyHint }: Props) {
  const showable = formCanShow(value);
  const [view, setView] = useState<'form' | 'json'>(showable ? 'form' : 'json');
  const shown = showable ? view : 'json';
  return (
    <div className="wm-schemafield">
      <ViewToggle label={label} view={shown} onChange={setView} formDisabled={!showable} />
      {shown === 'form' ? (
        <>
          {emptyHint && !Object.keys(asSchema(asSchema(value).properties)).length && (
            <p className="wm-field__help">{emptyHint}</p>
          )}
          <SchemaBuilder noun={noun} schema={asSchema(value)} onChange={(s: Schema) => onChange(s)} />
        </>
      ) : (
        <>
          {!showable && (
            <p className="wm-field__help">
              This schema uses JSON Schema features the form does not show: edit it here.
            </p>
          )}
          <JsonField path={path} label={label} value={value} onChange={onChange} objectOnly />
        </>
      )}
    </div>
  );
}
