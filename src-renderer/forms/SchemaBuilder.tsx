/**
 * The JSON Schema builder: a schema's fields as rows (name, type, required), each with
 * details (description, allowed values, an example) and, for objects and arrays of
 * objects, its own nested fields. Edits go through schema-model.ts, which keeps every
 * keyword the form does not show. Rows are labelled by position ("Field 2.1 name") so a
 * screen reader, and a test, can tell nested rows apart.
 */
import { useEffect, useState } from 'react';
import { Button } from '../ui/Button';
import {
  addField,
  FIELD_TYPES,
  fieldsOf,
  itemsOf,
  listTexts,
  nameProblem,
  removeField,
  renameField,
  setFieldSchema,
  setItems,
  setList,
  setRequired,
  setText,
  setType,
  showValue,
  typeOf,
  type FieldType,
  type FieldView,
  type Schema,
} from './schema-model';

const TYPE_LABELS: Record<FieldType, string> = {
  string: 'Text',
  number: 'Number',
  integer: 'Whole number',
  boolean: 'Yes / no',
  object: 'Object',
  array: 'List',
  any: 'Any',
};

interface Props {
  /** Prefix of every control's accessible name, e.g. "Field" or "Output field". */
  noun: string;
  schema: Schema;
  onChange(s: Schema): void;
  /** Position of this level ("2.1"); empty at the top. */
  at?: string;
  depth?: number;
}

export function SchemaBuilder({ noun, schema, onChange, at = '', depth = 0 }: Props) {
  const fields = fieldsOf(schema);
  const add = () => onChange(addField(schema));
  return (
    <div className={`wm-schema${depth ? ' wm-schema--nested' : ''}`}>
      {fields.length === 0 && <p className="wm-schema__empty">No fields yet.</p>}
      <ol className="wm-schema__fields">
        {fields.map((f, i) => (
          <FieldRow
            key={i}
            noun={noun}
            at={at ? `${at}.${i + 1}` : String(i + 1)}
            parent={schema}
            field={f}
            depth={depth}
            onChange={onChange}
          />
        ))}
      </ol>
      <Button
        icon="plus"
        label={at ? 'Add nested field' : 'Add field'}
        aria-label={at ? `Add a field inside ${noun.toLowerCase()} ${at}` : `Add ${noun.toLowerCase()}`}
        size="sm"
        variant="ghost"
        onClick={add}
      />
    </div>
  );
}

