/**
 * Errors a step can fail with. The executor decides retries from `retryable`; connectors
 * throw `StepError`s (never raw transport errors), so classification lives in one place
 * per transport and the engine stays generic.
 */
import type { ErrorInfo } from '../../shared/events';
import type { Problem } from '../../shared/spec/problems';

export class StepError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly status?: number;
  /** Server-requested delay before the next attempt (HTTP `Retry-After`). */
  readonly retryAfterMs?: number;
  readonly detail?: unknown;

  constructor(info: {
    code: string;
    message: string;
    retryable: boolean;
    status?: number;
    retryAfterMs?: number;
    detail?: unknown;
  }) {
    super(info.message);
    this.name = 'StepError';
    this.code = info.code;
    this.retryable = info.retryable;
    this.status = info.status;
    this.retryAfterMs = info.retryAfterMs;
    this.detail = info.detail;
  }

  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
    };
  }
}

/** Converts anything thrown by a node into ErrorInfo (unknown errors are not retried). */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof StepError) return e.toInfo();
  if (e instanceof Error) return { code: 'internal', message: e.message, retryable: false };
  return { code: 'internal', message: String(e), retryable: false };
}

/** Raised by the store when an approval is not pending any more (double approval). */
export class ApprovalConflictError extends Error {
  /**
   * `decided`: another decision is recorded (the message says whose and when);
   * `deciding`: another approver holds the run and is recording its decision right now.
   */
  constructor(
    message: string,
    readonly state: 'decided' | 'deciding' = 'decided',
  ) {
    super(message);
    this.name = 'ApprovalConflictError';
  }
}

/** Raised when a wait is fired that has already fired (or closed): every wait fires once. */
export class WaitConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitConflictError';
  }
}

/** Raised when a run cannot be found or is in a state that forbids the operation. */
export class RunStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunStateError';
  }
}

/** A run with the requested id exists already (a reused `--run-id`). */
export class RunExistsError extends RunStateError {
  constructor(readonly runId: string) {
    super(`run ${runId} already exists`);
    this.name = 'RunExistsError';
  }
}

/** The spec is invalid; `problems` lists everything wrong. */
export class SpecInvalidError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`the spec has ${problems.filter((p) => p.severity === 'error').length} error(s)`);
    this.name = 'SpecInvalidError';
  }
}

/** Input (run input or an edited approval payload) does not match its schema. */
export class InputInvalidError extends Error {
  constructor(
    message: string,
    readonly issues: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = 'InputInvalidError';
  }
}
