import { endNode } from '../../../shared/nodes/end';
import type { ConfigOf } from '../../../shared/nodes/types';
import { StepError } from '../errors';
import type { NodeDefinition } from '../node-def';

/** Computes the run output and checks it against the spec's output schema. */
export const end: NodeDefinition<ConfigOf<typeof endNode>> = {
  ...endNode,
  async run(ctx) {
    const output = ctx.config.output ? await ctx.evaluate(ctx.config.output) : ctx.scope.prev;
    if (ctx.spec.output) {
      const issues = await ctx.validate(ctx.spec.output, output ?? null);
      if (issues.length) {
        throw new StepError({
          code: 'schema',
          retryable: false,
          message: `run output does not match the output schema: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
          detail: issues,
        });
      }
    }
    return { kind: 'done', output: output ?? null, port: 'next' };
  },
};
