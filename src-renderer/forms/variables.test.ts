import { describe, expect, it } from 'vitest';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { filterVariables, insertion, variablesAt } from './variables';

const at = (x: number) => ({ x, y: 0 });
const spec = {
  specVersion: 1,
  id: 'v',
  name: 'V',
  input: {
    type: 'object',
    properties: {
      message: { type: 'string' },
      customer: { type: 'object', properties: { email: { type: 'string' } } },
    },
  },
  connectors: {},
  secrets: [],
  zones: [],
  nodes: [
    { id: 'start', type: 'start', name: 'Start', position: at(0), config: {} },
    {
      id: 'classify',
      type: 'llm',
      name: 'Classify',
      position: at(1),
      config: { outputSchema: { type: 'object', properties: { category: { type: 'string' } } } },
    },
    {
      id: 'lookup',
      type: 'tool',
      name: 'Look up',
      position: at(2),
      config: {},
      pinned: { output: { order: { id: 'o1' }, 'total amount': 3 } },
    },
    { id: 'reply', type: 'llm', name: 'Reply', position: at(3), config: {} },
    { id: 'later', type: 'transform', name: 'Later', position: at(4), config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'classify' },
    { id: 'e2', source: 'classify', target: 'lookup' },
    { id: 'e3', source: 'lookup', target: 'reply' },
    { id: 'e4', source: 'reply', target: 'later' },
  ],
} as unknown as WorkflowSpec;

describe('variable picker', () => {
  it('lists the input, prev, and the steps before this one with their fields', () => {
    const groups = variablesAt(spec, 'reply');
    expect(groups.map((g) => [g.title, g.source])).toEqual([
      ['Run input', 'input schema'],
      ['Previous step', 'whichever step ran just before'],
      ['Classify', 'output schema'],
      ['Look up', 'pinned output'],
    ]);
    const paths = groups.flatMap((g) => g.items.map((v) => v.path));
    expect(paths).toEqual([
      'input',
      'input.message',
      'input.customer',
      'input.customer.email',
      'prev',
      'nodes.classify',
      'nodes.classify.category',
      'nodes.lookup',
      'nodes.lookup.order',
      'nodes.lookup.order.id',
      'nodes.lookup.`total amount`',
    ]);
  });

  it('falls back to the last run, then to what the type returns', () => {
    const g = variablesAt(spec, 'later', { reply: { text: 'hi', tokens: 3 } });
    expect(g.find((x) => x.title === 'Reply')).toMatchObject({ source: 'last run' });
    const none = variablesAt(spec, 'later');
    expect(none.find((x) => x.title === 'Reply')?.items.map((v) => v.path)).toEqual([
      'nodes.reply',
      'nodes.reply.text',
    ]);
  });

  it('inserts a template hole unless already inside one, and filters', () => {
    expect(insertion('input.message', true, false)).toBe('{{ input.message }}');
    expect(insertion('input.message', true, true)).toBe('input.message');
    expect(insertion('input.message', false, false)).toBe('input.message');
    expect(filterVariables(variablesAt(spec, 'reply'), 'email').flatMap((g) => g.items.map((v) => v.path))).toEqual([
      'input.customer.email',
    ]);
  });
});
