import { decisionNode } from '../../../shared/nodes/decision';
import type { ConfigOf } from '../../../shared/nodes/types';
import type { NodeDefinition } from '../node-def';

/**
 * Checks the rules in order; the first that holds picks the branch. The rule that fired
 * (or the fact that none did) is recorded as the decision's rationale.
 */
export const decision: NodeDefinition<ConfigOf<typeof decisionNode>> = {
  ...decisionNode,
  async run(ctx) {
    const { rules, defaultBranch } = ctx.config;
    let ruleIndex: number | null = null;
    for (let i = 0; i < rules.length; i++) {
      if ((await ctx.evaluate((rules[i] as { when: string }).when)) === true) {
        ruleIndex = i;
        break;
      }
    }
    const rule = ruleIndex === null ? undefined : rules[ruleIndex];
    const branch = rule ? rule.branch : defaultBranch;
    const rationale = rule
      ? `rule ${(ruleIndex as number) + 1} "${rule.when}"${rule.label ? ` (${rule.label})` : ''} held → ${branch}`
      : `no rule held → default branch ${branch}`;
    ctx.emit({
      type: 'decision.taken',
      stepIdx: ctx.stepIdx,
      nodeId: ctx.node.id,
      branch,
      ruleIndex,
      ...(rule ? { rule: rule.when } : {}),
      ...(rule?.label ? { label: rule.label } : {}),
      rationale,
    });
    return {
      kind: 'done',
      output: { branch, rule: ruleIndex === null ? null : ruleIndex + 1, rationale },
      port: `branch:${branch}`,
    };
  },
};
