/**
 * Which connections the canvas accepts. The validator reports the same problems for
 * hand-written specs; here they are refused up front so the canvas never draws an edge
 * the engine would reject.
 */
import { edgePortKey } from '../../shared/spec/graph';
import type { SpecEdge, WorkflowSpec } from '../../shared/spec/schema';
import { edgeFieldsFromHandle, handleId, hasInput, nodePorts } from './ports';

export interface ConnectionRequest {
  source: string;
  sourceHandle?: string | null;
  target: string;
  /** When re-attaching an existing edge, that edge is ignored by the duplicate check. */
  replacing?: string;
}

export type ConnectionVerdict = { ok: true; edge: Omit<SpecEdge, 'id'> } | { ok: false; reason: string };

export function checkConnection(spec: WorkflowSpec, req: ConnectionRequest): ConnectionVerdict {
  const source = spec.nodes.find((n) => n.id === req.source);
  const target = spec.nodes.find((n) => n.id === req.target);
  if (!source || !target) return { ok: false, reason: 'Both ends of an edge must be nodes.' };
  if (source.id === target.id) return { ok: false, reason: 'A node cannot connect to itself.' };
  if (!hasInput(target))
    return { ok: false, reason: `"${target.name}" is a ${target.type} node: nothing can lead into it.` };
  const fields = edgeFieldsFromHandle(req.sourceHandle);
  if (!fields) return { ok: false, reason: `Unknown port "${req.sourceHandle ?? ''}".` };
  const ports = nodePorts(source).map(handleId);
  const key = edgePortKey(fields);
  if (!ports.includes(key)) {
    // This is also what keeps error edges on error ports: the edge kind comes from the port.
    return {
      ok: false,
      reason: `"${source.name}" has no ${fields.kind === 'branch' ? `branch "${fields.branch}"` : `${fields.kind} port`}.`,
    };
  }
  const taken = spec.edges.find((e) => e.id !== req.replacing && e.source === source.id && edgePortKey(e) === key);
  if (taken) {
    const to = spec.nodes.find((n) => n.id === taken.target)?.name ?? taken.target;
    return { ok: false, reason: `That port of "${source.name}" already leads to "${to}". Delete that edge first.` };
  }
  return { ok: true, edge: { source: source.id, target: target.id, ...fields } };
}
