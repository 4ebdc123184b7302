import { z } from 'zod';
import type { NodeDescription } from './types';

const Config = z.object({}).strict();

/** Entry point: the run input (typed by the spec's `input` schema) becomes `input`. */
export const startNode: NodeDescription<z.infer<typeof Config>> = {
  type: 'start',
  version: 1,
  title: 'Start',
  category: 'flow',
  icon: '▶',
  description: 'Where a run begins. Its input is validated against the workflow input schema.',
  entry: true,
  ports: [{ kind: 'next' }],
  params: [],
  configSchema: Config,
  defaults: {},
  effect: 'pure',
  summary: 'run input',
};
