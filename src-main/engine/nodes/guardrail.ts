import type { GuardrailVerdict } from '../../../shared/events';
import { guardrailActions, guardrailNode } from '../../../shared/nodes/guardrail';
import type { ConfigOf } from '../../../shared/nodes/types';
import { StepError } from '../errors';
import { classifyInjection } from '../guardrails/classifier';
import { validateOutput } from '../guardrails/validate';
import type { GuardrailFinding } from '../../../shared/events';
import type { NodeDefinition } from '../node-def';

/**
 * Screens and/or validates a value and routes it: `next` with the (redacted) value,
 * `flagged` when a blocking finding was made, `review` when the confidence is too low for
 * the run to go on without a human. Every check is recorded as `guardrail.checked` (audited).
 */
const blocksInjection = (f: GuardrailFinding): boolean => f.kind.startsWith('injection.') && f.severity !== 'low';

export const guardrail: NodeDefinition<ConfigOf<typeof guardrailNode>> = {
  ...guardrailNode,
  async run(ctx) {
    const c = ctx.config;
    const input = c.value ? await ctx.evaluate(c.value) : ctx.scope.prev;
    const screened = await ctx.screen(input ?? null, {
      ...guardrailActions(c),
      ...(c.piiKinds ? { piiKinds: c.piiKinds } : {}),
    });
    const { injection } = guardrailActions(c);
    // The classifier adds recall where the heuristics found nothing that blocks (one model call).
    if (c.injectionClassifier && injection !== 'off' && !screened.findings.some(blocksInjection)) {
      const extra = await classifyInjection(ctx, c.injectionClassifier, c.injectionClassifierThreshold ?? 0.5, input);
      screened.findings.push(...extra);
      if (extra.length && injection === 'block') screened.blocked = true;
    }
    const checked = await validateOutput(
      screened.value,
      {
        ...(c.schema ? { schema: c.schema } : {}),
        ...(c.required ? { required: c.required } : {}),
        ...(c.confidenceField ? { confidenceField: c.confidenceField } : {}),
        ...(c.confidenceThreshold !== undefined ? { confidenceThreshold: c.confidenceThreshold } : {}),
      },
      ctx.validate,
    );
    const findings = [...screened.findings, ...checked.findings];
    const invalidTo = checked.invalid ? c.onInvalid : undefined;
    const verdict: GuardrailVerdict =
      screened.blocked || invalidTo === 'flagged' || invalidTo === 'error'
        ? 'flagged'
        : checked.lowConfidence || invalidTo === 'review'
          ? 'review'
          : screened.redacted
            ? 'redacted'
            : findings.length
              ? 'warned'
              : 'clean';
    ctx.emit({
      type: 'guardrail.checked',
      stepIdx: ctx.stepIdx,
      nodeId: ctx.node.id,
      source: 'node',
      verdict,
      findings,
    });
    if (invalidTo === 'error') {
      const problems = checked.findings
        .filter((f) => f.kind !== 'output.confidence')
        .map((f) => `${f.path} ${f.message}`);
      throw new StepError({
        code: 'guardrail.invalid',
        retryable: false,
        message: `"${ctx.node.id}": the value is invalid: ${problems.join('; ')}`,
        detail: findings,
      });
    }
    const output = {
      verdict,
      value: screened.value,
      findings,
      ...(checked.confidence !== undefined ? { confidence: checked.confidence } : {}),
    };
    const port = verdict === 'flagged' ? 'branch:flagged' : verdict === 'review' ? 'branch:review' : 'next';
    return { kind: 'done', output, port };
  },
};
