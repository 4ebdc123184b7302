import { describe, expect, it } from 'vitest';
import { refundFixture } from '../../testing/refund-fixture';
import { seedPinnedOutput, simulateGaps } from './simulate-readiness';

describe('simulate readiness', () => {
  it('names every step that calls out and has no pinned output', () => {
    const spec = refundFixture();
    const callers = spec.nodes.filter((n) => n.type === 'llm' || n.type === 'tool');
    const gaps = simulateGaps(spec);
    expect(gaps.map((g) => g.nodeId)).toEqual(callers.filter((n) => !n.pinned).map((n) => n.id));
    const pinned = { ...spec, nodes: spec.nodes.map((n) => ({ ...n, pinned: { output: {} } })) };
    expect(simulateGaps(pinned)).toEqual([]);
  });

  it('seeds a pinned output from the declared output, else an LLM reply', () => {
    const llm = {
      id: 'c',
      type: 'llm',
      name: 'Classify',
      position: { x: 0, y: 0 },
      config: {
        outputSchema: {
          type: 'object',
          properties: { category: { type: 'string', enum: ['refund', 'other'] }, confidence: { type: 'number' } },
        },
      },
    };
    expect(seedPinnedOutput(llm as never)).toEqual({ category: 'refund', confidence: 0 });
    expect(seedPinnedOutput({ ...llm, config: {} } as never)).toEqual({ text: '' });
    expect(seedPinnedOutput({ ...llm, type: 'tool', config: {} } as never)).toEqual({});
  });
});
