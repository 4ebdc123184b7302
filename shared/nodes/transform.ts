import { z } from 'zod';
import type { NodeDescription } from './types';

const Config = z
  .object({ expression: z.string().min(1).describe('JSONata expression over {input, nodes, prev}') })
  .strict();

/** Reshapes state with a JSONata expression. Pure: no IO, safe to re-run. */
export const transformNode: NodeDescription<z.infer<typeof Config>> = {
  type: 'transform',
  version: 1,
  title: 'Transform',
  category: 'logic',
  icon: 'ƒ',
  description: 'Compute a value from run state with a JSONata expression.',
  ports: [{ kind: 'next' }, { kind: 'error' }],
  params: [{ key: 'expression', label: 'Expression', kind: 'expression', required: true }],
  configSchema: Config,
  defaults: { expression: 'prev' },
  effect: 'pure',
  summary: (c) => c.expression.replace(/\s+/g, ' ').slice(0, 60),
};
