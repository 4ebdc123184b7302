/** Adding a step from a port: the step and its connection are one undo step; refusals add no edge. */
import { beforeEach, describe, expect, it } from 'vitest';
import { addNode, emptySpec } from '../model/spec-ops';
import { loadDocument, undo, useDoc } from '../store/doc-store';
import { useUi } from '../store/ui-store';
import { addStep, placementPoint } from './add-step';

const spec = () => useDoc.getState().spec;

describe('addStep', () => {
  beforeEach(() => {
    const start = addNode(emptySpec(), 'start', { x: 0, y: 0 });
    loadDocument(start.spec, null);
    useUi.setState({ measured: {}, toasts: [] });
  });

  it('adds the step connected from the port, selected, in one undo step', () => {
    const at = placementPoint({ kind: 'right', portY: 60 }, { source: 'start', handle: 'next' });
    expect(at.x).toBeGreaterThan(240);
    const id = addStep('llm', at, { source: 'start', handle: 'next' });
    expect(id).toBe('llm');
    expect(spec().nodes.find((n) => n.id === 'llm')?.position).toEqual(at);
    expect(spec().edges).toMatchObject([{ source: 'start', target: 'llm', kind: 'next' }]);
    expect(useDoc.getState().selection.nodes).toEqual(['llm']);
    undo();
    expect(spec().nodes.map((n) => n.id)).toEqual(['start']);
    expect(spec().edges).toEqual([]);
  });

  it('a second step from the same port is added but not connected, and the refusal is told', () => {
    addStep('end', { x: 400, y: 0 }, { source: 'start', handle: 'next' });
    addStep('transform', { x: 400, y: 200 }, { source: 'start', handle: 'next' });
    expect(spec().edges).toHaveLength(1);
    expect(useUi.getState().toasts.at(-1)?.message).toBe(
      'That port of "Start" already leads to "End". Delete that edge first.',
    );
  });

  it('steps placed from the same port side by side never overlap', () => {
    const from = { source: 'start', handle: 'next' };
    const a = placementPoint({ kind: 'right', portY: 60 }, from);
    addStep('end', a);
    const b = placementPoint({ kind: 'right', portY: 60 }, from);
    expect(b.x).toBe(a.x);
    expect(Math.abs(b.y - a.y)).toBeGreaterThanOrEqual(76);
  });
});
