/**
 * Durable waits through the API and the hosts' webhook endpoint: `runs.signal` fires the
 * signal waits a signal addresses and continues their runs in the background; `runs.waits`
 * lists a run's waits; {@link handleHook} is what a host does with a call to a webhook
 * wait's URL (`/hooks/{token}`). Each wait fires once (the store's compare-and-set), so a
 * signal or webhook call racing a waker or another host wakes the run exactly once.
 */
import os from 'node:os';
import { RunStateError } from '../../engine/errors';
import type { HookCall } from '../../engine/wake';
import { HookRefusedError } from '../../engine/wake';
import type { RunHandlers } from '../api-types';
import { describeError } from './supervisor';
import type { RunsContext } from './context';

/** Who sends a signal when the caller does not say: the account the backend runs as. */
function osUser(): string {
  try {
    return os.userInfo().username || 'editor';
  } catch {
    return 'editor';
  }
}

/** The wait handlers over `ctx`. */
export function waitHandlers(
  ctx: RunsContext,
  log: (line: string) => void,
): Pick<RunHandlers, 'runs.signal' | 'runs.waits'> {
  const { runtime, checkOpen, mustGetRun } = ctx;
  return {
    'runs.signal': async ({ name, payload, runId, correlate, by }) => {
      checkOpen();
      if (runId) mustGetRun(runId);
      const woken = await runtime.engine.signal({
        name,
        payload,
        by: by ?? osUser(),
        ...(runId ? { runId } : {}),
        ...(correlate ? { correlate } : {}),
      });
      for (const w of woken) continueRun(ctx, w.runId, 'signal', log);
      return { woken };
    },
    'runs.waits': async ({ runId }) => {
      checkOpen();
      mustGetRun(runId);
      const paths = ctx.supervisor.hookPaths;
      return runtime.store.listWaits({ runId }).map((w) => {
        const hookPath = w.status === 'pending' ? paths.get(w.id) : undefined;
        return hookPath ? { ...w, hookPath } : w;
      });
    },
  };
}

/** Continues a run whose wait fired, in the background; another host taking it first is fine. */
function continueRun(ctx: RunsContext, runId: string, what: string, log: (line: string) => void): void {
  void ctx.supervisor.resume(runId).catch((e: unknown) => {
    if (e instanceof RunStateError) return; // driven elsewhere, or already continued to its end
    log(`${what} of run ${runId} fired but the run did not continue: ${describeError(e)}`);
  });
}

/** What a host answers a webhook call with. */
export interface HookReply {
  status: number;
  body: unknown;
}

/**
 * A call to a webhook wait's URL: fires the wait (method and body checked), continues the run
 * in the background, and answers what the wait's node asked for — or why it was refused.
 */
export async function handleHook(ctx: RunsContext, call: HookCall, log: (line: string) => void): Promise<HookReply> {
  ctx.checkOpen();
  try {
    const { fired, reply } = await ctx.runtime.engine.webhook(call);
    continueRun(ctx, fired.runId, 'webhook', log);
    return reply;
  } catch (e) {
    if (e instanceof HookRefusedError)
      return { status: e.status, body: { error: e.message, ...(e.issues.length ? { issues: e.issues } : {}) } };
    throw e;
  }
}
