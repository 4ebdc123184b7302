import { approvalNode } from '../../../shared/nodes/approval';
import { TIMEOUT_ACTOR } from '../../../shared/policy';
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
    if (a && (a.status === 'approved' || a.status === 'rejected')) {
      const payload = a.decidedPayload !== undefined ? a.decidedPayload : a.payload;
      // A timeout decided by the system takes the timeout branch when the node has one.
      const timeoutBranch =
        a.decidedBy === TIMEOUT_ACTOR && ctx.config.onTimeout === 'branch' ? ctx.config.timeoutBranch : undefined;
      return {
        kind: 'done',
        output: {
          decision: timeoutBranch ? 'timeout' : a.status,
          by: a.decidedBy,
          comment: a.comment ?? null,
          payload,
          edited: a.edited ?? false,
        },
        port: `branch:${timeoutBranch ?? a.status}`,
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
