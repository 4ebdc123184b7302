import { describe, expect, it } from 'vitest';
import type { StepView } from '../../../shared/runs';
import { compareRuns, delta, diffJson } from './diff';
import { buildValue, leaves, planForm, valuesFrom } from './schema-form';
import { barFor, formatCost, formatMs, formatTokens, ticks } from './waterfall';
import { scrollToRow, windowRange } from './windowing';

describe('windowing', () => {
  it('mounts the visible rows plus overscan', () => {
    expect(windowRange({ scrollTop: 0, viewportHeight: 260, rowHeight: 26, count: 100_000, overscan: 5 })).toEqual({
      start: 0,
      end: 16,
      offset: 0,
      total: 2_600_000,
    });
    const mid = windowRange({ scrollTop: 26_000, viewportHeight: 260, rowHeight: 26, count: 100_000, overscan: 5 });
    expect(mid).toEqual({ start: 995, end: 1016, offset: 995 * 26, total: 2_600_000 });
  });
  it('clamps past the end and handles empty lists', () => {
    expect(windowRange({ scrollTop: 1e9, viewportHeight: 100, rowHeight: 20, count: 10, overscan: 0 })).toMatchObject({
      start: 5,
      end: 10,
    });
    expect(windowRange({ scrollTop: 0, viewportHeight: 100, rowHeight: 20, count: 0 })).toEqual({
      start: 0,
      end: 0,
      offset: 0,
      total: 0,
    });
  });
  it('scrolls a row into view only when needed', () => {
    expect(scrollToRow(0, 100, 200, 20)).toBe(0);
    expect(scrollToRow(20, 100, 200, 20)).toBe(220);
    expect(scrollToRow(8, 100, 200, 20)).toBe(100);
  });
});

describe('waterfall', () => {
  it('places bars proportionally with a minimum width', () => {
    expect(barFor(100, 300, 0, 1000)).toEqual({ left: 0.1, width: 0.2 });
    expect(barFor(500, 500, 0, 1000).width).toBeGreaterThan(0);
    expect(barFor(1000, 1000, 0, 1000).left).toBeLessThan(1);
  });
  it('picks round ticks', () => {
    expect(ticks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(ticks(960, 4)).toEqual([0, 500]);
  });
  it('formats durations and costs', () => {
    expect([formatMs(0), formatMs(850), formatMs(1234), formatMs(125_000)]).toEqual([
      '0 ms',
      '850 ms',
      '1.23 s',
      '2 m 05 s',
    ]);
    expect([formatCost(0), formatCost(0.0012), formatCost(0.00004), formatCost(1.5)]).toEqual([
      '$0',
      '$0.0012',
      '$0.00004',
      '$1.50',
    ]);
    expect([formatTokens(950), formatTokens(12_345), formatTokens(8_000_000)]).toEqual(['950', '12k', '8.0M']);
  });
});

describe('diff', () => {
  it('lists changes by path', () => {
    expect(diffJson({ a: 1, b: [1, 2], c: { 'd-e': 1 } }, { a: 2, b: [1], c: { 'd-e': 1, f: true } })).toEqual([
      { path: '$.a', kind: 'changed', a: 1, b: 2 },
      { path: '$.b[1]', kind: 'removed', a: 2 },
      { path: '$.c.f', kind: 'added', b: true },
    ]);
    expect(diffJson({ x: [1] }, { x: [1] })).toEqual([]);
  });
  it('compares runs per node', () => {
    const step = (nodeId: string, output: unknown, latencyMs = 1): StepView => ({
      runId: 'r',
      idx: 0,
      nodeId,
      nodeType: 't',
      status: 'completed',
      attempts: 1,
      idempotencyKey: 'k',
      startedAt: 0,
      latencyMs,
      port: 'next',
      output,
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0 },
    });
    const rows = compareRuns([step('a', 1), step('b', { n: 1 })], [step('a', 1), step('b', { n: 2 }), step('c', 0)]);
    expect(rows.map((r) => [r.nodeId, r.same, r.changes.length, !!r.a, !!r.b])).toEqual([
      ['a', true, 0, true, true],
      ['b', false, 1, true, true],
      ['c', false, 0, false, true],
    ]);
    expect([delta(10, 25, ' ms'), delta(3, 1), delta(1, 1)]).toEqual(['+15 ms', '−2', '']);
  });
});

describe('input form from JSON Schema', () => {
  const schema = {
    type: 'object',
    required: ['ticketId', 'priority'],
    properties: {
      ticketId: { type: 'string' },
      message: { type: 'string' },
      priority: { enum: ['low', 'high'] },
      amount: { type: 'integer' },
      urgent: { type: 'boolean' },
      customer: {
        type: 'object',
        properties: { email: { type: 'string', format: 'email' }, tier: { type: 'number' } },
      },
    },
  };
  it('maps types to fields, nested objects included', () => {
    const plan = planForm(schema);
    if (plan.kind !== 'form') throw new Error(plan.reason);
    expect(leaves(plan.fields).map((f) => [f.path.join('.'), f.kind, f.required])).toEqual([
      ['ticketId', 'string', true],
      ['message', 'text', false],
      ['priority', 'enum', true],
      ['amount', 'integer', false],
      ['urgent', 'boolean', false],
      ['customer.email', 'string', false],
      ['customer.tier', 'number', false],
    ]);
    expect(plan.fields[0]?.label).toBe('Ticket id');
  });
  it('round-trips values and reports bad fields', () => {
    const plan = planForm(schema);
    if (plan.kind !== 'form') throw new Error('form expected');
    const input = { ticketId: 'T-1', priority: 'high', amount: 3, customer: { email: 'a@b.c' }, urgent: true };
    const values = valuesFrom(plan.fields, input);
    expect(buildValue(plan.fields, values)).toEqual({ value: input, errors: {} });
    const bad = buildValue(plan.fields, { ...values, amount: '2.5', ticketId: '' });
    expect(bad.errors).toEqual({ amount: 'Amount must be a whole number', ticketId: 'Ticket id is required' });
  });
  it('falls back to JSON for what a form cannot hold', () => {
    expect(planForm({ type: 'object', properties: { tags: { type: 'array' } } })).toMatchObject({ kind: 'json' });
    expect(planForm({ oneOf: [] })).toMatchObject({ kind: 'json' });
    expect(planForm({ type: 'string' })).toMatchObject({ kind: 'json' });
    expect(planForm(undefined)).toEqual({ kind: 'form', fields: [] });
  });
});

describe('fork tree', () => {
  it('nests forks under parents, newest first', async () => {
    const { forkTree } = await import('./fork-tree');
    const rows = forkTree([
      { id: 'a', createdAt: 1 },
      { id: 'b', createdAt: 5 },
      { id: 'f1', parentRunId: 'a', createdAt: 2 },
      { id: 'f2', parentRunId: 'a', createdAt: 3 },
      { id: 'ff', parentRunId: 'f1', createdAt: 4 },
      { id: 'orphan', parentRunId: 'gone', createdAt: 6 },
    ]);
    expect(rows.map((r) => `${'-'.repeat(r.depth)}${r.run.id}`)).toEqual(['orphan', 'b', 'a', '-f2', '-f1', '--ff']);
  });
});
