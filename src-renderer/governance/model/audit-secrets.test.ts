import { describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../../shared/api';
import { refundFixture } from '../../testing/refund-fixture';
import { actorOptions, entrySummary, entryTone, filterEntries, kindOptions, NO_FILTER } from './audit-filter';
import { secretRows, specSecretNames } from './secret-names';

const entry = (seq: number, kind: string, actor: string, payload: unknown): AuditEntryView => ({
  seq,
  at: '2026-01-01T00:00:00Z',
  runId: 'r1',
  kind,
  actor,
  payload,
  hash: 'h',
  prevHash: 'p',
});
const log = [
  entry(1, 'run.started', 'engine', { specId: 'refund' }),
  entry(2, 'policy.checked', 'engine', {
    nodeId: 'lookup',
    decision: 'allow',
    riskClass: 'read',
    rule: 'zone lets read',
  }),
  entry(3, 'policy.checked', 'engine', { nodeId: 'pay', decision: 'approval', riskClass: 'financial' }),
  entry(4, 'approval.requested', 'engine', { approvalId: 'a1' }),
  entry(5, 'approval.resolved', 'alice', { decision: 'approved', by: 'alice', comment: 'fine' }),
  entry(6, 'budget.exceeded', 'engine', { limit: 'maxCostUsd' }),
];

describe('audit filters', () => {
  it('offers families with several kinds before their kinds, and actors', () => {
    expect(kindOptions(log)).toEqual([
      'approval.*',
      'approval.requested',
      'approval.resolved',
      'budget.exceeded',
      'policy.checked',
      'run.started',
    ]);
    expect(actorOptions(log)).toEqual(['alice', 'engine']);
  });

  it('filters by exact kind, family, actor and text (payload included)', () => {
    expect(filterEntries(log, NO_FILTER)).toHaveLength(6);
    expect(filterEntries(log, { ...NO_FILTER, kind: 'policy.checked' }).map((e) => e.seq)).toEqual([2, 3]);
    expect(filterEntries(log, { ...NO_FILTER, kind: 'approval.*' }).map((e) => e.seq)).toEqual([4, 5]);
    expect(filterEntries(log, { ...NO_FILTER, actor: 'alice' }).map((e) => e.seq)).toEqual([5]);
    expect(filterEntries(log, { ...NO_FILTER, text: 'FINANCIAL' }).map((e) => e.seq)).toEqual([3]);
    expect(filterEntries(log, { kind: 'policy.checked', actor: '', text: 'lookup' }).map((e) => e.seq)).toEqual([2]);
  });

  it('summarises and tones entries for the list', () => {
    expect(entrySummary(log[1] as AuditEntryView)).toBe('lookup · allow · read · zone lets read');
    expect(entryTone(log[1] as AuditEntryView)).toBe('ok');
    expect(entryTone(log[2] as AuditEntryView)).toBe('warn');
    expect(entryTone(log[5] as AuditEntryView)).toBe('bad');
    expect(entryTone(log[0] as AuditEntryView)).toBe('plain');
  });
});

describe('secret rows', () => {
  it('lists declared and connector-referenced names, then names only the backend knows', () => {
    const spec = refundFixture();
    spec.connectors.claude = {
      kind: 'llm',
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      apiKey: { secret: 'ANTHROPIC_API_KEY' },
    };
    expect(specSecretNames(spec)).toEqual(['SHOP_TOKEN', 'ANTHROPIC_API_KEY']);
    const rows = secretRows(spec, {
      writable: true,
      encrypted: true,
      secrets: [
        { name: 'ANTHROPIC_API_KEY', source: 'environment' },
        { name: 'SHOP_TOKEN', source: 'store', updatedAt: '2026-01-01T00:00:00Z' },
        { name: 'ZED', source: 'store' },
        { name: 'ALPHA', source: 'store' },
      ],
    });
    expect(rows.map((r) => [r.name, r.source, r.declared, r.usedBy.join(',')])).toEqual([
      ['SHOP_TOKEN', 'store', true, 'shop'],
      ['ANTHROPIC_API_KEY', 'environment', false, 'claude'],
      ['ALPHA', 'store', false, ''],
      ['ZED', 'store', false, ''],
    ]);
  });

  it('has no source before the backend answers', () => {
    expect(secretRows(refundFixture(), undefined)[0]).toMatchObject({ name: 'SHOP_TOKEN', usedBy: ['shop'] });
    expect(secretRows(refundFixture(), undefined)[0]?.source).toBeUndefined();
  });
});
