/**
 * The limits bounded work runs under (engine/bounded.ts) and the error a sandbox rejects
 * with when work passes one. Kept apart so the sandbox and the expression evaluator can
 * share it without importing each other.
 */

/** Deadline of one sandboxed evaluation when the step sets no timeout of its own. */
export const DEFAULT_EVAL_TIMEOUT_MS = 5000;

/** The limit a sandboxed job passed. `limit` is in ms for `time`, MB for `memory` and `result`. */
export class SandboxLimitError extends Error {
  constructor(
    readonly kind: 'time' | 'memory' | 'result',
    readonly limit: number,
  ) {
    super(
      kind === 'time'
        ? `ran longer than ${formatMs(limit)}`
        : kind === 'memory'
          ? `needed more than ${limit} MB of memory`
          : `produced a result larger than ${limit} MB`,
    );
    this.name = 'SandboxLimitError';
  }
}

/** "2 s", "1.5 s", "250 ms". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
