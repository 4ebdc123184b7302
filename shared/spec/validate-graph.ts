/**
 * Graph checks of the validator: one entry node and at least one terminal node (as their
 * descriptions declare), edges that reference nodes and ports that exist (each port used
 * once, none into an entry node), dead ends and open ports, external calls without an error
 * path, reachability from the entry, and a bound on every cycle.
 */
import type { NodeCatalog } from '../nodes/catalog';
import { cyclicComponents, edgePortKey, reachable } from './graph';
import { stepNameById } from './problem-names';
import { jsonPath, type Problem } from './problems';
import type { WorkflowSpec } from './schema';
import type { CheckedNode } from './validate-nodes';

/**
 * Adds the graph problems of `spec`. `nodeIndex` maps node ids to their first index;
 * `checked` holds the nodes whose own checks passed (their descriptions and ports).
 */
export function checkGraph(
  spec: WorkflowSpec,
  catalog: NodeCatalog,
  nodeIndex: ReadonlyMap<string, number>,
  checked: ReadonlyMap<string, CheckedNode>,
  add: (p: Problem) => void,
): void {
  /** A step named as a person knows it, in quotes. */
  const step = (id: string) => `"${stepNameById(spec, id)}"`;
  // Start / end structure.
  const starts = spec.nodes.filter((n) => catalog.get(n.type)?.entry);
  if (starts.length !== 1) {
    add({
      severity: 'error',
      code: 'graph.start',
      path: jsonPath(['nodes']),
      message: starts.length
        ? `The workflow has ${starts.length} start steps (${starts.map((s) => `"${s.name}"`).join(', ')}).`
        : 'The workflow has no start step.',
      hint: starts.length
        ? 'Keep one: a run begins at exactly one start step.'
        : 'Add a Start step from the palette and connect it to the first step.',
    });
  }
  if (!spec.nodes.some((n) => catalog.get(n.type)?.terminal))
    add({
      severity: 'error',
      code: 'graph.end',
      path: jsonPath(['nodes']),
      message: 'The workflow has no end step, so no run could finish.',
      hint: 'Add an End step from the palette and connect the last steps to it.',
    });

  // Edges.
  const edgeIds = new Map<string, number>();
  const usedPorts = new Map<string, number>();
  const validEdges = spec.edges.filter((e, j) => {
    const at = (...rest: Array<string | number>) => jsonPath(['edges', j, ...rest]);
    let ok = true;
    if (edgeIds.has(e.id))
      add({
        severity: 'error',
        code: 'edge.duplicate-id',
        path: at('id'),
        edgeId: e.id,
        message: `Another edge already uses the id "${e.id}".`,
        hint: 'Give each edge its own id.',
      });
    edgeIds.set(e.id, j);
    for (const end of ['source', 'target'] as const) {
      if (!nodeIndex.has(e[end])) {
        add({
          severity: 'error',
          code: 'edge.dangling',
          path: at(end),
          edgeId: e.id,
          message: `This edge ${end === 'source' ? 'starts at' : 'leads to'} "${e[end]}", which is not a step in this workflow.`,
          hint: 'Reconnect it to an existing step, or delete it.',
        });
        ok = false;
      }
    }
    if (!ok) return false;
    if (e.kind === 'branch' && !e.branch) {
      add({
        severity: 'error',
        code: 'edge.branch-name',
        path: at('branch'),
        edgeId: e.id,
        message: 'This branch edge has no branch name.',
        hint: 'Name the branch it follows, or delete the edge.',
      });
      return false;
    }
    if (e.kind !== 'branch' && e.branch !== undefined) {
      add({
        severity: 'error',
        code: 'edge.branch-kind',
        path: at('branch'),
        edgeId: e.id,
        message: `Only branch edges have a branch name; this is ${e.kind === 'error' ? 'an error' : 'a next'} edge.`,
        hint: 'Remove the branch name, or make it a branch edge.',
      });
    }
    const target = spec.nodes[nodeIndex.get(e.target) as number];
    if (target && catalog.get(target.type)?.entry) {
      add({
        severity: 'error',
        code: 'edge.into-start',
        path: at('target'),
        edgeId: e.id,
        message: `${step(e.target)} is where runs begin, so no edge can lead into it.`,
        hint: 'Connect the edge to another step.',
      });
    }
    const ports = checked.get(e.source)?.ports;
    const key = edgePortKey(e);
    if (ports && !ports.has(key)) {
      const have = [...ports].map((p) => (p.startsWith('branch:') ? `"${p.slice(7)}"` : p)).join(', ') || 'none';
      add({
        severity: 'error',
        code: 'edge.port',
        path: at(e.kind === 'branch' ? 'branch' : 'kind'),
        edgeId: e.id,
        nodeId: e.source,
        message: `${step(e.source)} has no ${e.kind === 'branch' ? `branch "${e.branch}"` : `${e.kind} output`}.`,
        hint: `Its outputs are ${have}: reconnect the edge to one of them, or delete it.`,
      });
      return false;
    }
    const portId = `${e.source}/${key}`;
    if (usedPorts.has(portId)) {
      add({
        severity: 'error',
        code: 'edge.duplicate',
        path: at(),
        edgeId: e.id,
        nodeId: e.source,
        message: `The ${key.startsWith('branch:') ? `"${key.slice(7)}" branch` : `${key} output`} of ${step(e.source)} already leads to ${step(spec.edges[usedPorts.get(portId) as number]?.target ?? '')}.`,
        hint: 'An output leads to one step only: delete one of the two edges.',
      });
      return false;
    }
    usedPorts.set(portId, j);
    return true;
  });

  // Dead ends, unconnected branches, missing error paths.
  spec.nodes.forEach((node, i) => {
    const c = checked.get(node.id);
    if (!c) return;
    const { desc, ports } = c;
    const connected = (k: string) => usedPorts.has(`${node.id}/${k}`);
    const normal = [...ports].filter((k) => k !== 'error');
    if (normal.length && !normal.some(connected)) {
      add({
        severity: 'error',
        code: 'graph.dead-end',
        path: jsonPath(['nodes', i]),
        nodeId: node.id,
        message: 'Nothing follows this step, so a run would stop here.',
        hint: 'Connect its output to the next step or to an End step.',
      });
    } else {
      for (const k of normal)
        if (!connected(k))
          add({
            severity: 'warning',
            code: 'graph.open-port',
            path: jsonPath(['nodes', i]),
            nodeId: node.id,
            message: `The ${k.startsWith('branch:') ? `"${k.slice(7)}" branch` : 'next output'} is not connected; a run that takes it fails.`,
            hint: 'Connect it to the step that should follow.',
          });
    }
    if (desc.effect === 'external' && ports.has('error') && !connected('error')) {
      add({
        severity: 'warning',
        code: 'graph.no-error-path',
        path: jsonPath(['nodes', i]),
        nodeId: node.id,
        message: 'This step calls the outside world but has no error path, so one failure fails the whole run.',
        hint: 'Connect its error output to a fallback step or to a human approval.',
      });
    }
  });

  // Reachability from start.
  const start = starts[0];
  if (start) {
    const seen = reachable(start.id, validEdges);
    spec.nodes.forEach((n, i) => {
      if (!seen.has(n.id))
        add({
          severity: 'warning',
          code: 'graph.unreachable',
          path: jsonPath(['nodes', i]),
          nodeId: n.id,
          message: 'No path from the start reaches this step.',
          hint: 'Connect an earlier step to it, or delete it.',
        });
    });
  }

  // Every cycle needs a bound on at least one of its edges.
  for (const comp of cyclicComponents([...nodeIndex.keys()], validEdges)) {
    const inComp = new Set(comp);
    const bounded = validEdges.some(
      (e) => inComp.has(e.source) && inComp.has(e.target) && e.maxTraversals !== undefined,
    );
    if (!bounded) {
      const first = comp[0] as string;
      add({
        severity: 'error',
        code: 'graph.unbounded-cycle',
        path: jsonPath(['nodes', nodeIndex.get(first) as number]),
        nodeId: first,
        message: `The loop ${[...comp, first].map(step).join(' → ')} has no limit, so a run could go round forever.`,
        hint: 'Set "Max traversals" on the edge that loops back.',
      });
    }
  }
}
