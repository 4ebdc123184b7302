import { describe, expect, it } from 'vitest';
import { SpecSchema } from '../../shared/spec/schema';
import { refundFixture } from '../testing/refund-fixture';
import { uniqueId, slugId } from './ids';
import { addNode, emptySpec, removeElements, renameNode, setConfigValue, updateNode } from './spec-ops';

describe('ids', () => {
  it('slugs names into spec-shaped ids and avoids collisions', () => {
    expect(slugId('Look up order!')).toBe('look_up_order');
    expect(slugId('123')).toBe('node');
    expect(uniqueId('llm', new Set(['llm', 'llm_2']))).toBe('llm_3');
  });
});

describe('spec operations', () => {
  it('adds nodes with catalog defaults and unique ids and names', () => {
    let spec = emptySpec();
    spec = addNode(spec, 'llm', { x: 10.4, y: 20.6 }).spec;
    const r = addNode(spec, 'llm', { x: 0, y: 0 });
    expect(r.id).toBe('llm_2');
    expect(r.spec.nodes.map((n) => n.name)).toEqual(['LLM', 'LLM 2']);
    expect(r.spec.nodes[0]?.position).toEqual({ x: 10, y: 21 });
    expect(r.spec.nodes[0]?.config).toEqual({ model: '', prompt: '', repairAttempts: 1 });
  });

  it('shares unchanged nodes between versions (structural sharing)', () => {
    const spec = refundFixture();
    const next = setConfigValue(spec, 'lookup', 'path', '/x');
    expect(next.nodes[0]).toBe(spec.nodes[0]);
    expect(next.nodes[1]).not.toBe(spec.nodes[1]);
    expect(setConfigValue(next, 'lookup', 'body', undefined)).toBe(next);
  });

  it('removes fields set to undefined instead of writing undefined', () => {
    const spec = updateNode(refundFixture(), 'pay', { zone: undefined });
    expect('zone' in (spec.nodes.find((n) => n.id === 'pay') ?? {})).toBe(false);
  });

  it('deleting a node deletes its edges; deleting a zone frees its nodes', () => {
    const spec = removeElements(refundFixture(), { nodes: ['review'], edges: [], zones: ['payments'] });
    expect(spec.edges.some((e) => e.source === 'review' || e.target === 'review')).toBe(false);
    expect(spec.nodes.find((n) => n.id === 'pay')?.zone).toBeUndefined();
    expect(spec.zones).toEqual([]);
  });

  it('renaming an id rewrites edges and nodes.<id> references, and stays schema-valid', () => {
    const base = refundFixture();
    const spec = renameNode(base, 'lookup', 'order');
    if (typeof spec === 'string') throw new Error(spec);
    expect(spec.edges.filter((e) => e.source === 'order' || e.target === 'order')).toHaveLength(2);
    expect(spec.nodes.find((n) => n.id === 'classify')?.config.prompt).toBe(
      'Order {{ nodes.order.id }}: {{ input.message }}',
    );
    expect(spec.nodes.find((n) => n.id === 'route')?.config.rules).toEqual([
      { when: 'nodes.order.total < 100', branch: 'auto' },
    ]);
    expect(spec.nodes[0]).toBe(base.nodes[0]); // untouched nodes keep their identity
    expect(SpecSchema.safeParse(spec).success).toBe(true);
    expect(renameNode(spec, 'order', 'classify')).toMatch(/already exists/);
    expect(renameNode(spec, 'order', '9x')).toMatch(/starts with a letter/);
  });

  it('does not rewrite ids that merely start with the renamed id', () => {
    const base = setConfigValue(refundFixture(), 'classify', 'prompt', '{{ nodes.lookup_2.x }} {{ nodes.lookup.y }}');
    const spec = renameNode(base, 'lookup', 'o');
    if (typeof spec === 'string') throw new Error(spec);
    expect(spec.nodes.find((n) => n.id === 'classify')?.config.prompt).toBe('{{ nodes.lookup_2.x }} {{ nodes.o.y }}');
  });
});
