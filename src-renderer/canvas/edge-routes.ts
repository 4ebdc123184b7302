/**
 * Edge routes from the last auto-layout: ELK's orthogonal paths around the steps, kept so
 * the edges are drawn as ELK routed them (with their labels where ELK put them, off the
 * steps) instead of the generic step path. A route applies while both its steps are where
 * auto-layout put them; its end segments are re-aimed at the handles (a zoom level moves
 * handles within a step), staying orthogonal. Moving a step lets go of its edges' routes
 * only; the others keep theirs.
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import type { WorkflowSpec } from '../../shared/spec/schema';
import type { Point } from '../model/spec-ops';
import { useDoc } from '../store/doc-store';
import type { EdgeRoute } from './layout-graph';

/** A route and where its two steps were when it was made. */
export interface KeptRoute extends EdgeRoute {
  from: Point;
  to: Point;
}

interface RoutesState {
  routes: Readonly<Record<string, KeptRoute>>;
}
export const useEdgeRoutes = create<RoutesState>(() => ({ routes: {} }));

/** Keeps the routes of a layout just applied to `spec` (positions as laid out). */
export function setRoutes(routes: Map<string, EdgeRoute>, spec: WorkflowSpec): void {
  const pos = new Map(spec.nodes.map((n) => [n.id, n.position]));
  const kept: Record<string, KeptRoute> = {};
  for (const e of spec.edges) {
    const r = routes.get(e.id);
    const from = pos.get(e.source);
    const to = pos.get(e.target);
    if (r && from && to) kept[e.id] = { ...r, from, to };
  }
  useEdgeRoutes.setState({ routes: kept });
}

export function clearRoutes(): void {
  useEdgeRoutes.setState({ routes: {} });
}

const same = (a: Point | undefined, b: Point) => !!a && a.x === b.x && a.y === b.y;

/** Whether a kept route still applies: both steps are where the layout put them. */
export function routeApplies(route: KeptRoute, source: Point | undefined, target: Point | undefined): boolean {
  return same(source, route.from) && same(target, route.to);
}

/** The route's points with its ends moved onto `source` and `target` handles, staying orthogonal. */
export function adaptRoute(route: readonly Point[], source: Point, target: Point): Point[] {
  if (route.length <= 2) {
    if (source.y === target.y) return [source, target];
    // A straight route whose ends no longer line up: a jog half-way.
    const mx = Math.round((source.x + target.x) / 2);
    return [source, { x: mx, y: source.y }, { x: mx, y: target.y }, target];
  }
  const pts = route.map((p) => ({ ...p }));
  pts[0] = { ...source };
  pts[pts.length - 1] = { ...target };
  // Keep the first and last segments horizontal (they leave and enter handles sideways).
  (pts[1] as Point).y = source.y;
  (pts[pts.length - 2] as Point).y = target.y;
  return pts;
}

/** An SVG path through orthogonal points with rounded corners (radius at most `r`). */
export function roundedPath(points: readonly Point[], r = 10): string {
  if (!points.length) return '';
  const p0 = points[0] as Point;
  let d = `M${p0.x},${p0.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const c = points[i + 1] as Point;
    const r1 = Math.min(r, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const ux = Math.sign(b.x - a.x);
    const uy = Math.sign(b.y - a.y);
    const vx = Math.sign(c.x - b.x);
    const vy = Math.sign(c.y - b.y);
    d += ` L${b.x - ux * r1},${b.y - uy * r1} Q${b.x},${b.y} ${b.x + vx * r1},${b.y + vy * r1}`;
  }
  const pn = points[points.length - 1] as Point;
  return `${d} L${pn.x},${pn.y}`;
}

/** The midpoint of the longest segment: where a label goes when ELK gave it no place. */
export function labelPoint(points: readonly Point[]): Point {
  let best = { x: 0, y: 0 };
  let len = -1;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const l = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
    if (l > len) {
      len = l;
      best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return best;
}

/** Node positions by id, computed once per spec (every edge asks for two). */
const positionIndex = new WeakMap<WorkflowSpec, Map<string, Point>>();
function positionOf(spec: WorkflowSpec, id: string): Point | undefined {
  let m = positionIndex.get(spec);
  if (!m) positionIndex.set(spec, (m = new Map(spec.nodes.map((n) => [n.id, n.position]))));
  return m.get(id);
}

/** The edge's routed path and label centre, when auto-layout left a route that still applies. */
export function useRoutedPath(
  id: string,
  source: string,
  target: string,
  sourceX: number,
  sourceY: number,
  targetX: number,
  targetY: number,
): [path: string, labelX: number, labelY: number] | undefined {
  const route = useEdgeRoutes((s) => s.routes[id]);
  const applies = useDoc((s) =>
    route ? routeApplies(route, positionOf(s.spec, source), positionOf(s.spec, target)) : false,
  );
  return useMemo(() => {
    if (!route || !applies) return undefined;
    const pts = adaptRoute(route.points, { x: sourceX, y: sourceY }, { x: targetX, y: targetY });
    const l = route.label ?? labelPoint(pts);
    return [roundedPath(pts), l.x, l.y];
  }, [route, applies, sourceX, sourceY, targetX, targetY]);
}
