/** Turns a zod schema into a JsonField check: the first issue, with its path, or undefined. */
import type { z } from 'zod';
import { jsonPath } from '../../shared/spec/problems';

export function zodCheck(schema: z.ZodType): (v: unknown) => string | undefined {
  return (v) => {
    const r = schema.safeParse(v);
    if (r.success) return undefined;
    const i = r.error.issues[0];
    if (!i) return 'invalid';
    const where = jsonPath(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
    return `${where === '$' ? '' : `${where.slice(2)}: `}${i.message}`;
  };
}
