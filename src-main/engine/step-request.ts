/**
 * What the run loop hands the executor for one step (executor.ts): the node's plan and the
 * scope from the drive, what a re-entered step carries over (attempts sent, usage spent, how
 * its wait resolved), and the hooks through which the executor's progress is committed — the
 * attempt in flight before each call, a failed attempt before a retry's sleep, a retry as it
 * starts — so a crash at any point costs no attempt and loses no spend.
 */
import { ZERO_USAGE, type Usage } from '../../shared/events';
import type { Drive } from './drive';
import type { EventBuffer } from './event-buffer';
import type { StepRequest } from './executor';
import type { NodePlan } from './plan';
import type { Clock } from './ports';
import { stepAttempt, stepRetried } from './step-transitions';
import type { StepRecord, Transition } from './store';

/** What a step re-entered after a crash or a wait carries over from its record. */
export interface CarriedOver {
  /** Attempts already sent (drive.ts `attemptsBefore`); 0 for a new step. */
  priorAttempts: number;
  /** Usage of the calls it made before. */
  priorUsage?: Usage;
  /** How the wait it was parked in resolved. */
  resolved?: Drive['resolved'];
}

/**
 * The executor's request for the step `base` of drive `d`. `commit` is the run loop's one
 * commit path; progress commits made through it are not fsynced (the step's begin was).
 */
export function stepRequest(
  d: Drive,
  np: NodePlan,
  base: StepRecord,
  carried: CarriedOver,
  clock: Clock,
  commit: (t: Transition, events: EventBuffer) => void,
): StepRequest {
  const { runId, events } = d;
  const idx = base.idx;
  const { priorAttempts, priorUsage, resolved } = carried;
  const progress = { usage: priorUsage ?? ZERO_USAGE };
  return {
    spec: d.run.spec,
    plan: np,
    runId,
    stepIdx: idx,
    idempotencyKey: base.idempotencyKey,
    scope: d.pos.scope,
    simulate: d.run.simulate,
    priorAttempts,
    ...(priorUsage ? { priorUsage } : {}),
    progress,
    ...(resolved?.approval ? { approval: resolved.approval } : {}),
    ...(resolved?.resumed ? { resumed: resolved.resumed } : {}),
    governor: d.governor.step({
      node: np.node,
      idx,
      events,
      // Before each call: the attempt in flight and what the step spent so far.
      flush: (attempt) => commit(stepAttempt(idx, attempt, progress.usage), events),
    }),
    signal: d.signal,
    events,
    onRetry: (attempt, error, delayMs, usage) => {
      const retryAt = clock.now() + delayMs;
      commit(stepRetried(events, base, attempt, error, delayMs, retryAt, usage), events);
    },
    onAttempt: (attempt, usage) => commit(stepAttempt(idx, attempt, usage), events),
  };
}
