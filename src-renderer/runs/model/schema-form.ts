/**
 * Mapping a workflow's input JSON Schema onto form fields: strings, numbers, integers,
 * booleans, enums and nested objects become controls; anything else (arrays, unions,
 * `$ref`) makes the form fall back to a JSON editor for the whole input, so no schema is
 * ever half-supported. Values round-trip: form state → JSON input and back.
 */
export type FieldKind = 'string' | 'text' | 'number' | 'integer' | 'boolean' | 'enum' | 'object';

export interface FormField {
  key: string;
  /** Dotted path from the root, for labels and ids. */
  path: string[];
  kind: FieldKind;
  label: string;
  required: boolean;
  description?: string;
  options?: readonly (string | number | boolean)[];
  fields?: FormField[];
  format?: string;
  placeholder?: string;
}

export type FormPlan = { kind: 'form'; fields: FormField[] } | { kind: 'json'; reason: string };

type Schema = Record<string, unknown>;
const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const TEXTY = /(message|body|text|description|notes?|comment|prompt)$/i;

function field(key: string, path: string[], s: Schema, required: boolean): FormField | string {
  const base = {
    key,
    path,
    label: typeof s.title === 'string' ? s.title : humanize(key),
    required,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  };
  if (Array.isArray(s.enum) && s.enum.every((v) => ['string', 'number', 'boolean'].includes(typeof v)))
    return { ...base, kind: 'enum', options: s.enum as (string | number | boolean)[] };
  switch (s.type) {
    case 'string':
      // Free text (a ticket's message) gets a multi-line box; ids and emails one line.
      return {
        ...base,
        kind: s.format === undefined && TEXTY.test(key) ? 'text' : 'string',
        ...(typeof s.format === 'string' ? { format: s.format } : {}),
      };
    case 'number':
    case 'integer':
      return { ...base, kind: s.type };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'object': {
      const inner = objectFields(s, path);
      return typeof inner === 'string' ? inner : { ...base, kind: 'object', fields: inner };
    }
    default:
      return `${path.join('.') || 'input'}: ${s.type === undefined ? 'no type' : `type ${JSON.stringify(s.type)}`} has no form control`;
  }
}

function objectFields(s: Schema, path: string[]): FormField[] | string {
  const props = isObj(s.properties) ? s.properties : {};
  const req = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : []);
  const out: FormField[] = [];
  for (const [k, v] of Object.entries(props)) {
    if (!isObj(v)) return `${[...path, k].join('.')}: not a schema`;
    const f = field(k, [...path, k], v, req.has(k));
    if (typeof f === 'string') return f;
    out.push(f);
  }
  // Required keys without a property schema cannot be typed into a form.
  for (const r of req) if (!(r in props)) return `${[...path, r].join('.')}: required but not described`;
  return out;
}

/** The form for an input schema, or why only JSON will do. No schema = no fields. */
export function planForm(schema: unknown): FormPlan {
  if (schema === undefined || schema === null) return { kind: 'form', fields: [] };
  if (!isObj(schema)) return { kind: 'json', reason: 'the input schema is not an object schema' };
  if (schema.type !== undefined && schema.type !== 'object')
    return { kind: 'json', reason: `the input is a ${JSON.stringify(schema.type)}, not an object` };
  for (const k of ['oneOf', 'anyOf', 'allOf', '$ref', 'if'])
    if (k in schema) return { kind: 'json', reason: `the input schema uses ${k}` };
  const fields = objectFields(schema, []);
  return typeof fields === 'string' ? { kind: 'json', reason: fields } : { kind: 'form', fields };
}

/** Form state: text per leaf path (inputs hold strings) plus booleans. */
export type FormValues = Record<string, string | boolean>;
const keyOf = (path: string[]) => path.join('.');

/** Form state from a JSON value (remembered inputs, schema examples). */
export function valuesFrom(fields: readonly FormField[], value: unknown, out: FormValues = {}): FormValues {
  const obj = isObj(value) ? value : {};
  for (const f of fields) {
    const v = obj[f.key];
    if (f.kind === 'object') valuesFrom(f.fields ?? [], v, out);
    else if (f.kind === 'boolean') out[keyOf(f.path)] = v === true;
    else if (v !== undefined && v !== null) out[keyOf(f.path)] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

export interface BuildResult {
  value: Record<string, unknown>;
  /** Per field path, what is wrong with its text. */
  errors: Record<string, string>;
}

/** The JSON input from form state; empty optional fields are left out. */
export function buildValue(fields: readonly FormField[], values: FormValues): BuildResult {
  const errors: Record<string, string> = {};
  const build = (fs: readonly FormField[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const f of fs) {
      const k = keyOf(f.path);
      const raw = values[k];
      if (f.kind === 'object') {
        const inner = build(f.fields ?? []);
        if (Object.keys(inner).length || f.required) out[f.key] = inner;
      } else if (f.kind === 'boolean') {
        if (raw === true || f.required) out[f.key] = raw === true;
      } else if (typeof raw !== 'string' || raw === '') {
        if (f.required) errors[k] = `${f.label} is required`;
      } else if (f.kind === 'number' || f.kind === 'integer') {
        const n = Number(raw);
        if (!Number.isFinite(n)) errors[k] = `${f.label} must be a number`;
        else if (f.kind === 'integer' && !Number.isInteger(n)) errors[k] = `${f.label} must be a whole number`;
        else out[f.key] = n;
      } else if (f.kind === 'enum') {
        const opt = f.options?.find((o) => String(o) === raw);
        out[f.key] = opt ?? raw;
      } else out[f.key] = raw;
    }
    return out;
  };
  return { value: build(fields), errors };
}

/** Leaf fields in display order (nested objects flattened), for rendering and tests. */
export function leaves(fields: readonly FormField[]): FormField[] {
  return fields.flatMap((f) => (f.kind === 'object' ? leaves(f.fields ?? []) : [f]));
}
