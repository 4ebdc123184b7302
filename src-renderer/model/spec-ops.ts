/**
 * Pure edits of a workflow spec. The store wraps each in an undoable action; tests call
 * them directly. Node positions in the spec are absolute canvas coordinates, whether or
 * not the node belongs to a zone (membership is semantic, not geometric nesting).
 */
import { nodeCatalog } from '../catalog/catalog';
import type { SpecEdge, SpecNode, WorkflowSpec } from '../../shared/spec/schema';
import { isValidId, uniqueId, uniqueName } from './ids';
import { mapWhere, withPatch } from './patch';

export interface Point {
  x: number;
  y: number;
}

/** What is selected on the canvas: nodes, edges and zones by id. */
export interface Selection {
  nodes: readonly string[];
  edges: readonly string[];
  zones: readonly string[];
}

export const EMPTY_SELECTION: Selection = Object.freeze({ nodes: [], edges: [], zones: [] });

/** A new, empty workflow: the canvas starts blank and the palette fills it. */
export function emptySpec(name = 'Untitled workflow'): WorkflowSpec {
  return {
    specVersion: 1,
    id: 'untitled',
    name,
    input: { type: 'object' },
    connectors: {},
    secrets: [],
    zones: [],
    nodes: [],
    edges: [],
  };
}

export function nodeIds(spec: WorkflowSpec): Set<string> {
  return new Set(spec.nodes.map((n) => n.id));
}

export function findNode(spec: WorkflowSpec, id: string): SpecNode | undefined {
  return spec.nodes.find((n) => n.id === id);
}

/**
 * Adds a node of `type` with its catalog defaults at `position`.
 * @throws Error when the catalog has no such type.
 */
export function addNode(
  spec: WorkflowSpec,
  type: string,
  position: Point,
  zone?: string,
): { spec: WorkflowSpec; id: string } {
  const desc = nodeCatalog().get(type);
  if (!desc) throw new Error(`unknown node type "${type}"`);
  const id = uniqueId(type, nodeIds(spec));
  const node: SpecNode = {
    id,
    type,
    typeVersion: desc.version,
    name: uniqueName(desc.title, new Set(spec.nodes.map((n) => n.name))),
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    config: structuredClone(desc.defaults) as Record<string, unknown>,
    ...(zone ? { zone } : {}),
  };
  return { spec: { ...spec, nodes: [...spec.nodes, node] }, id };
}

type NodePatch = { [K in Exclude<keyof SpecNode, 'id' | 'type'>]?: SpecNode[K] | undefined };

/** Updates node fields; a field set to `undefined` is removed. */
export function updateNode(spec: WorkflowSpec, id: string, patch: NodePatch): WorkflowSpec {
  const nodes = mapWhere(
    spec.nodes,
    (n) => n.id === id,
    (n) => withPatch(n, patch),
  );
  return nodes === spec.nodes ? spec : { ...spec, nodes };
}

/** Sets (or, with `undefined`, removes) one config key of a node. */
export function setConfigValue(spec: WorkflowSpec, id: string, key: string, value: unknown): WorkflowSpec {
  const nodes = mapWhere(
    spec.nodes,
    (n) => n.id === id,
    (n) => {
      const config = withPatch(n.config, { [key]: value });
      return config === n.config ? n : { ...n, config };
    },
  );
  return nodes === spec.nodes ? spec : { ...spec, nodes };
}

/** Moves nodes to absolute positions (rounded: specs diff better without float noise). */
export function moveNodes(spec: WorkflowSpec, positions: ReadonlyMap<string, Point>): WorkflowSpec {
  const nodes = mapWhere(
    spec.nodes,
    (n) => positions.has(n.id),
    (n) => {
      const p = positions.get(n.id) as Point;
      const position = { x: Math.round(p.x), y: Math.round(p.y) };
      return position.x === n.position.x && position.y === n.position.y ? n : { ...n, position };
    },
  );
  return nodes === spec.nodes ? spec : { ...spec, nodes };
}

/**
 * Deletes the selection. Edges touching a deleted node go too; nodes of a deleted zone
 * stay on the canvas, outside any zone.
 */
