// Validation-time pattern safety and the in-process/sandbox split for JSON Schemas.
import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from './jsonschema';
import { isSimpleSchema, schemaPatterns, unsafePattern } from './schema-cost';

describe('unsafePattern', () => {
  it.each([
    '^(a+)+$',
    '(\\w*,)*x',
    '^([a-z]+-?)+$',
    '(x+x+)+y',
    '^(a|b+)*$',
    '((ab)*c)+',
    '(?:\\d+\\.)+$',
    '(a{1,}){2,}',
  ])('refuses %s', (p) => expect(unsafePattern(p)).toMatch(/exponential/));
  it.each([
    '^[A-Z]{2}\\d{2}[A-Z0-9]{11,30}$',
    '^(\\d{3}-){2}\\d{4}$',
    '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$',
    '^(ab)+$',
    '^(a|b)*c$',
    '^\\(\\d+\\)+$',
    '^[(]+[a+]+$',
    '^(?<year>\\d{4})-(?<month>\\d{2})$',
    '^(ab?)+$',
  ])('accepts %s', (p) => expect(unsafePattern(p)).toBeUndefined());
});

describe('checkJsonSchema', () => {
  it('names an unsafe pattern and where it is in the schema', () => {
    const msg = checkJsonSchema({ type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } } });
    expect(msg).toMatch(/^the pattern "\^\(a\+\)\+\$" at properties\.name\.pattern is unsafe: /);
  });
  it('checks patternProperties keys too', () => {
    expect(checkJsonSchema({ type: 'object', patternProperties: { '^(x+)+$': { type: 'string' } } })).toMatch(
      /patternProperties/,
    );
  });
});

describe('isSimpleSchema', () => {
  it('accepts reference-free schemas without patterns or uniqueItems', () => {
    expect(
      isSimpleSchema({
        type: 'object',
        required: ['a'],
        properties: { a: { type: 'string', format: 'email', maxLength: 200 }, b: { enum: [{ pattern: 1 }] } },
      }),
    ).toBe(true);
  });
  it.each([
    { pattern: '^a$' },
    { patternProperties: { x: {} } },
    { type: 'array', uniqueItems: true },
    { $defs: { n: { type: 'object' } }, properties: { x: { $ref: '#/$defs/n' } } },
  ])('sends %j to the sandbox', (s) => expect(isSimpleSchema(s)).toBe(false));
  it('lists patterns with their paths', () => {
    expect(schemaPatterns({ items: [{ pattern: 'a' }] }, '')).toEqual([{ path: '.items[0].pattern', pattern: 'a' }]);
  });
});
