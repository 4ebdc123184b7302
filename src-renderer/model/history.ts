/**
 * Undo/redo as a stack of whole-spec snapshots. Specs are immutable and share unchanged
 * parts, so a snapshot costs little. Typing bursts coalesce: edits with the same key
 * (e.g. one config field of one node) within COALESCE_MS become one undo step.
 */
import type { WorkflowSpec } from '../../shared/spec/schema';

export const HISTORY_LIMIT = 300;
export const COALESCE_MS = 1200;

export interface HistoryEntry {
  spec: WorkflowSpec;
  label: string;
}

export interface History {
  past: readonly HistoryEntry[];
  future: readonly HistoryEntry[];
  /** Key and time of the last recorded edit, for coalescing. */
  lastKey?: string;
  lastAt?: number;
}

export const EMPTY_HISTORY: History = { past: [], future: [] };

/** Records that `before` was replaced by an edit called `label`. */
export function record(h: History, before: WorkflowSpec, label: string, key: string | undefined, now: number): History {
  if (
    key !== undefined &&
    key === h.lastKey &&
    h.lastAt !== undefined &&
    now - h.lastAt < COALESCE_MS &&
    h.past.length
  ) {
    // Same burst: the snapshot from before the burst stays the undo target.
    return { past: h.past, future: [], lastKey: key, lastAt: now };
  }
  const past = [...h.past, { spec: before, label }];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, future: [], ...(key !== undefined ? { lastKey: key, lastAt: now } : {}) };
}

/** Steps back: returns the spec to show and the new history, or undefined at the start. */
export function undo(
  h: History,
  current: WorkflowSpec,
): { spec: WorkflowSpec; history: History; label: string } | undefined {
  const entry = h.past[h.past.length - 1];
  if (!entry) return undefined;
  return {
    spec: entry.spec,
    label: entry.label,
    history: { past: h.past.slice(0, -1), future: [...h.future, { spec: current, label: entry.label }] },
  };
}

export function redo(
  h: History,
  current: WorkflowSpec,
): { spec: WorkflowSpec; history: History; label: string } | undefined {
  const entry = h.future[h.future.length - 1];
  if (!entry) return undefined;
  return {
    spec: entry.spec,
    label: entry.label,
    history: { past: [...h.past, { spec: current, label: entry.label }], future: h.future.slice(0, -1) },
  };
}
