/**
 * Client-side check of an edited approval payload against the gate's payload schema, for
 * feedback while typing (the backend validates again on decide). zod builds the checker
 * from the JSON Schema: ajv would need `eval`, which the renderer's CSP forbids.
 */
import { z } from 'zod';
import { zodCheck } from '../../inspector/zod-check';

const cache = new WeakMap<object, (v: unknown) => string | undefined>();

export function checkPayload(schema: object | undefined, value: unknown): string | undefined {
  if (!schema) return undefined;
  let check = cache.get(schema);
  if (!check) {
    try {
      check = zodCheck(z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]));
    } catch {
      // A schema zod cannot express: leave the check to the backend.
      check = () => undefined;
    }
    cache.set(schema, check);
  }
  return check(value);
}
