// Which expressions the engine evaluates in-process (provably cheap) and which go to the sandbox.
import { describe, expect, it } from 'vitest';
import { isCheap, MAX_SOURCE } from './expr-cost';

describe('isCheap', () => {
  it.each([
    'input.amount',
    'nodes.classify.category = "refund"',
    'input.amount > 100 and prev.ok',
    '{ "orderId": input.orderId, "amount": nodes.fetch.body.total * 1.2 }',
    '[input.a, input.b]',
    '(input.a + 1) * 2',
    'items[price > 3].name',
    'nodes.fetch.body.items[0].id',
    'input.tier in ["gold", "silver"] ? "vip" : "standard"',
    '"Hello " & input.name',
    '-input.delta',
    'a.*.b',
    '$',
    'true',
    'null',
  ])('%s is cheap', (src) => expect(isCheap(src)).toBe(true));

  it.each([
    ['a function call', '$sum(items.price)'],
    ['a recursive lambda', '($f := function($n) { $f($n + 1) }; $f(0))'],
    ['a range', '$count([1..10000].([1..10000]))'],
    ['a range without functions', '[1..100000000]'],
    ['the root inside a path step', 'input.list.($$.input.list)'],
    ['a variable', '$x'],
    ['a binding', '$x := 1'],
    ['grouping', 'items{ sku: price }'],
    ['a sort', 'items^(price)'],
    ['a regex', '$contains(input.text, /a+/)'],
    ['a block inside a path', 'items.(price * qty)'],
    ['a parent reference', 'items.%.name'],
    ['a positional binding', 'items#$i.name'],
    ['a syntax error', 'input.'],
  ])('%s is not cheap', (_why, src) => expect(isCheap(src)).toBe(false));

  it('leaves very long or very large expressions to the sandbox', () => {
    expect(isCheap(`input.a${' + 1'.repeat(MAX_SOURCE / 4)}`)).toBe(false);
    expect(isCheap(Array.from({ length: 150 }, (_, i) => `input.a${i}`).join(' + '))).toBe(false);
  });
});
