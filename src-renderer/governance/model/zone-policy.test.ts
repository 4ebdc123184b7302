import { describe, expect, it } from 'vitest';
import {
  classChoice,
  setAllowList,
  setApprovalRule,
  setBudgetLimit,
  setClassChoice,
  toggleAllowed,
  type ZonePolicy,
} from './zone-policy';
import { formatDuration, splitDuration, toMs } from './units';

const base = (): ZonePolicy => ({ unattended: ['read', 'financial'], approval: ['write'], forbidden: ['destructive'] });

describe('risk class choices', () => {
  it('reads the list a class is in, unlisted otherwise, strictest when listed twice', () => {
    const p = base();
    expect(classChoice(p, 'financial')).toBe('unattended');
    expect(classChoice(p, 'write')).toBe('approval');
    expect(classChoice(p, 'destructive')).toBe('forbidden');
    expect(classChoice(p, 'draft')).toBe('unlisted');
    expect(classChoice({ ...p, forbidden: ['read'] }, 'read')).toBe('forbidden');
  });

  it('moves a class into exactly one list, in canonical order', () => {
    const p = setClassChoice(base(), 'financial', 'forbidden');
    expect(p).toEqual({ unattended: ['read'], approval: ['write'], forbidden: ['financial', 'destructive'] });
    expect(setClassChoice(p, 'draft', 'unattended').unattended).toEqual(['read', 'draft']);
  });

  it('returns the same object when nothing changes (no empty undo step)', () => {
    const p = base();
    expect(setClassChoice(p, 'read', 'unattended')).toBe(p);
  });

  it('cleans a class listed twice when it is chosen', () => {
    const p: ZonePolicy = { unattended: ['read'], approval: [], forbidden: ['read'] };
    expect(setClassChoice(p, 'read', 'forbidden')).toEqual({ unattended: [], approval: [], forbidden: ['read'] });
  });
});

describe('allow-lists', () => {
  it('ticking adds in spec order; unticking the last one removes the list (all allowed)', () => {
    let p = toggleAllowed(base(), 'connectors', 'orders', true, ['gpt', 'orders']);
    p = toggleAllowed(p, 'connectors', 'gpt', true, ['gpt', 'orders']);
    expect(p.connectors).toEqual(['gpt', 'orders']);
    p = toggleAllowed(p, 'connectors', 'gpt', false, ['gpt', 'orders']);
    p = toggleAllowed(p, 'connectors', 'orders', false, ['gpt', 'orders']);
    expect('connectors' in p).toBe(false);
  });

  it('keeps names the spec no longer declares, after the known ones', () => {
    const p = toggleAllowed({ ...base(), secrets: ['OLD'] }, 'secrets', 'NEW', true, ['NEW']);
    expect(p.secrets).toEqual(['NEW', 'OLD']);
  });

  it('an explicit empty list (forbids all) becomes a real list when a box is ticked', () => {
    const p = toggleAllowed({ ...base(), connectors: [] }, 'connectors', 'gpt', true, ['gpt']);
    expect(p.connectors).toEqual(['gpt']);
  });

  it('sets or clears a whole list', () => {
    expect(setAllowList(base(), 'secrets', ['A']).secrets).toEqual(['A']);
    const p = base();
    expect(setAllowList(p, 'secrets', undefined)).toBe(p);
  });
});

describe('budgets', () => {
  it('sets and clears limits; an empty budget is removed', () => {
    let p = setBudgetLimit(base(), 'maxCostUsd', 2.5);
    p = setBudgetLimit(p, 'maxWallTimeMs', 600_000);
    expect(p.budget).toEqual({ maxCostUsd: 2.5, maxWallTimeMs: 600_000 });
    p = setBudgetLimit(p, 'maxCostUsd', undefined);
    p = setBudgetLimit(p, 'maxWallTimeMs', undefined);
    expect('budget' in p).toBe(false);
  });

  it('zero is a limit, not "unset"', () => {
    expect(setBudgetLimit(base(), 'maxLlmCalls', 0).budget).toEqual({ maxLlmCalls: 0 });
  });

  it('no-op edits keep identity', () => {
    const p = setBudgetLimit(base(), 'maxSteps', 20);
    expect(setBudgetLimit(p, 'maxSteps', 20)).toBe(p);
    const q = base();
    expect(setBudgetLimit(q, 'maxSteps', undefined)).toBe(q);
  });
});

describe('approval rule', () => {
  it('drops empty lists and unset fields; an empty rule is removed', () => {
    let p = setApprovalRule(base(), { approvers: ['finance-lead'], timeoutMs: 3_600_000 });
    expect(p.approvals).toEqual({ approvers: ['finance-lead'], timeoutMs: 3_600_000 });
    p = setApprovalRule(p, { approvers: [], timeoutMs: undefined });
    expect('approvals' in p).toBe(false);
  });

  it('escalateTo only lives with onTimeout: escalate', () => {
    let p = setApprovalRule(base(), { onTimeout: 'escalate', escalateTo: ['cfo'], timeoutMs: 60_000 });
    expect(p.approvals).toEqual({ onTimeout: 'escalate', escalateTo: ['cfo'], timeoutMs: 60_000 });
    p = setApprovalRule(p, { onTimeout: 'reject' });
    expect(p.approvals).toEqual({ onTimeout: 'reject', timeoutMs: 60_000 });
  });

  it('keeps identity when the rule does not change', () => {
    const p = setApprovalRule(base(), { approvers: ['a'] });
    expect(setApprovalRule(p, { approvers: ['a'] })).toBe(p);
  });
});

describe('duration units', () => {
  it('shows a stored value in the largest exact unit', () => {
    expect(splitDuration(3_600_000, ['s', 'min', 'h'], 'min')).toEqual({ value: 1, unit: 'h' });
    expect(splitDuration(5_400_000, ['s', 'min', 'h'], 'min')).toEqual({ value: 90, unit: 'min' });
    expect(splitDuration(1500, ['s', 'min', 'h'], 'min')).toEqual({ value: 1.5, unit: 's' });
    expect(splitDuration(undefined, ['s', 'min'], 'min')).toEqual({ value: undefined, unit: 'min' });
    expect(splitDuration(0, ['s', 'min'], 'min')).toEqual({ value: 0, unit: 'min' });
  });

  it('converts back to whole milliseconds', () => {
    expect(toMs(1.5, 'h')).toBe(5_400_000);
    expect(toMs(0.0005, 's')).toBe(1);
    expect(toMs(undefined, 'h')).toBeUndefined();
    expect(formatDuration(600_000)).toBe('10 min');
  });
});
