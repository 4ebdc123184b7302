import { transformNode } from '../../../shared/nodes/transform';
import type { ConfigOf } from '../../../shared/nodes/types';
import type { NodeDefinition } from '../node-def';

export const transform: NodeDefinition<ConfigOf<typeof transformNode>> = {
  ...transformNode,
  run: async (ctx) => ({ kind: 'done', output: (await ctx.evaluate(ctx.config.expression)) ?? null, port: 'next' }),
};
