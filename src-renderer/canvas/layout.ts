/**
 * Auto-layout with ELK (layered, left to right). Zones are compound nodes so their members
 * stay together inside them. ELK is imported on demand: it is only needed when asked for.
 */
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { WorkflowSpec } from '../../shared/spec/schema';
import type { Point } from '../model/spec-ops';
import { DEFAULT_NODE_SIZE, ZONE_HEADER, ZONE_PADDING, type Rect, type SizeLookup } from '../model/zones';

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.spacing.nodeNode': '48',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.semiInteractive': 'true',
  'elk.edgeRouting': 'ORTHOGONAL',
};

export interface LayoutResult {
  positions: Map<string, Point>;
  zones: Map<string, Rect>;
}

export async function layoutSpec(spec: WorkflowSpec, sizeOf: SizeLookup): Promise<LayoutResult> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const zoneIds = new Set(spec.zones.map((z) => z.id));
  const leaf = (id: string): ElkNode => {
    const s = sizeOf(id) ?? DEFAULT_NODE_SIZE;
    return { id, width: s.width, height: s.height };
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
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: ROOT_OPTIONS,
    children: top,
    edges: spec.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const out = await elk.layout(graph);
  const positions = new Map<string, Point>();
  const zones = new Map<string, Rect>();
  for (const c of out.children ?? []) {
    const x = c.x ?? 0;
    const y = c.y ?? 0;
    if (c.id.startsWith('zone:')) {
      zones.set(c.id.slice(5), {
        x: Math.round(x),
        y: Math.round(y),
        width: Math.round(c.width ?? 0),
        height: Math.round(c.height ?? 0),
      });
      for (const m of c.children ?? []) positions.set(m.id, { x: x + (m.x ?? 0), y: y + (m.y ?? 0) });
    } else positions.set(c.id, { x, y });
  }
  return { positions, zones };
}