export function removeElements(spec: WorkflowSpec, sel: Selection): WorkflowSpec {
  const nodes = new Set(sel.nodes);
  const edges = new Set(sel.edges);
  const zones = new Set(sel.zones);
  if (!nodes.size && !edges.size && !zones.size) return spec;
  return {
    ...spec,
    nodes: spec.nodes
      .filter((n) => !nodes.has(n.id))
      .map((n) => (n.zone && zones.has(n.zone) ? withPatch(n, { zone: undefined }) : n)),
    edges: spec.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
    zones: spec.zones.filter((z) => !zones.has(z.id)),
  };
}

export function nextEdgeId(spec: WorkflowSpec): string {
  const taken = new Set(spec.edges.map((e) => e.id));
  for (let i = spec.edges.length + 1; ; i++) if (!taken.has(`e${i}`)) return `e${i}`;
}

export function addEdge(spec: WorkflowSpec, edge: Omit<SpecEdge, 'id'>): { spec: WorkflowSpec; id: string } {
  const id = nextEdgeId(spec);
  return { spec: { ...spec, edges: [...spec.edges, { id, ...edge }] }, id };
}

type EdgePatch = { [K in Exclude<keyof SpecEdge, 'id'>]?: SpecEdge[K] | undefined };

export function updateEdge(spec: WorkflowSpec, id: string, patch: EdgePatch): WorkflowSpec {
  const edges = mapWhere(
    spec.edges,
    (e) => e.id === id,
    (e) => withPatch(e, patch),
  );
  return edges === spec.edges ? spec : { ...spec, edges };
}

type WorkflowPatch = {
  [K in 'id' | 'name' | 'description' | 'input' | 'output' | 'connectors' | 'secrets' | 'defaults']?:
    WorkflowSpec[K] | undefined;
};

export function updateWorkflow(spec: WorkflowSpec, patch: WorkflowPatch): WorkflowSpec {
  return withPatch(spec, patch);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Rewrites `nodes.<from>` references to `nodes.<to>` in every string of a config value.
 * Returns the very same object when nothing referenced `from` (keeps memoized nodes stable).
 */
export function rewriteReferences(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  const froms = [...renames.keys()].filter((k) => renames.get(k) !== k);
  if (!froms.length) return value;
  // One pass with an alternation, so a→b, b→c renames a to b (not on to c).
  const re = new RegExp(`(?<![A-Za-z0-9_$.])nodes\\.(${froms.map(escapeRe).join('|')})(?![A-Za-z0-9_-])`, 'g');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(re, (_m, id: string) => `nodes.${renames.get(id) ?? id}`);
    if (Array.isArray(v)) {
      const out = v.map(walk);
      return out.some((x, i) => x !== v[i]) ? out : v;
    }
    if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      const out = entries.map(([k, x]) => [k, walk(x)] as const);
      return out.some(([, x], i) => x !== entries[i]?.[1]) ? Object.fromEntries(out) : v;
    }
    return v;
  };
  return walk(value);
}

/**
 * Renames a node id and everything that points at it: edges and `nodes.<id>` references
 * in templates and expressions. Returns an error message instead when the id is unusable.
 */
export function renameNode(spec: WorkflowSpec, from: string, to: string): WorkflowSpec | string {
  if (from === to) return spec;
  if (!isValidId(to)) return 'An id starts with a letter and uses only letters, digits, "_" or "-" (max 64).';
  if (spec.nodes.some((n) => n.id === to)) return `A node with id "${to}" already exists.`;
  if (!spec.nodes.some((n) => n.id === from)) return `There is no node "${from}".`;
  return {
    ...spec,
    nodes: spec.nodes.map((n) => {
      const config = rewriteReferences(n.config, new Map([[from, to]])) as Record<string, unknown>;
      if (n.id !== from && config === n.config) return n;
      return { ...n, ...(n.id === from ? { id: to } : {}), config };
    }),
    edges: spec.edges.map((e) =>
      e.source === from || e.target === from
        ? { ...e, source: e.source === from ? to : e.source, target: e.target === from ? to : e.target }
        : e,
    ),
  };
}
