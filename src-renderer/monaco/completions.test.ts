import { describe, expect, it } from 'vitest';
import { refundFixture } from '../testing/refund-fixture';
import { setConfigValue } from '../model/spec-ops';
import { completionCandidates, insideTemplateHole, pathBeforeCursor, upstreamOf } from './completions';

describe('expression completion', () => {
  it('offers input fields from the input schema', () => {
    const labels = completionCandidates(refundFixture(), 'classify').map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['input', 'prev', 'input.orderId', 'input.message']));
  });

  it('offers only upstream nodes, with their output fields', () => {
    const spec = setConfigValue(refundFixture(), 'classify', 'outputSchema', {
      type: 'object',
      properties: { category: { type: 'string' } },
    });
    expect(upstreamOf(spec, 'classify')).toEqual(['start', 'lookup']);
    const labels = completionCandidates(spec, 'route').map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['nodes.lookup', 'nodes.classify', 'nodes.classify.category']));
    expect(labels).not.toContain('nodes.route');
    expect(labels).not.toContain('nodes.pay');
  });

  it('follows loops without hanging', () => {
    expect(upstreamOf(refundFixture(), 'review')).toEqual(expect.arrayContaining(['route', 'pay']));
  });

  it('finds the path being typed and whether we are in a template hole', () => {
    expect(pathBeforeCursor('Order {{ nodes.loo')).toBe('nodes.loo');
    expect(insideTemplateHole('Hello {{ inp')).toBe(true);
    expect(insideTemplateHole('Hello {{ input.x }} and')).toBe(false);
  });
});
