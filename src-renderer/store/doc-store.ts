/**
 * The document store: the spec being edited, where it lives on disk, what is selected,
 * and the undo history. UI edits are data: every change goes through `edit()` with a
 * label, so undo/redo covers the canvas, the inspector and the spec view alike.
 *
 * Actions are plain functions next to the store (not members of it), so components
 * subscribe only to the state they read.
 */
import { create } from 'zustand';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { EMPTY_HISTORY, record, redo as redoHistory, undo as undoHistory, type History } from '../model/history';
import { EMPTY_SELECTION, emptySpec, type Selection } from '../model/spec-ops';

/** Who made the last change: the spec view must not overwrite text the user is typing. */
export type EditSource = 'canvas' | 'inspector' | 'spec-view' | 'history' | 'load';

export interface DocState {
  spec: WorkflowSpec;
  /** The spec as last opened or saved; dirty means `spec !== savedSpec`. */
  savedSpec: WorkflowSpec;
  /** File path, or null for a document never saved. */
  path: string | null;
  /** False while the start screen is shown. */
  isOpen: boolean;
  history: History;
  selection: Selection;
  lastSource: EditSource;
  /** Label of the last undo/redo, for the status line. */
  lastUndoLabel: string | null;
  /** Bumped whenever a document is loaded: the canvas starts a fresh viewport. */
  docSeq: number;
}

const initialSpec = emptySpec();

export const useDoc = create<DocState>()(() => ({
  spec: initialSpec,
  savedSpec: initialSpec,
  path: null,
  isOpen: false,
  history: EMPTY_HISTORY,
  selection: EMPTY_SELECTION,
  lastSource: 'load',
  lastUndoLabel: null,
  docSeq: 0,
}));

export function isDirty(s: Pick<DocState, 'spec' | 'savedSpec'>): boolean {
  return s.spec !== s.savedSpec;
}

export interface EditOptions {
  /** Edits with the same key in quick succession are one undo step (typing). */
  coalesce?: string;
  source?: EditSource;
  /** Selection after the edit (default: the current one, pruned of deleted elements). */
  select?: Selection;
  /** Clock injection for tests. */
  now?: number;
}

/** Drops selected ids that no longer exist in the spec. */
export function pruneSelection(spec: WorkflowSpec, sel: Selection): Selection {
  const nodes = sel.nodes.filter((id) => spec.nodes.some((n) => n.id === id));
  const edges = sel.edges.filter((id) => spec.edges.some((e) => e.id === id));
  const zones = sel.zones.filter((id) => spec.zones.some((z) => z.id === id));
  if (nodes.length === sel.nodes.length && edges.length === sel.edges.length && zones.length === sel.zones.length)
    return sel;
  return { nodes, edges, zones };
}

/**
 * Applies an edit. `fn` returns the new spec (or the same one for "nothing to do", which
 * records nothing). Returns whether anything changed.
 */
export function edit(label: string, fn: (spec: WorkflowSpec) => WorkflowSpec, opts: EditOptions = {}): boolean {
  const s = useDoc.getState();
  const next = fn(s.spec);
  if (next === s.spec) {
    if (opts.select) useDoc.setState({ selection: opts.select });
    return false;
  }
  useDoc.setState({
    spec: next,
    history: record(s.history, s.spec, label, opts.coalesce, opts.now ?? Date.now()),
    selection: pruneSelection(next, opts.select ?? s.selection),
    lastSource: opts.source ?? 'canvas',
    lastUndoLabel: null,
  });
  return true;
}

export function undo(): boolean {
  const s = useDoc.getState();
  const r = undoHistory(s.history, s.spec);
  if (!r) return false;
  useDoc.setState({
    spec: r.spec,
    history: r.history,
    selection: pruneSelection(r.spec, s.selection),
    lastSource: 'history',
    lastUndoLabel: `Undo ${r.label}`,
  });
  return true;
}

export function redo(): boolean {
  const s = useDoc.getState();
  const r = redoHistory(s.history, s.spec);
  if (!r) return false;
  useDoc.setState({
    spec: r.spec,
    history: r.history,
    selection: pruneSelection(r.spec, s.selection),
    lastSource: 'history',
    lastUndoLabel: `Redo ${r.label}`,
  });
  return true;
}

export function select(selection: Selection): void {
  const cur = useDoc.getState().selection;
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(cur.nodes, selection.nodes) && same(cur.edges, selection.edges) && same(cur.zones, selection.zones)) return;
  useDoc.setState({ selection });
}

/** Replaces the document (open, new, example): history starts afresh. */
export function loadDocument(spec: WorkflowSpec, path: string | null): void {
  useDoc.setState((s) => ({
    spec,
    savedSpec: spec,
    path,
    isOpen: true,
    history: EMPTY_HISTORY,
    selection: EMPTY_SELECTION,
    lastSource: 'load',
    lastUndoLabel: null,
    docSeq: s.docSeq + 1,
  }));
}

/** Records a successful save of `spec` at `path`. */
export function markSaved(spec: WorkflowSpec, path: string): void {
  useDoc.setState({ savedSpec: spec, path });
}

export function closeDocument(): void {
  useDoc.setState({ isOpen: false });
}
