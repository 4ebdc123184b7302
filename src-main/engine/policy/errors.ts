/**
 * How the policy layer stops a call. Both are `StepError`s with `retryable: false`, so the
 * executor never retries them; nodes re-throw them without recording a failed call, because
 * no call was made.
 */
import { StepError } from '../errors';
import type { ApprovalRequest } from '../node-def';

export type { ApprovalRequest } from '../node-def';

/**
 * A call was refused before it was made: `policy` (forbidden), `policy.rejected` (a human
 * said no) or `budget` (the estimate would exceed a zone budget).
 */
export class CallRefused extends StepError {
  constructor(code: 'policy' | 'policy.rejected' | 'budget', message: string, detail?: unknown) {
    super({ code, message, retryable: false, ...(detail !== undefined ? { detail } : {}) });
    this.name = 'CallRefused';
  }
}

/**
 * The call needs a human first: the executor turns this into a `wait` outcome and the run
 * parks at an automatic approval gate. When the step runs again after the decision, the
 * same call finds the decided approval and proceeds (or is refused).
 */
export class ApprovalRequired extends CallRefused {
  constructor(readonly approval: ApprovalRequest) {
    super('policy', `waiting for approval: ${approval.reason}`);
    this.name = 'ApprovalRequired';
  }
}
