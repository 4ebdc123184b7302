import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { DEFAULT_NODE_SIZE } from '../model/zones';
import { buildElkGraph, defaultGeometry, readElkLayout, type LayoutResult, type StepGeometry } from './layout-graph';

function spec(partial: Partial<WorkflowSpec>): WorkflowSpec {
  return { specVersion: 1, id: 't', name: 'T', nodes: [], edges: [], zones: [], ...partial } as WorkflowSpec;
}
const node = (id: string, type: string, zone?: string) => ({
  id,
  type,
  typeVersion: 1,
  name: id,
  position: { x: 0, y: 0 },
  config: {},
  ...(zone ? { zone } : {}),
});

/** Start → decide (two branches) → a / b → end, with a and b in a zone. */
const branching = spec({
  nodes: [
    node('s', 'start'),
    node('d', 'decision'),
    node('a', 'transform', 'z'),
    node('b', 'transform', 'z'),
    node('e', 'end'),
  ],
  edges: [
    { id: 'e1', source: 's', target: 'd', kind: 'next' },
    { id: 'e2', source: 'd', target: 'a', kind: 'branch', branch: 'yes' },
    { id: 'e3', source: 'd', target: 'b', kind: 'branch', branch: 'no' },
    { id: 'e4', source: 'a', target: 'e', kind: 'next' },
    { id: 'e5', source: 'b', target: 'e', kind: 'next' },
  ] as WorkflowSpec['edges'],
  zones: [{ id: 'z', name: 'Zone' }] as WorkflowSpec['zones'],
});

const geometry =
  (s: WorkflowSpec) =>
  (id: string): StepGeometry => {
    const outs = s.edges
      .filter((e) => e.source === id)
      .map((e) => (e.kind === 'branch' ? `branch:${e.branch}` : e.kind));
    return defaultGeometry(DEFAULT_NODE_SIZE, [...new Set(outs)], s.nodes.find((n) => n.id === id)?.type === 'start');
  };

async function layout(s: WorkflowSpec): Promise<LayoutResult> {
  return readElkLayout(await new ELK().layout(buildElkGraph(s, geometry(s))));
}

const overlaps = (a: { x: number; y: number }, b: { x: number; y: number }, w: number, h: number) =>
  a.x < b.x + w && b.x < a.x + w && a.y < b.y + h && b.y < a.y + h;

describe('auto-layout graph', () => {
  it('lays steps out left to right without overlap, members inside their zone', async () => {
    const r = await layout(branching);
    const p = (id: string) => r.positions.get(id) as { x: number; y: number };
    expect(p('s').x).toBeLessThan(p('d').x);
    expect(p('d').x).toBeLessThan(p('a').x);
    expect(p('a').x).toBeLessThan(p('e').x);
    const ids = ['s', 'd', 'a', 'b', 'e'];
    for (const i of ids)
      for (const j of ids)
        if (i < j) expect(overlaps(p(i), p(j), DEFAULT_NODE_SIZE.width, DEFAULT_NODE_SIZE.height)).toBe(false);
    const z = r.zones.get('z');
    expect(z).toBeDefined();
    for (const m of ['a', 'b']) {
      expect(p(m).x).toBeGreaterThanOrEqual(z!.x);
      expect(p(m).y).toBeGreaterThanOrEqual(z!.y);
      expect(p(m).x + DEFAULT_NODE_SIZE.width).toBeLessThanOrEqual(z!.x + z!.width);
      expect(p(m).y + DEFAULT_NODE_SIZE.height).toBeLessThanOrEqual(z!.y + z!.height);
    }
  });

  it('routes every edge orthogonally from the source handle to the target handle', async () => {
    const r = await layout(branching);
    const g = geometry(branching);
    for (const e of branching.edges) {
      const route = r.routes.get(e.id);
      expect(route, e.id).toBeDefined();
      const pts = route!.points;
      const src = r.positions.get(e.source)!;
      const tgt = r.positions.get(e.target)!;
      const handle = e.kind === 'branch' ? `branch:${e.branch}` : e.kind;
      const out = g(e.source).outputs[handle]!;
      const inp = g(e.target).input!;
      // Zone members' routes are in the same absolute coordinates as their positions.
      expect(pts[0]).toEqual({ x: src.x + out.x, y: src.y + out.y });
      expect(pts.at(-1)).toEqual({ x: tgt.x + inp.x, y: tgt.y + inp.y });
      for (let i = 1; i < pts.length; i++) {
        const a = pts[i - 1]!;
        const b = pts[i]!;
        expect(a.x === b.x || a.y === b.y, `${e.id} segment ${i}`).toBe(true);
      }
    }
  });

  it('places branch labels on their edges, clear of every step', async () => {
    const r = await layout(branching);
    for (const id of ['e2', 'e3']) {
      const l = r.routes.get(id)?.label;
      expect(l, id).toBeDefined();
      for (const [, p] of r.positions) {
        const inside =
          l!.x > p.x && l!.x < p.x + DEFAULT_NODE_SIZE.width && l!.y > p.y && l!.y < p.y + DEFAULT_NODE_SIZE.height;
        expect(inside).toBe(false);
      }
    }
  });

  it('gives every step a fixed input port on the left and outputs on the right', () => {
    const g = buildElkGraph(branching, geometry(branching));
    const d = g.children?.find((c) => c.id === 'd');
    const sides = d?.ports?.map((p) => [p.id.split('\u0000')[1], p.layoutOptions?.['elk.port.side']]);
    expect(sides).toEqual([
      ['in', 'WEST'],
      ['branch:yes', 'EAST'],
      ['branch:no', 'EAST'],
    ]);
    expect(d?.ports?.[0]).toMatchObject({ x: 0, y: DEFAULT_NODE_SIZE.height / 2 });
  });

  it('wraps a long chain onto rows instead of one hairline band', async () => {
    const n = 150;
    const chain = spec({
      nodes: Array.from({ length: n }, (_, i) => node(`c${i}`, i === 0 ? 'start' : 'transform')),
      edges: Array.from({ length: n - 1 }, (_, i) => ({
        id: `l${i}`,
        source: `c${i}`,
        target: `c${i + 1}`,
        kind: 'next',
      })) as WorkflowSpec['edges'],
    });
    const r = await layout(chain);
    const xs = [...r.positions.values()].map((p) => p.x);
    const ys = [...r.positions.values()].map((p) => p.y);
    const w = Math.max(...xs) - Math.min(...xs) + DEFAULT_NODE_SIZE.width;
    const h = Math.max(...ys) - Math.min(...ys) + DEFAULT_NODE_SIZE.height;
    expect(w / h).toBeLessThan(4);
    expect(w / h).toBeGreaterThan(0.5);
  }, 60_000);
});
