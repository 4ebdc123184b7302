/**
 * Messages between the sandbox pool (pool.ts, host side) and its workers (worker.ts).
 * Results travel as JSON text: its length is the result-size check, and the host parses
 * only what it accepted.
 */
import type { ScreenOptions } from '../engine/guardrails/screen';

export type SandboxJob =
  | { kind: 'evaluate'; source: string; scope: unknown }
  | { kind: 'validate'; schema: object; value: unknown }
  | { kind: 'screen'; value: unknown; options: ScreenOptions; path: string };

/** Host → worker. */
export interface JobMessage {
  id: number;
  job: SandboxJob;
  /** Results whose JSON is longer than this many characters are refused. */
  maxResultChars: number;
}

/** Worker → host. `ready` once the worker has loaded; then one reply per job. */
export type WorkerMessage =
  | { ready: true }
  | { id: number; ok: true; json?: string }
  | { id: number; ok: false; message: string; tooLarge?: boolean };
