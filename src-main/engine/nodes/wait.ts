/**
 * `run()` of the wait node (shared/nodes/wait.ts). The first run asks to wait:
 * - timer: until the computed time (or the timeout, if sooner) — a `time` wait;
 * - webhook / signal: an event wait with the timeout as its `until`;
 * - form: a decision wait (an approval whose payload schema is the form), answered in the inbox.
 * When the wait fires the engine runs it again with `ctx.resumed` (or `ctx.approval`): the
 * payload that woke it is the output, by `next`; a timeout continues by `timeout`.
 */
import { TIMEOUT_ACTOR } from '../../../shared/policy';
import { timerWakeAt, waitNode, type WaitConfig } from '../../../shared/nodes/wait';
import { StepError } from '../errors';
import type { NodeContext, NodeDefinition, NodeResult } from '../node-def';

const TIMEOUT_PORT = 'branch:timeout';

const timedOut = (at: number, mode: string): NodeResult => ({
  kind: 'done',
  output: { timedOut: true, mode, at: new Date(at).toISOString() },
  port: TIMEOUT_PORT,
});

/** The wait a first run asks for. */
async function startWaiting(ctx: NodeContext<WaitConfig>): Promise<NodeResult> {
  const c = ctx.config;
  const now = ctx.clock.now();
  const timeoutAt = now + c.timeoutMs;
  switch (c.mode) {
    case 'timer': {
      const wake = timerWakeAt(c, now);
      if (typeof wake === 'string')
        throw new StepError({ code: 'wait.timer', retryable: false, message: `Wait "${ctx.node.name}": ${wake}` });
      return {
        kind: 'wait',
        wait: { state: 'timer', until: Math.min(wake, timeoutAt), detail: { wakeAt: wake, timeoutAt } },
      };
    }
    case 'signal': {
      const correlation: Record<string, string> = {};
      for (const [k, v] of Object.entries(c.correlate ?? {})) correlation[k] = await ctx.render(v);
      return {
        kind: 'wait',
        wait: {
          state: 'signal',
          until: timeoutAt,
          on: { kind: 'signal', name: c.signal as string, ...(c.match ? { match: c.match } : {}), correlation },
        },
      };
    }
    case 'webhook':
      return {
        kind: 'wait',
        wait: {
          state: 'webhook',
          until: timeoutAt,
          on: {
            kind: 'webhook',
            method: c.method ?? 'POST',
            ...(c.bodySchema ? { bodySchema: c.bodySchema } : {}),
            reply: { status: c.replyStatus ?? 202, ...(c.replyBody ? { body: await ctx.render(c.replyBody) } : {}) },
          },
        },
      };
    case 'form':
      return {
        kind: 'wait',
        approval: {
          message: c.message ? await ctx.render(c.message) : `Answer the form of "${ctx.node.name}"`,
          payload: null,
          ...(c.formSchema ? { payloadSchema: c.formSchema } : {}),
          approvers: c.approvers ?? [],
          reason: 'form',
          timeoutAt,
        },
      };
  }
}

export const wait: NodeDefinition<WaitConfig> = {
  ...waitNode,
  async run(ctx) {
    const r = ctx.resumed;
    if (r) {
      if (r.cause !== 'time') return { kind: 'done', output: r.payload ?? null, port: 'next' };
      const detail = r.detail as { wakeAt?: number } | undefined;
      // A timer woke when its time came; a signal or webhook wait, or a timer set past its timeout, timed out.
      if (ctx.config.mode === 'timer' && detail?.wakeAt !== undefined && detail.wakeAt <= r.until)
        return {
          kind: 'done',
          output: {
            wokeAt: new Date(r.firedAt ?? ctx.clock.now()).toISOString(),
            scheduledFor: new Date(detail.wakeAt).toISOString(),
          },
          port: 'next',
        };
      return timedOut(r.until, ctx.config.mode);
    }
    const a = ctx.approval;
    if (a && (a.status === 'approved' || a.status === 'rejected')) {
      if (a.decidedBy === TIMEOUT_ACTOR) return timedOut(a.decidedAt ?? ctx.clock.now(), 'form');
      if (a.status === 'rejected')
        throw new StepError({
          code: 'wait.form-declined',
          retryable: false,
          message: `Wait "${ctx.node.name}": ${a.decidedBy ?? 'someone'} declined to answer the form${a.comment ? ` (${a.comment})` : ''}`,
        });
      return { kind: 'done', output: a.decidedPayload ?? null, port: 'next' };
    }
    return startWaiting(ctx);
  },
};
