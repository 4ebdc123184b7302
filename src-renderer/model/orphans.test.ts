import { describe, expect, it } from 'vitest';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { refundFixture } from '../testing/refund-fixture';
import { buildFlowEdges, buildFlowNodes, FlowCache } from './flow-mapping';
import { followPortRenames, moveEdgeToPort, orphanEdges, orphanPortsByNode, reconnectChoices } from './orphans';
import { setConfigValue } from './spec-ops';

const rulesOf = (branch: string) => [{ when: 'nodes.lookup.total < 100', branch }];
const withBranch = (spec: WorkflowSpec, branch: string) => setConfigValue(spec, 'route', 'rules', rulesOf(branch));
const edge = (spec: WorkflowSpec, id: string) => spec.edges.find((e) => e.id === id);
const ui = { selection: { nodes: [], edges: [], zones: [] }, measured: {}, dragging: {}, resizing: {} };

describe('orphan edges', () => {
  it('an edge on a branch its decision no longer has is an orphan, drawn from a ghost port', () => {
    const spec = withBranch(refundFixture(), 'small');
    expect([...orphanEdges(spec).values()]).toEqual([{ edgeId: 'e4', source: 'route', port: 'branch:auto' }]);
    expect(orphanPortsByNode(spec).get('route')).toEqual(['branch:auto']);
    const e4 = buildFlowEdges(spec, ui, new FlowCache()).find((e) => e.id === 'e4');
    expect(e4).toMatchObject({ sourceHandle: 'branch:auto', data: { orphan: 'branch:auto' } });
    const route = buildFlowNodes(spec, ui, new FlowCache()).find((n) => n.id === 'route');
    expect(route?.data).toMatchObject({ orphanPorts: ['branch:auto'] });
    expect(orphanEdges(refundFixture()).size).toBe(0);
  });

  it('offers every port of the step, saying where the taken ones lead', () => {
    const spec = withBranch(refundFixture(), 'small');
    expect(reconnectChoices(spec, 'e4')).toEqual([
      { key: 'branch:small', label: 'branch “small”' },
      { key: 'branch:review', label: 'branch “review”', takenBy: 'Manager review' },
      { key: 'error', label: 'error output' },
    ]);
    const fixed = moveEdgeToPort(spec, 'e4', 'branch:small');
    expect(edge(fixed, 'e4')).toMatchObject({ kind: 'branch', branch: 'small', target: 'pay' });
    expect(orphanEdges(fixed).size).toBe(0);
    const toError = moveEdgeToPort(spec, 'e4', 'error');
    expect(edge(toError, 'e4')).toEqual({ id: 'e4', source: 'route', target: 'pay', kind: 'error' });
  });

  it('a branch renamed key by key keeps its edge; through an empty name, as the field says', () => {
    let spec = refundFixture();
    for (const name of ['aut', 'au', 'a']) spec = followPortRenames(spec, withBranch(spec, name), 'route');
    expect(edge(spec, 'e4')).toMatchObject({ branch: 'a', target: 'pay' });
    // Cleared: nothing took the port's place, so the edge waits on "a" (an orphan for now).
    spec = followPortRenames(spec, withBranch(spec, ''), 'route');
    expect(edge(spec, 'e4')).toMatchObject({ branch: 'a' });
    // The field knows its edges sit on "a": the first key typed brings them over.
    spec = followPortRenames(spec, withBranch(spec, 's'), 'route', { from: 'branch:a', to: 'branch:s' });
    for (const name of ['sm', 'small']) spec = followPortRenames(spec, withBranch(spec, name), 'route');
    expect(edge(spec, 'e4')).toMatchObject({ branch: 'small', target: 'pay' });
    expect(orphanEdges(spec).size).toBe(0);
  });

  it('removing a branch, or adding one, carries nothing', () => {
    const start = refundFixture();
    const removed = setConfigValue(start, 'route', 'rules', []);
    expect(followPortRenames(start, removed, 'route')).toBe(removed);
    const added = setConfigValue(removed, 'route', 'rules', rulesOf('branch2'));
    expect(followPortRenames(removed, added, 'route')).toBe(added);
  });

  it('a rename onto a taken port, or one that adds two ports, moves nothing', () => {
    const start = refundFixture();
    const onto = withBranch(start, 'review');
    expect(followPortRenames(start, onto, 'route')).toBe(onto);
    expect(followPortRenames(start, onto, 'route', { from: 'branch:auto', to: 'branch:review' })).toBe(onto);
    const two = setConfigValue(start, 'route', 'rules', [...rulesOf('x'), { when: 'true', branch: 'y' }]);
    expect(followPortRenames(start, two, 'route')).toBe(two);
  });
});
