/**
 * Generates the published JSON Schema of the spec from the zod source of truth, with each
 * node type's config schema attached through `if/then` on `type` so editors (Monaco, VS
 * Code) complete and check configs per node type.
 */
import { z } from 'zod';
import { NODE_CATALOG } from '../nodes/catalog';
import { SpecSchema } from './schema';

export const SCHEMA_ID = 'https://waymark.dev/schema/waymark-1.schema.json';

export function generateSpecJsonSchema(): Record<string, unknown> {
  const root = z.toJSONSchema(SpecSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const props = root.properties as Record<string, Record<string, unknown>>;
  const nodes = props.nodes as { items: Record<string, unknown> };
  nodes.items.allOf = Object.values(NODE_CATALOG).map((d) => {
    const config = z.toJSONSchema(d.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete config.$schema;
    return {
      if: { properties: { type: { const: d.type } }, required: ['type'] },
      then: { properties: { config: { ...config, description: `${d.title}: ${d.description}` } } },
    };
  });
  (nodes.items.properties as Record<string, Record<string, unknown>>).type = {
    type: 'string',
    description: 'Node type',
    anyOf: [{ enum: Object.keys(NODE_CATALOG) }, { type: 'string' }],
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'Waymark workflow spec',
    description:
      'A runnable Waymark workflow (*.waymark.json). Generated from shared/spec/schema.ts — do not edit by hand.',
    ...Object.fromEntries(Object.entries(root).filter(([k]) => k !== '$schema')),
  };
}
