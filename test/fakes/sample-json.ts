/**
 * A minimal JSON value that satisfies a JSON Schema, so the fake LLM's default reply to a
 * structured-output request passes the engine's output validation without scripting.
 * Covers what node output schemas use (type, properties/required, items/minItems, enum,
 * const, default, anyOf/oneOf, string length/format basics, numeric minimum); it is a test
 * helper, not a general generator.
 */
export function sampleFromSchema(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return null;
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if ('default' in s) return s.default;
  const alt = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (alt && alt.length > 0) return sampleFromSchema(alt[0]);
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? s.type[0]) : s.type;
  switch (type) {
    case 'object':
      return sampleObject(s);
    case 'array': {
      const n = typeof s.minItems === 'number' ? s.minItems : 0;
      return Array.from({ length: n }, () => sampleFromSchema(s.items));
    }
    case 'string':
      return sampleString(s);
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number'
        ? Math.ceil(s.minimum)
        : typeof s.exclusiveMinimum === 'number'
          ? Math.floor(s.exclusiveMinimum) + 1
          : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return isObjectSchema(s) ? sampleObject(s) : null;
  }
}

function isObjectSchema(s: Record<string, unknown>): boolean {
  return typeof s.properties === 'object' && s.properties !== null;
}

function sampleObject(s: Record<string, unknown>): Record<string, unknown> {
  const props = (typeof s.properties === 'object' && s.properties !== null ? s.properties : {}) as Record<
    string,
    unknown
  >;
  const required = Array.isArray(s.required)
    ? s.required.filter((r): r is string => typeof r === 'string')
    : Object.keys(props);
  const out: Record<string, unknown> = {};
  for (const key of required) out[key] = sampleFromSchema(props[key]);
  return out;
}

function sampleString(s: Record<string, unknown>): string {
  if (s.format === 'date-time') return '2024-01-01T00:00:00Z';
  if (s.format === 'date') return '2024-01-01';
  if (s.format === 'email') return 'fake@example.com';
  if (s.format === 'uri') return 'https://example.com/';
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  return 'fake'.padEnd(min, 'x').slice(0, max);
}