function FieldRow({
  noun,
  at,
  parent,
  field,
  depth,
  onChange,
}: {
  noun: string;
  at: string;
  parent: Schema;
  field: FieldView;
  depth: number;
  onChange(s: Schema): void;
}) {
  const [draft, setDraft] = useState(field.name);
  const [open, setOpen] = useState(false);
  useEffect(() => setDraft(field.name), [field.name]);
  const problem = draft !== field.name ? nameProblem(parent, draft, field.name) : undefined;
  const type = typeOf(field.schema);
  const label = `${noun} ${at}`;
  const id = `schema-${noun.replace(/\W+/g, '-')}-${at}`.toLowerCase();
  const setSchema = (s: Schema) => onChange(setFieldSchema(parent, field.name, s));
  const items = type === 'array' ? itemsOf(field.schema) : undefined;
  const itemType = items ? typeOf(items) : undefined;
  return (
    <li className="wm-schema__field" data-testid={`${id}`}>
      <div className="wm-schema__row">
        <input
          id={`${id}-name`}
          className={`wm-input wm-input--mono wm-schema__name${problem ? ' is-invalid' : ''}`}
          aria-label={`${label} name`}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          value={draft}
          spellCheck={false}
          onChange={(e) => {
            const to = e.target.value;
            setDraft(to);
            if (!nameProblem(parent, to, field.name)) onChange(renameField(parent, field.name, to));
          }}
        />
        <select
          className="wm-input wm-select wm-schema__type"
          aria-label={`${label} type`}
          value={type}
          onChange={(e) => setSchema(setType(field.schema, e.target.value as FieldType))}
        >
          {[...FIELD_TYPES, ...(type === 'any' ? (['any'] as const) : [])].map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </select>
        <label className="wm-schema__req">
          <input
            type="checkbox"
            checked={field.required}
            aria-label={`${label} required`}
            onChange={(e) => onChange(setRequired(parent, field.name, e.target.checked))}
          />
          <span aria-hidden="true">Required</span>
        </label>
        <Button
          icon={open ? 'chevronDown' : 'chevronRight'}
          label={`${open ? 'Hide' : 'Show'} details of ${label.toLowerCase()}`}
          iconOnly
          size="sm"
          variant="ghost"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        />
        <Button
          icon="x"
          label={`Remove ${label.toLowerCase()}`}
          iconOnly
          size="sm"
          variant="ghost"
          onClick={() => onChange(removeField(parent, field.name))}
        />
      </div>
      {problem && (
        <p className="wm-field__error" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
      {!open && field.schema.description && <p className="wm-schema__desc">{String(field.schema.description)}</p>}
      {open && <FieldDetails id={id} label={label} schema={field.schema} type={type} onChange={setSchema} />}
      {type === 'object' && (
        <SchemaBuilder noun={noun} schema={field.schema} onChange={setSchema} at={at} depth={depth + 1} />
      )}
      {items && (
        <div className="wm-schema__items">
          <label className="wm-schema__itemslabel" htmlFor={`${id}-items`}>
            Each item is
          </label>
          <select
            id={`${id}-items`}
            className="wm-input wm-select wm-schema__type"
            aria-label={`${label} item type`}
            value={itemType}
            onChange={(e) => setSchema(setItems(field.schema, setType(items, e.target.value as FieldType)))}
          >
            {[...FIELD_TYPES, ...(itemType === 'any' ? (['any'] as const) : [])].map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
          {itemType === 'object' && (
            <SchemaBuilder
              noun={noun}
              schema={items}
              onChange={(s) => setSchema(setItems(field.schema, s))}
              at={at}
              depth={depth + 1}
            />
          )}
        </div>
      )}
    </li>
  );
}

/** Description, allowed values and an example: typed as text, kept as values of the field's type. */
function FieldDetails({
  id,
  label,
  schema,
  type,
  onChange,
}: {
  id: string;
  label: string;
  schema: Schema;
  type: FieldType;
  onChange(s: Schema): void;
}) {
  const [values, setValues] = useState(() => listTexts(schema, 'enum').join(', '));
  const [example, setExample] = useState(() => listTexts(schema, 'examples')[0] ?? '');
  const [bad, setBad] = useState<string[]>([]);
  const canEnum = type === 'string' || type === 'number' || type === 'integer';
  const commitValues = (text: string) => {
    setValues(text);
    const texts = text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const r = setList(schema, 'enum', texts);
    setBad(r.bad);
    onChange(r.schema);
  };
  const commitExample = (text: string) => {
    setExample(text);
    const rest = listTexts(schema, 'examples').slice(1);
    onChange(setList(schema, 'examples', text.trim() ? [text, ...rest] : rest).schema);
  };
  return (
    <div className="wm-schema__details">
      <label className="wm-schema__detail">
        <span>Description</span>
        <input
          className="wm-input"
          aria-label={`${label} description`}
          value={typeof schema.description === 'string' ? schema.description : ''}
          placeholder="What this field holds"
          onChange={(e) => onChange(setText(schema, 'description', e.target.value))}
        />
      </label>
      {canEnum && (
        <label className="wm-schema__detail">
          <span>Allowed values</span>
          <input
            className={`wm-input${bad.length ? ' is-invalid' : ''}`}
            aria-label={`${label} allowed values`}
            aria-describedby={`${id}-values-help`}
            value={values}
            placeholder="Any value (or list them: a, b, c)"
            onChange={(e) => commitValues(e.target.value)}
          />
          <small id={`${id}-values-help`} className={bad.length ? 'wm-field__error' : 'wm-field__help'}>
            {bad.length
              ? `Not ${type === 'integer' ? 'whole numbers' : 'numbers'}: ${bad.join(', ')}`
              : 'Separate values with commas.'}
          </small>
        </label>
      )}
      {type !== 'object' && type !== 'array' && (
        <label className="wm-schema__detail">
          <span>Example</span>
          <input
            className="wm-input"
            aria-label={`${label} example`}
            value={example}
            placeholder={type === 'boolean' ? 'true or false' : 'A typical value'}
            onChange={(e) => commitExample(e.target.value)}
          />
        </label>
      )}
      {schema.default !== undefined && (
        <p className="wm-field__help">Default: {showValue(schema.default)} (edit in JSON)</p>
      )}
    </div>
  );
}
