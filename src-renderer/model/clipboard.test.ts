import { describe, expect, it } from 'vitest';
import { SpecSchema } from '../../shared/spec/schema';
import { refundFixture } from '../testing/refund-fixture';
import { copySelection, parseClipboard, pasteInto, serializeClipboard } from './clipboard';
import { emptySpec } from './spec-ops';

describe('copy/paste', () => {
  it('copies the selection with its inner edges only', () => {
    const p = copySelection(refundFixture(), { nodes: ['lookup', 'classify', 'done'], edges: [], zones: [] });
    expect(p?.nodes.map((n) => n.id)).toEqual(['lookup', 'classify', 'done']);
    expect(p?.edges.map((e) => e.id)).toEqual(['e2']);
    expect(Object.keys(p?.connectors ?? {}).sort()).toEqual(['claude', 'shop']);
    expect(p?.secrets).toEqual([{ name: 'SHOP_TOKEN' }]);
  });

  it('remaps colliding ids, edges and nodes.<id> references when pasting into the same workflow', () => {
    const spec = refundFixture();
    const p = copySelection(spec, { nodes: ['lookup', 'classify'], edges: [], zones: [] });
    if (!p) throw new Error('nothing copied');
    const r = pasteInto(spec, p, { x: 40, y: 40 });
    expect(r.nodes).toEqual(['lookup_2', 'classify_2']);
    const pasted = r.spec.nodes.filter((n) => r.nodes.includes(n.id));
    expect(pasted.map((n) => n.name)).toEqual(['Look up order 2', 'Classify request 2']);
    expect(pasted[1]?.config.prompt).toBe('Order {{ nodes.lookup_2.id }}: {{ input.message }}');
    expect(pasted[0]?.position).toEqual({ x: 340, y: 40 });
    const edge = r.spec.edges.find((e) => e.id === r.edges[0]);
    expect(edge).toMatchObject({ source: 'lookup_2', target: 'classify_2', kind: 'next' });
    expect(new Set(r.spec.edges.map((e) => e.id)).size).toBe(r.spec.edges.length);
    expect(SpecSchema.safeParse(r.spec).success).toBe(true);
  });

  it('pastes between workflows through JSON text, bringing connectors, secrets and zones', () => {
    const p = copySelection(refundFixture(), { nodes: [], edges: [], zones: ['payments'] });
    if (!p) throw new Error('nothing copied');
    const parsed = parseClipboard(serializeClipboard(p));
    expect(parsed).toEqual(p);
    const r = pasteInto(emptySpec(), parsed as NonNullable<typeof parsed>, { x: 0, y: 0 });
    expect(r.spec.nodes.map((n) => [n.id, n.zone])).toEqual([['pay', 'payments']]);
    expect(r.spec.zones.map((z) => z.id)).toEqual(['payments']);
    expect(Object.keys(r.spec.connectors)).toEqual(['shop']);
    expect(r.spec.secrets).toEqual([{ name: 'SHOP_TOKEN' }]);
  });

  it('drops a zone reference the target workflow does not have', () => {
    const p = copySelection(refundFixture(), { nodes: ['pay'], edges: [], zones: [] });
    const r = pasteInto(emptySpec(), p as NonNullable<typeof p>, { x: 0, y: 0 });
    expect(r.spec.nodes[0]?.zone).toBeUndefined();
  });

  it('renames chained collisions in one pass (a→b, b→c does not turn a into c)', () => {
    const spec = refundFixture();
    const p = copySelection(spec, { nodes: ['lookup', 'classify'], edges: [], zones: [] });
    if (!p) throw new Error('nothing copied');
    const once = pasteInto(spec, p, { x: 0, y: 0 }).spec; // lookup_2, classify_2 exist now
    const twice = pasteInto(once, p, { x: 0, y: 0 });
    const classify = twice.spec.nodes.find((n) => n.id === twice.nodes[1]);
    expect(classify?.config.prompt).toBe(`Order {{ nodes.${twice.nodes[0]}.id }}: {{ input.message }}`);
  });

  it('ignores clipboard text that is not a Waymark payload', () => {
    expect(parseClipboard('hello')).toBeUndefined();
    expect(
      parseClipboard(
        '{"format":"waymark/clipboard","version":1,"nodes":[{"id":"1bad"}],"edges":[],"zones":[],"connectors":{},"secrets":[]}',
      ),
    ).toBeUndefined();
  });
});
