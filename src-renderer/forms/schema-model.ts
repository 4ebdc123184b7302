/**
 * Edits of a JSON Schema object as the schema builder shows it: a list of named fields,
 * each with a type, required flag, description, allowed values and examples, nested for
 * objects and arrays. Every edit patches only the keys it is about, so keywords the form
 * does not show (`format`, `minimum`, `pattern`, `$comment`, …) survive any edit, and
 * property order is kept (a rename happens in place). Pure: unit-tested.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Schema = { [k: string]: Json };

/** The types the builder offers; `any` is a schema without one `type` (or with several). */
export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;
export type FieldType = (typeof FIELD_TYPES)[number] | 'any';

export interface FieldView {
  name: string;
  schema: Schema;
  required: boolean;
}

const isObj = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v);

export function asSchema(v: unknown): Schema {
  return isObj(v) ? (v as Schema) : {};
}

export function typeOf(s: Schema): FieldType {
  const t = s.type;
  if (typeof t === 'string' && (FIELD_TYPES as readonly string[]).includes(t)) return t as FieldType;
  if (t === undefined && isObj(s.properties)) return 'object';
  return 'any';
}

/**
 * Whether the form can show this schema as fields: an object schema (or one with
 * properties). Anything else (`oneOf` at the top, a string schema) is edited as JSON.
 */
export function formCanShow(s: unknown): boolean {
  if (s === undefined) return true;
  if (!isObj(s)) return false;
  const t = typeOf(s);
  return (t === 'object' || (t === 'any' && s.type === undefined)) && !('oneOf' in s) && !('anyOf' in s);
}

export function fieldsOf(s: Schema): FieldView[] {
  const props = isObj(s.properties) ? s.properties : {};
  const req = Array.isArray(s.required) ? s.required : [];
  return Object.entries(props).map(([name, schema]) => ({
    name,
    schema: asSchema(schema),
    required: req.includes(name),
  }));
}

function withProps(s: Schema, props: Schema, required: string[]): Schema {
  const next: Schema = { ...s, type: s.type ?? 'object', properties: props };
  if (required.length) next.required = required;
  else delete next.required;
  return next;
}

const requiredOf = (s: Schema) => (Array.isArray(s.required) ? s.required.filter((r) => typeof r === 'string') : []);

/** A name not yet used: `field`, `field_2`, … */
export function freshName(s: Schema, base = 'field'): string {
  const used = new Set(fieldsOf(s).map((f) => f.name));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function addField(s: Schema, name = freshName(s), type: FieldType = 'string'): Schema {
  const field: Schema = type === 'any' ? {} : { type };
  const props: Schema = { ...(isObj(s.properties) ? s.properties : {}), [name]: field };
  return withProps(s, props, requiredOf(s));
}

export function removeField(s: Schema, name: string): Schema {
  const props = { ...(isObj(s.properties) ? s.properties : {}) };
  delete props[name];
  return withProps(
    s,
    props,
    requiredOf(s).filter((r) => r !== name),
  );
}

/** Why a name cannot be used for a field of `s` (other than `current`), or undefined. */
export function nameProblem(s: Schema, name: string, current?: string): string | undefined {
  if (!name.trim()) return 'A field needs a name.';
  if (name !== current && fieldsOf(s).some((f) => f.name === name)) return `There is already a field "${name}".`;
  return undefined;
}

/** Renames a field in place (its position and required flag kept). */
export function renameField(s: Schema, from: string, to: string): Schema {
  if (from === to || nameProblem(s, to, from)) return s;
  const props = Object.fromEntries(
    Object.entries(isObj(s.properties) ? s.properties : {}).map(([k, v]) => [k === from ? to : k, v]),
  );
  return withProps(
    s,
    props,
    requiredOf(s).map((r) => (r === from ? to : r)),
  );
}

export function setRequired(s: Schema, name: string, on: boolean): Schema {
  const req = requiredOf(s).filter((r) => r !== name);
  const props = isObj(s.properties) ? s.properties : {};
  // Keep `required` in property order, as people read it.
  const next = on ? Object.keys(props).filter((k) => k === name || req.includes(k)) : req;
  return withProps(s, { ...props }, next);
}

/** Replaces one field's schema. */
export function setFieldSchema(s: Schema, name: string, field: Schema): Schema {
  const props = { ...(isObj(s.properties) ? s.properties : {}), [name]: field };
  return withProps(s, props, requiredOf(s));
}

/** Keywords that only mean something for one type: dropped when the type changes. */
const TYPE_KEYS: Record<string, string[]> = {
  object: ['properties', 'required', 'additionalProperties'],
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
};

/** Changes a schema's type; values that belonged to the old type (enum, examples, …) go. */
export function setType(field: Schema, type: FieldType): Schema {
  const old = typeOf(field);
  if (old === type) return field;
  const next: Schema = { ...field };
  for (const k of TYPE_KEYS[old] ?? []) if (!(TYPE_KEYS[type] ?? []).includes(k)) delete next[k];
  delete next.enum;
  delete next.examples;
  delete next.default;
  if (type === 'any') delete next.type;
  else next.type = type;
  if (type === 'array' && !isObj(next.items)) next.items = { type: 'string' };
  if (type === 'object' && !isObj(next.properties)) next.properties = {};
  return next;
}

/** Sets or clears a text keyword (description, title). */
export function setText(field: Schema, key: 'description' | 'title', text: string): Schema {
  const next = { ...field };
  if (text) next[key] = text;
  else delete next[key];
  return next;
}

/** Parses one typed value for a field of this type; undefined when it is not one. */
export function parseValue(type: FieldType, text: string): Json | undefined {
  const t = text.trim();
  switch (type) {
    case 'string':
      return text;
    case 'number':
    case 'integer': {
      if (t === '' || !Number.isFinite(Number(t))) return undefined;
      const n = Number(t);
      return type === 'integer' && !Number.isInteger(n) ? undefined : n;
    }
    case 'boolean':
      return t === 'true' ? true : t === 'false' ? false : undefined;
    default:
      try {
        return JSON.parse(t) as Json;
      } catch {
        return t === '' ? undefined : text;
      }
  }
}

/** Shows a value in a one-line input. */
export function showValue(v: Json): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Sets a list keyword (`enum`, `examples`) from typed texts; an empty list removes it.
 * Returns the texts that are not values of the field's type, in order.
 */
export function setList(field: Schema, key: 'enum' | 'examples', texts: string[]): { schema: Schema; bad: string[] } {
  const type = typeOf(field);
  const values: Json[] = [];
  const bad: string[] = [];
  for (const t of texts) {
    const v = parseValue(type, t);
    if (v === undefined) bad.push(t);
    else values.push(v);
  }
  const schema = { ...field };
  if (values.length) schema[key] = values;
  else delete schema[key];
  return { schema, bad };
}

export function listTexts(field: Schema, key: 'enum' | 'examples'): string[] {
  const v = field[key];
  return Array.isArray(v) ? v.map(showValue) : [];
}

/** The schema of an array's items (an object schema for the nested builder). */
export function itemsOf(field: Schema): Schema {
  return asSchema(field.items);
}

export function setItems(field: Schema, items: Schema): Schema {
  return { ...field, items };
}

/**
 * A sample value that satisfies a schema, for seeding a pinned output: the first example,
 * default or enum value where there is one, else a plain value of the type.
 */
export function sampleOf(s: Schema): Json {
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0] as Json;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0] as Json;
  switch (typeOf(s)) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries(fieldsOf(s).map((f) => [f.name, sampleOf(f.schema)]));
    default:
      return null;
  }
}
