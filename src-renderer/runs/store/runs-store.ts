/**
 * The runs store: the run painted on the canvas (its reduced state), the trace of that run
 * (a span tree held outside React state and versioned, since it may hold 100,000 spans),
 * the snapshot being viewed, breakpoints, and the side panel's UI state.
 *
 * Like the document store, actions are plain functions (store/run-actions.ts), so
 * components subscribe only to what they read — the canvas subscribes per node.
 */
import { create } from 'zustand';
import type { WorkflowSpec } from '../../../shared/spec/schema';
import type { RunState } from '../model/run-state';
import { emptyTree, type SpanTree } from '../model/spans';

/** `audit`: the run's audit log (governance/audit). */
export type RunsTab = 'trace' | 'approvals' | 'history' | 'audit';
export type TraceView = 'tree' | 'timeline';

export interface Breakpoint {
  before?: true;
  after?: true;
}

export interface RunsState {
  /** The run shown on the canvas and in the trace (live or opened from history). */
  current: RunState | null;
  /** When set, the canvas shows this spec snapshot (a past run), read-only. */
  viewing: { runId: string; spec: WorkflowSpec } | null;
  /** Bumped whenever the span tree changes (it is mutated in place). */
  traceVersion: number;
  /** Events of the current run in storage (from runs.events `total`), and how many are loaded. */
  traceTotal: number;
  traceLoading: boolean;
  selectedSpan: number | null;
  collapsed: ReadonlySet<number>;
  panelOpen: boolean;
  tab: RunsTab;
  traceView: TraceView;
  breakpoints: Readonly<Record<string, Breakpoint>>;
  simulate: boolean;
  /** A start or control call is on its way (buttons disable meanwhile). */
  busy: boolean;
  inputOpen: boolean;
  compare: [string, string] | null;
  fork: { runId: string; stepIdx: number; nodeId: string } | null;
}

export const useRuns = create<RunsState>()(() => ({
  current: null,
  viewing: null,
  traceVersion: 0,
  traceTotal: 0,
  traceLoading: false,
  selectedSpan: null,
  collapsed: new Set(),
  panelOpen: false,
  tab: 'trace',
  traceView: 'tree',
  breakpoints: {},
  simulate: true,
  busy: false,
  inputOpen: false,
  compare: null,
  fork: null,
}));

/** The current run's span tree. Mutated in place by the event pump; read with `traceVersion`. */
export const trace: { runId: string | null; tree: SpanTree } = { runId: null, tree: emptyTree() };

/** Whether a run is still going (buttons: Stop, Pause, Step, Continue). */
export function isLive(s: RunState | null): boolean {
  return !!s && (s.status === 'running' || s.status === 'waiting' || s.status === 'paused');
}
