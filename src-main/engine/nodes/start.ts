import { startNode } from '../../../shared/nodes/start';
import type { ConfigOf } from '../../../shared/nodes/types';
import type { NodeDefinition } from '../node-def';

/** The run input becomes the start node's output (it was validated when the run began). */
export const start: NodeDefinition<ConfigOf<typeof startNode>> = {
  ...startNode,
  run: async (ctx) => ({ kind: 'done', output: ctx.scope.input, port: 'next' }),
};
