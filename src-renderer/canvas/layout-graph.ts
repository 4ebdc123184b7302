/**
 * Auto-layout, the pure part: the ELK graph for a spec (layered, left to right, orthogonal
 * edges) and reading ELK's answer back into step positions, zone rectangles and edge routes.
 * Zones are compound nodes so their members stay together inside them. Each step has
 * fixed ports where the canvas draws its handles (input on the left centre, outputs down the
 * right side), so ELK's orthogonal routes start and end exactly at the handles and can be
 * drawn as the edges' paths. Branch and error labels are given to ELK, which places them on
 * the edge, clear of the steps. No DOM, no worker: layout.ts runs this in a Web Worker.
 */
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api.js';
import { edgePortKey } from '../../shared/spec/graph';
import type { WorkflowSpec } from '../../shared/spec/schema';
import type { Point } from '../model/spec-ops';
import { DEFAULT_NODE_SIZE, ZONE_HEADER, ZONE_PADDING, type Rect, type Size } from '../model/zones';

export const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '96',
  // Room below each step for its name when the overview look wraps it onto more lines.
  'elk.spacing.nodeNode': '72',
  'elk.spacing.edgeNode': '24',
  'elk.spacing.edgeEdge': '14',
  'elk.spacing.edgeLabel': '6',
  'elk.layered.spacing.edgeNodeBetweenLayers': '24',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.semiInteractive': 'true',
  'elk.layered.mergeEdges': 'false',
};

/** From this many steps the layout wraps onto rows, towards the canvas' aspect ratio. */
export const WRAP_FROM_STEPS = 100;
const WRAP_OPTIONS = { 'elk.layered.wrapping.strategy': 'MULTI_EDGE', 'elk.aspectRatio': '2.4' };

/** Where a step's handles are, relative to its top-left corner (canvas px). */
export interface StepGeometry extends Size {
  /** The input handle's anchor (absent for entry steps). */
  input?: Point;
  /** Output handle anchors by handle id (`next`, `error`, `branch:<name>`). */
  outputs: Record<string, Point>;
}

/** An edge's route: absolute points from the source handle to the target handle. */
export interface EdgeRoute {
  points: Point[];
  /** Centre of the edge's label, when it has one. */
  label?: Point;
}

export interface LayoutResult {
  positions: Map<string, Point>;
  zones: Map<string, Rect>;
  routes: Map<string, EdgeRoute>;
}

/** The label an edge shows on the canvas (branch name, "error"), if any. */
export function edgeLabelText(e: WorkflowSpec['edges'][number]): string | undefined {
  return e.kind === 'branch' ? e.branch : e.kind === 'error' ? 'error' : undefined;
}

/** Estimated size of an edge label pill (11 px type, 7 px padding). */
export function labelSize(text: string): Size {
  return { width: Math.ceil(text.length * 6.4 + 18), height: 20 };
}

/** Handle anchors of a step the canvas has not measured: input left centre, outputs spread down the right. */
export function defaultGeometry(size: Size, outputs: readonly string[], entry: boolean): StepGeometry {
  const out: Record<string, Point> = {};
  outputs.forEach(
    (id, i) => (out[id] = { x: size.width, y: Math.round(((i + 1) * size.height) / (outputs.length + 1)) }),
  );
  return { ...size, ...(entry ? {} : { input: { x: 0, y: Math.round(size.height / 2) } }), outputs: out };
}

const portId = (node: string, handle: string) => `${node}\u0000${handle}`;

