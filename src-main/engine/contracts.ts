/**
 * The engine's public contract types: what it needs (ports, store, registry) and what its
 * calls return. Kept apart from engine.ts and run-loop.ts so both hold only behaviour.
 */
import type { EngineEvent, ErrorInfo, RunStatus, Usage } from '../../shared/events';
import type { ExecutorPorts } from './executor';
import type { RunLease } from './lease';
import type { LeaseConfig } from './run-claims';
import type { TimeoutResult } from './policy/timeouts';
import type { NodeRegistry } from './registry';
import type { CheckpointStore, StepWait } from './store';

export interface EngineDeps extends ExecutorPorts {
  store: CheckpointStore;
  registry: NodeRegistry;
  /** Receives every event after it is persisted. */
  onEvent?: (e: EngineEvent) => void;
  /** Who this engine is when it drives a run, and how long its leases last (engine/lease.ts). */
  lease?: LeaseConfig;
}

/**
 * What `Engine.cancelRun` did: cancelled the run here (whatever state it was in), or — the
 * run being driven by another process — recorded a request its owner honours at its next
 * step boundary.
 */
export type CancelResult = { cancelled: true } | { cancelled: false; requested: true; drivenBy: RunLease };

export interface RunOutcome {
  runId: string;
  status: RunStatus;
  output?: unknown;
  error?: ErrorInfo;
  /** Set when the run is waiting for a human. */
  approvalId?: string;
  /** Set when the run is waiting: the wait state (`approval`, or a timed one with `until`). */
  wait?: StepWait;
  /**
   * Set when the run began waiting for a webhook here: the secret path of its URL
   * (`/hooks/{token}`). Only the token's hash is stored, so this is the one time it is told.
   */
  hookPath?: string;
  usage: Usage;
}

export interface StartOptions {
  runId?: string;
  simulate?: boolean;
  trigger?: string;
}

export interface Decision {
  approvalId: string;
  decision: 'approved' | 'rejected';
  /** The display name the person typed (`--as`, "Your name"): shown, never trusted. */
  by: string;
  /**
   * The OS account of the process recording the decision: what the host vouches for. Set by
   * the host (CLI, desktop backend, web host), never taken from a caller. See shared/identity.ts.
   */
  account?: string;
  comment?: string;
  /** An edited payload to approve instead of the requested one. */
  payload?: unknown;
}

/** A timeout that was applied, and the outcome of the run it continued (when asked to). */
export interface TimeoutReport extends TimeoutResult {
  outcome?: RunOutcome;
  /** Why the run could not be continued. */
  error?: string;
}
