/**
 * Exit codes of the `waymark` command, documented in README.md and docs/cli.md.
 * Distinct codes let scripts and CI branch on the outcome without parsing output.
 */
export const EXIT = {
  /** The run completed, or the spec is valid. */
  ok: 0,
  /** The run failed (a step failed with no error path, a budget or loop bound was hit). */
  failed: 1,
  /** Invalid spec, invalid input or bad command-line usage: nothing was run. */
  invalid: 2,
  /** The run is parked at an approval gate (`waymark approve` continues it) or paused by a debugger. */
  waiting: 3,
  /** The run or approval does not exist, or is not in a state that allows the command. */
  conflict: 4,
  /** The run was cancelled. */
  cancelled: 5,
  /**
   * The database cannot be used: the disk is full, it is read-only, damaged, empty, not a
   * Waymark database, from a newer Waymark, or missing (for commands that only read). The
   * message names the file and what to do; nothing already saved was lost.
   */
  storage: 6,
  /** The run is being driven by another process (its live lease names it); nothing was done to it. */
  busy: 7,
  /** A run with the requested `--run-id` already exists. */
  exists: 8,
  /** Interrupted by Ctrl-C; the run can be resumed. */
  interrupted: 130,
  /** An unexpected internal error (a bug): one line, the stack with WAYMARK_DEBUG=1. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown by commands to exit with a code after printing `message` to stderr. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode,
  ) {
    super(message);
  }
}
