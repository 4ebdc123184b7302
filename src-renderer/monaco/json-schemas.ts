/**
 * JSON Schemas attached to Monaco's JSON language service: the published spec schema for
 * the spec view, a small JSON-Schema-authoring schema for schema fields, and the zone
 * policy schema. Generated from the same zod schemas as resources/schema (see
 * shared/spec/schema.ts), so completion can never disagree with the validator.
 */
import { z } from 'zod';
import { ConnectorSchema, IdSchema, SecretDeclSchema, SpecSchema, ZonePolicySchema } from '../../shared/spec/schema';

export const SPEC_SCHEMA_URI = 'https://waymark.local/schema/waymark.schema.json';

export function specJsonSchema(): unknown {
  return z.toJSONSchema(SpecSchema, { io: 'input', unrepresentable: 'any' });
}

export function policyJsonSchema(): unknown {
  return z.toJSONSchema(ZonePolicySchema, { io: 'input', unrepresentable: 'any' });
}

export function connectorsJsonSchema(): unknown {
  return z.toJSONSchema(z.record(IdSchema, ConnectorSchema), { io: 'input', unrepresentable: 'any' });
}

export function secretsJsonSchema(): unknown {
  return z.toJSONSchema(z.array(SecretDeclSchema), { io: 'input', unrepresentable: 'any' });
}

const TYPES = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'];

/** Enough of JSON Schema to complete and sanity-check what analysts write by hand. */
export const AUTHORING_SCHEMA = {
  $id: 'https://waymark.local/schema/authoring.json',
  type: 'object',
  properties: {
    type: { anyOf: [{ enum: TYPES }, { type: 'array', items: { enum: TYPES } }] },
    properties: { type: 'object', additionalProperties: { $ref: '#' } },
    required: { type: 'array', items: { type: 'string' } },
    items: { $ref: '#' },
    enum: { type: 'array' },
    const: {},
    description: { type: 'string' },
    title: { type: 'string' },
    default: {},
    additionalProperties: { anyOf: [{ type: 'boolean' }, { $ref: '#' }] },
    minimum: { type: 'number' },
    maximum: { type: 'number' },
    minLength: { type: 'integer', minimum: 0 },
    maxLength: { type: 'integer', minimum: 0 },
    minItems: { type: 'integer', minimum: 0 },
    maxItems: { type: 'integer', minimum: 0 },
    pattern: { type: 'string' },
    format: { type: 'string' },
    anyOf: { type: 'array', items: { $ref: '#' } },
    oneOf: { type: 'array', items: { $ref: '#' } },
    allOf: { type: 'array', items: { $ref: '#' } },
  },
};
