import { beforeEach, describe, expect, it } from 'vitest';
import { refundFixture } from '../testing/refund-fixture';
import {
  addNodeAt,
  connect,
  deleteSelection,
  duplicateSelection,
  renameNodeId,
  setNodeConfig,
  setNodeFields,
} from './actions';
import { edit, isDirty, loadDocument, markSaved, redo, select, undo, useDoc } from './doc-store';
import { emptySpec, moveNodes } from '../model/spec-ops';
import { COALESCE_MS } from '../model/history';

describe('document store', () => {
  beforeEach(() => loadDocument(emptySpec(), null));

  it('undoes and redoes 20 distinct edits, step by step, back to the original', () => {
    const snapshots = [useDoc.getState().spec];
    for (let i = 0; i < 20; i++) {
      if (i % 4 === 0) addNodeAt('transform', { x: i * 50, y: 0 });
      else if (i % 4 === 1) setNodeConfig(useDoc.getState().spec.nodes.at(-1)?.id ?? '', 'expression', `prev + ${i}`);
      else if (i % 4 === 2) setNodeFields(useDoc.getState().spec.nodes.at(-1)?.id ?? '', { name: `Step ${i}` }, 'name');
      else edit('move', (s) => moveNodes(s, new Map([[s.nodes.at(-1)?.id ?? '', { x: i, y: i }]])));
      // Let the coalescing window pass so each edit is its own step.
      useDoc.setState((s) => ({ history: { ...s.history, lastAt: (s.history.lastAt ?? 0) - COALESCE_MS * 2 } }));
      snapshots.push(useDoc.getState().spec);
    }
    expect(useDoc.getState().history.past).toHaveLength(20);
    for (let i = 19; i >= 0; i--) {
      expect(undo()).toBe(true);
      expect(useDoc.getState().spec).toBe(snapshots[i]);
    }
    expect(undo()).toBe(false);
    expect(isDirty(useDoc.getState())).toBe(false);
    for (let i = 1; i <= 20; i++) {
      expect(redo()).toBe(true);
      expect(useDoc.getState().spec).toBe(snapshots[i]);
    }
    expect(redo()).toBe(false);
  });

  it('coalesces a typing burst in one field into one undo step', () => {
    const id = addNodeAt('llm', { x: 0, y: 0 });
    for (const text of ['H', 'He', 'Hel', 'Hell', 'Hello']) setNodeConfig(id, 'prompt', text);
    setNodeConfig(id, 'system', 'be brief');
    expect(useDoc.getState().history.past.map((e) => e.label)).toEqual(['add llm', 'edit prompt', 'edit system']);
    undo();
    undo();
    expect(useDoc.getState().spec.nodes[0]?.config.prompt).toBe('');
  });

  it('a new edit clears the redo stack', () => {
    addNodeAt('start', { x: 0, y: 0 });
    undo();
    addNodeAt('end', { x: 0, y: 0 });
    expect(redo()).toBe(false);
  });

  it('tracks dirty against the saved spec, including undo back to it', () => {
    loadDocument(refundFixture(), '/tmp/r.waymark.json');
    expect(isDirty(useDoc.getState())).toBe(false);
    setNodeFields('pay', { name: 'Pay' }, 'name');
    expect(isDirty(useDoc.getState())).toBe(true);
    undo();
    expect(isDirty(useDoc.getState())).toBe(false);
    redo();
    markSaved(useDoc.getState().spec, '/tmp/r.waymark.json');
    expect(isDirty(useDoc.getState())).toBe(false);
  });

  it('connects only through the connection rules', () => {
    loadDocument(refundFixture(), null);
    expect(connect({ source: 'classify', sourceHandle: 'error', target: 'declined' }).ok).toBe(true);
    expect(connect({ source: 'classify', sourceHandle: 'error', target: 'done' }).ok).toBe(false);
    expect(useDoc.getState().spec.edges.filter((e) => e.source === 'classify' && e.kind === 'error')).toHaveLength(1);
  });

  it('deletes the selection and prunes it; duplicate selects the copies', () => {
    loadDocument(refundFixture(), null);
    select({ nodes: ['lookup', 'classify'], edges: [], zones: [] });
    duplicateSelection();
    expect(useDoc.getState().selection.nodes).toEqual(['lookup_2', 'classify_2']);
    deleteSelection();
    expect(useDoc.getState().spec.nodes.some((n) => n.id === 'lookup_2')).toBe(false);
    expect(useDoc.getState().selection.nodes).toEqual([]);
    undo();
    expect(useDoc.getState().spec.nodes.some((n) => n.id === 'lookup_2')).toBe(true);
  });

  it('renaming a node id keeps it selected and is undoable', () => {
    loadDocument(refundFixture(), null);
    select({ nodes: ['lookup'], edges: [], zones: [] });
    expect(renameNodeId('lookup', 'order')).toBeUndefined();
    expect(useDoc.getState().selection.nodes).toEqual(['order']);
    expect(renameNodeId('order', 'classify')).toMatch(/already exists/);
    undo();
    expect(useDoc.getState().spec.nodes.some((n) => n.id === 'lookup')).toBe(true);
  });

  it('a node dropped inside a zone joins it', () => {
    loadDocument(refundFixture(), null);
    const id = addNodeAt('transform', { x: 1000, y: 360 });
    expect(useDoc.getState().spec.nodes.find((n) => n.id === id)?.zone).toBe('payments');
  });
});

describe('branch renames in the inspector', () => {
  beforeEach(() => loadDocument(refundFixture(), null));
  const rules = (branch: string) => [{ when: 'nodes.lookup.total < 100', branch }];

  it('typing a new branch name moves its edge along, and the whole burst is one undo step', () => {
    const before = useDoc.getState().spec;
    for (const name of ['aut', 'au', 'a', '']) setNodeConfig('route', 'rules', rules(name));
    setNodeConfig('route', 'rules', rules('f'), { from: 'branch:a', to: 'branch:f' });
    for (const name of ['fa', 'fast']) setNodeConfig('route', 'rules', rules(name));
    const e4 = useDoc.getState().spec.edges.find((e) => e.id === 'e4');
    expect(e4).toMatchObject({ kind: 'branch', branch: 'fast', target: 'pay' });
    expect(undo()).toBe(true);
    expect(useDoc.getState().spec).toBe(before);
  });

  it('removing the branch leaves the edge where it was (an orphan to fix), not on another port', () => {
    setNodeConfig('route', 'rules', []);
    expect(useDoc.getState().spec.edges.find((e) => e.id === 'e4')).toMatchObject({ branch: 'auto' });
  });
});
