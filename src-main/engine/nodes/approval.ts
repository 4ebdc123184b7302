import { approvalNode } from '../../../shared/nodes/approval';
import type { ConfigOf } from '../../../shared/nodes/types';
import type { NodeDefinition } from '../node-def';

/**
 * First run: asks for a human decision (the run parks durably). When the run is resumed
 * after the decision, the decided approval is in the context and becomes the output.
 */
export const approval: NodeDefinition<ConfigOf<typeof approvalNode>> = {
  ...approvalNode,
  async run(ctx) {
    const a = ctx.approval;
    if (a && a.status !== 'pending') {
      const payload = a.decidedPayload !== undefined ? a.decidedPayload : a.payload;
      return {
        kind: 'done',
        output: { decision: a.status, by: a.decidedBy, comment: a.comment ?? null, payload, edited: a.edited ?? false },
        port: `branch:${a.status}`,
      };
    }
    const payload = ctx.config.payload ? await ctx.evaluate(ctx.config.payload) : ctx.scope.prev;
    return {
      kind: 'wait',
      approval: {
        message: await ctx.render(ctx.config.message),
        payload: payload ?? null,
        ...(ctx.config.payloadSchema ? { payloadSchema: ctx.config.payloadSchema } : {}),
        approvers: ctx.config.approvers ?? [],
        reason: 'gate',
        ...(ctx.config.timeoutMs ? { timeoutAt: ctx.clock.now() + ctx.config.timeoutMs } : {}),
      },
    };
  },
};
