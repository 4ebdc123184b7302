/**
 * JSON Schema support shared by the validator (is this a valid schema?) and the engine
 * (does this value satisfy it?). Compiled validators are cached by schema text.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { schemaPatterns, unsafePattern } from './schema-cost';

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (
  a: Ajv2020,
) => void;

const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: true });
addFormats(ajv);
const cache = new Map<string, ValidateFunction>();

export interface SchemaIssue {
  /** JSON path into the validated value, e.g. `$.amount`. */
  path: string;
  message: string;
}

function compile(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let fn = cache.get(key);
  if (!fn) {
    fn = ajv.compile(schema);
    if (cache.size > 500) cache.clear();
    cache.set(key, fn);
  }
  return fn;
}

/**
 * Returns why `schema` is not a usable JSON Schema, or undefined when it is. A pattern
 * shaped for catastrophic backtracking counts as unusable (shared/spec/schema-cost.ts).
 */
export function checkJsonSchema(schema: unknown): string | undefined {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return 'a JSON Schema must be an object';
  for (const p of schemaPatterns(schema, '')) {
    const why = unsafePattern(p.pattern);
    if (why)
      return `the pattern ${JSON.stringify(p.pattern)} ${p.path ? `at ${p.path.replace(/^\./, '')} ` : ''}is unsafe: ${why}; rewrite it without nesting repetitions (e.g. ^a+$ instead of ^(a+)+$)`;
  }
  try {
    compile(schema);
    return undefined;
  } catch (e) {
    return `invalid JSON Schema: ${(e as Error).message}`;
  }
}

function pointerToPath(pointer: string): string {
  if (!pointer) return '$';
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`))
      .join('')
  );
}

function describe(e: ErrorObject): SchemaIssue {
  let path = pointerToPath(e.instancePath);
  let message = e.message ?? 'is invalid';
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    path = `${path}.${missing}`;
    message = 'is required';
  } else if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    path = `${path}.${extra}`;
    message = 'is not allowed here';
  } else if (e.keyword === 'enum') {
    message = `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  }
  return { path, message };
}

/** Validates `value` against `schema`; returns every issue (empty when valid). */
export function validateAgainst(schema: object, value: unknown): SchemaIssue[] {
  const fn = compile(schema);
  if (fn(value)) return [];
  return (fn.errors ?? []).map(describe);
}