export function buildElkGraph(spec: WorkflowSpec, geometryOf: (id: string) => StepGeometry | undefined): ElkNode {
  const zoneIds = new Set(spec.zones.map((z) => z.id));
  const used = new Map<string, Set<string>>();
  for (const e of spec.edges) {
    let s = used.get(e.source);
    if (!s) used.set(e.source, (s = new Set()));
    s.add(edgePortKey(e));
  }
  const leaf = (id: string): ElkNode => {
    const g = geometryOf(id) ?? defaultGeometry(DEFAULT_NODE_SIZE, [...(used.get(id) ?? [])], false);
    const ports: ElkPort[] = [];
    if (g.input)
      ports.push({
        id: portId(id, 'in'),
        x: g.input.x,
        y: g.input.y,
        width: 0,
        height: 0,
        layoutOptions: { 'elk.port.side': 'WEST' },
      });
    const outs = { ...g.outputs };
    // An edge from a port the step does not draw (a stale branch) still needs a port.
    for (const h of used.get(id) ?? []) outs[h] ??= { x: g.width, y: Math.round(g.height / 2) };
    for (const [h, p] of Object.entries(outs))
      ports.push({
        id: portId(id, h),
        x: p.x,
        y: p.y,
        width: 0,
        height: 0,
        layoutOptions: { 'elk.port.side': 'EAST' },
      });
    return {
      id,
      width: g.width,
      height: g.height,
      ports,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
    };
  };
  const top: ElkNode[] = spec.nodes.filter((n) => !n.zone || !zoneIds.has(n.zone)).map((n) => leaf(n.id));
  for (const z of spec.zones) {
    const members = spec.nodes.filter((n) => n.zone === z.id).map((n) => leaf(n.id));
    if (!members.length) continue;
    top.push({
      id: `zone:${z.id}`,
      children: members,
      layoutOptions: {
        'elk.padding': `[top=${ZONE_PADDING + ZONE_HEADER},left=${ZONE_PADDING},bottom=${ZONE_PADDING},right=${ZONE_PADDING}]`,
      },
    });
  }
  const ids = new Set(spec.nodes.map((n) => n.id));
  const edges: ElkExtendedEdge[] = spec.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => {
      const text = edgeLabelText(e);
      return {
        id: e.id,
        sources: [portId(e.source, edgePortKey(e))],
        targets: [portId(e.target, 'in')],
        ...(text ? { labels: [{ text, ...labelSize(text) }] } : {}),
      };
    });
  // A target without an input port (an entry step wired by hand) gets one on the fly.
  for (const n of top.flatMap((t) => (t.children?.length ? t.children : [t])))
    if (!n.ports?.some((p) => p.id === portId(n.id, 'in')) && edges.some((e) => e.targets[0] === portId(n.id, 'in')))
      n.ports?.push({
        id: portId(n.id, 'in'),
        x: 0,
        y: Math.round((n.height ?? 0) / 2),
        width: 0,
        height: 0,
        layoutOptions: { 'elk.port.side': 'WEST' },
      });
  // A long workflow wraps onto rows (a 1,000-step chain in one row would fit the canvas only
  // as a hairline); small ones stay in one left-to-right band.
  const layoutOptions = spec.nodes.length >= WRAP_FROM_STEPS ? { ...ROOT_OPTIONS, ...WRAP_OPTIONS } : ROOT_OPTIONS;
  return { id: 'root', layoutOptions, children: top, edges };
}

const round = (p: { x: number; y: number }): Point => ({ x: Math.round(p.x), y: Math.round(p.y) });

export function readElkLayout(out: ElkNode): LayoutResult {
  const positions = new Map<string, Point>();
  const zones = new Map<string, Rect>();
  const offsets = new Map<string, Point>([['root', { x: 0, y: 0 }]]);
  const routes = new Map<string, EdgeRoute>();
  const edges: ElkExtendedEdge[] = [...(out.edges ?? [])];
  for (const c of out.children ?? []) {
    const x = c.x ?? 0;
    const y = c.y ?? 0;
    if (c.id.startsWith('zone:')) {
      zones.set(c.id.slice(5), {
        ...round({ x, y }),
        width: Math.round(c.width ?? 0),
        height: Math.round(c.height ?? 0),
      });
      offsets.set(c.id, { x, y });
      for (const m of c.children ?? []) positions.set(m.id, round({ x: x + (m.x ?? 0), y: y + (m.y ?? 0) }));
      edges.push(...(c.edges ?? []));
    } else {
      positions.set(c.id, round({ x, y }));
      offsets.set(c.id, { x, y });
    }
  }
  for (const e of edges) {
    const s = e.sections?.[0];
    if (!s) continue;
    // Coordinates are relative to the edge's container (the root, or a zone for an edge inside one).
    const o = offsets.get(e.container ?? 'root') ?? { x: 0, y: 0 };
    const at = (p: { x: number; y: number }) => round({ x: p.x + o.x, y: p.y + o.y });
    const points = [at(s.startPoint), ...(s.bendPoints ?? []).map(at), at(s.endPoint)];
    const l = e.labels?.[0];
    routes.set(e.id, {
      points,
      ...(l && l.x !== undefined && l.y !== undefined
        ? { label: at({ x: l.x + (l.width ?? 0) / 2, y: l.y + (l.height ?? 0) / 2 }) }
        : {}),
    });
  }
  return { positions, zones, routes };
}
