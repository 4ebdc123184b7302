/**
 * Edges whose source step no longer has the port they leave by ("orphans": a decision's
 * branch was renamed or removed, an error output switched off). They stay on the canvas,
 * drawn from a ghost port, with a one-click fix: reconnect to an existing port, or delete.
 *
 * Renaming a port carries its edges along ({@link followPortRenames}): a branch renamed key by
 * key in the inspector keeps its edge the whole way, one undo step with the typing.
 */
import { edgePortKey } from '../../shared/spec/graph';
import type { SpecEdge, SpecNode, WorkflowSpec } from '../../shared/spec/schema';
import { mapWhere, withPatch } from './patch';
import { edgeFieldsFromHandle, handleId, nodePorts, portLabel } from './ports';

const portKeyCache = new WeakMap<SpecNode, readonly string[]>();

/** The output port keys of a node (`next`, `error`, `branch:<name>`), cached per node object. */
export function portKeysOf(node: SpecNode): readonly string[] {
  let keys = portKeyCache.get(node);
  if (!keys) {
    keys = nodePorts(node).map(handleId);
    portKeyCache.set(node, keys);
  }
  return keys;
}

export interface Orphan {
  edgeId: string;
  source: string;
  /** The port key the edge leaves by, which its step no longer has. */
  port: string;
}

const orphanCache = new WeakMap<WorkflowSpec, Map<string, Orphan>>();

/** Edges (by id) whose source step exists but has no such output port; computed once per spec. */
export function orphanEdges(spec: WorkflowSpec): ReadonlyMap<string, Orphan> {
  let out = orphanCache.get(spec);
  if (out) return out;
  out = new Map();
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  for (const e of spec.edges) {
    const node = byId.get(e.source);
    if (!node) continue;
    const port = edgePortKey(e);
    if (!portKeysOf(node).includes(port)) out.set(e.id, { edgeId: e.id, source: e.source, port });
  }
  orphanCache.set(spec, out);
  return out;
}

/** The missing ports of each step that has orphan edges (in edge order, each once). */
export function orphanPortsByNode(spec: WorkflowSpec): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  for (const o of orphanEdges(spec).values()) {
    const list = out.get(o.source) ?? [];
    if (!list.includes(o.port)) list.push(o.port);
    out.set(o.source, list);
  }
  return out;
}

/** A port key as a person reads it: `branch "yes"`, `error output`, `next output`. */
export function portPhrase(key: string): string {
  return key.startsWith('branch:') ? `branch “${key.slice(7)}”` : `${key} output`;
}

/** Why an orphan edge is drawn the way it is, for its label on the canvas. */
export function orphanLabel(port: string): string {
  return `${portPhrase(port).replace(/^./, (c) => c.toUpperCase())} is gone`;
}

export interface PortChoice {
  key: string;
  label: string;
  /** The step this port already leads to, when it is taken. */
  takenBy?: string;
}

/** The ports an orphan edge can be moved to: every port its step has, the taken ones marked. */
export function reconnectChoices(spec: WorkflowSpec, edgeId: string): PortChoice[] {
  const edge = spec.edges.find((e) => e.id === edgeId);
  const node = edge && spec.nodes.find((n) => n.id === edge.source);
  if (!edge || !node) return [];
  const names = new Map(spec.nodes.map((n) => [n.id, n.name]));
  return nodePorts(node).map((p) => {
    const key = handleId(p);
    const holder = spec.edges.find((e) => e.id !== edgeId && e.source === node.id && edgePortKey(e) === key);
    return {
      key,
      label: p.kind === 'branch' ? `branch “${portLabel(p)}”` : `${portLabel(p)} output`,
      ...(holder ? { takenBy: names.get(holder.target) ?? holder.target } : {}),
    };
  });
}

/** Moves an edge to another output port of its step (kind and branch follow the port). */
export function moveEdgeToPort(spec: WorkflowSpec, edgeId: string, port: string): WorkflowSpec {
  const fields = edgeFieldsFromHandle(port);
  if (!fields) return spec;
  const edges = mapWhere(
    spec.edges,
    (e) => e.id === edgeId,
    (e) => withPatch(e, { kind: fields.kind, branch: fields.kind === 'branch' ? fields.branch : undefined }),
  );
  return edges === spec.edges ? spec : { ...spec, edges };
}

/** A port an edit renamed, as the editor that made it knows (a rule's branch field). */
export interface PortRename {
  from: string;
  to: string;
}

/**
 * After an edit of node `nodeId`'s settings, moves the edges a renamed port left behind to the
 * port that took its place: when the edit removed one port and added one (a branch name typed
 * key by key), or as `rename` says (the field knows the name its edges sit on, even when the
 * name went through an empty field). Never onto a port that already has an edge; an edge
 * orphaned by removing a branch (nothing added) stays for the user to fix.
 */
export function followPortRenames(
  before: WorkflowSpec,
  after: WorkflowSpec,
  nodeId: string,
  rename?: PortRename,
): WorkflowSpec {
  const was = before.nodes.find((n) => n.id === nodeId);
  const now = after.nodes.find((n) => n.id === nodeId);
  if (!was || !now || was === now) return after;
  const nowPorts = portKeysOf(now);
  const wasPorts = portKeysOf(was);
  let from: string | undefined;
  let to: string | undefined;
  if (rename && !nowPorts.includes(rename.from) && nowPorts.includes(rename.to)) ({ from, to } = rename);
  else {
    const added = nowPorts.filter((k) => !wasPorts.includes(k));
    const removed = wasPorts.filter((k) => !nowPorts.includes(k));
    if (added.length !== 1 || removed.length !== 1) return after;
    [from, to] = [removed[0], added[0]];
  }
  const moving = after.edges.filter((e: SpecEdge) => e.source === nodeId && edgePortKey(e) === from);
  if (!moving.length || !to) return after;
  // Never two edges on one port: an edge already there keeps it.
  if (after.edges.some((e) => e.source === nodeId && edgePortKey(e) === to)) return after;
  const target = to;
  return moving.reduce((s, e) => moveEdgeToPort(s, e.id, target), after);
}
