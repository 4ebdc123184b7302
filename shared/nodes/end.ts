import { z } from 'zod';
import type { NodeDescription } from './types';

const Config = z
  .object({
    output: z.string().optional().describe('JSONata expression for the run output (default: the previous step output)'),
    outcome: z.string().max(64).optional().describe('A label for how the run ended, e.g. "refunded"'),
  })
  .strict();

/** Exit point: evaluates the run output (validated against the spec's `output` schema). */
export const endNode: NodeDescription<z.infer<typeof Config>> = {
  type: 'end',
  version: 1,
  title: 'End',
  category: 'flow',
  icon: '■',
  description: 'Where a run ends. Maps state to the typed run output.',
  terminal: true,
  ports: [],
  params: [
    { key: 'outcome', label: 'Outcome label', kind: 'text', placeholder: 'e.g. refunded' },
    {
      key: 'output',
      label: 'Output',
      kind: 'expression',
      help: 'JSONata over {input, nodes, prev}. Empty: the previous output.',
    },
  ],
  configSchema: Config,
  defaults: {},
  effect: 'pure',
  summary: (c) => c.outcome ?? (c.output ? `output: ${c.output}` : 'run output'),
};
