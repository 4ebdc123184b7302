import { describe, expect, it } from 'vitest';
import { NODE_CATALOG } from './catalog';
import { evaluatePorts, portsOf, type PortRule } from './ports';
import { portKey } from './types';

const keys = (rules: readonly PortRule[], config: unknown) => evaluatePorts(rules, config).map(portKey);

describe('port rules', () => {
  it('gives fixed ports in order, each once', () => {
    expect(keys([{ kind: 'next' }, { kind: 'error' }, { kind: 'next' }], {})).toEqual(['next', 'error']);
  });

  it('reads branch names from a key or through a list, skipping empty and non-string values', () => {
    const rules: PortRule[] = [
      { kind: 'branches', from: 'rules.*.branch' },
      { kind: 'branches', from: 'fallback' },
    ];
    const config = { rules: [{ branch: 'a' }, { branch: '' }, { branch: 'b' }, { branch: 3 }, {}], fallback: 'a' };
    expect(keys(rules, config)).toEqual(['branch:a', 'branch:b']);
    expect(keys(rules, {})).toEqual([]);
  });

  it('applies conditions: equals, oneOf, present, anyOf, allOf', () => {
    const rules: PortRule[] = [
      { kind: 'branch', name: 'eq', when: { param: 'mode', equals: 'x' } },
      { kind: 'branch', name: 'in', when: { param: 'n', oneOf: [1, 2] } },
      { kind: 'branch', name: 'set', when: { param: 'opt.deep', present: true } },
      { kind: 'branch', name: 'unset', when: { param: 'opt.deep', present: false } },
      {
        kind: 'branch',
        name: 'both',
        when: {
          allOf: [
            { param: 'mode', equals: 'x' },
            {
              anyOf: [
                { param: 'n', equals: 9 },
                { param: 'n', equals: 2 },
              ],
            },
          ],
        },
      },
    ];
    expect(keys(rules, { mode: 'x', n: 2, opt: { deep: 0 } })).toEqual([
      'branch:eq',
      'branch:in',
      'branch:set',
      'branch:both',
    ]);
    expect(keys(rules, { mode: 'y', n: 3, opt: { deep: '' } })).toEqual(['branch:unset']);
  });

  it('derive the built-in ports from their configs', () => {
    expect(
      portsOf(NODE_CATALOG.decision, { rules: [{ when: 'true', branch: 'big' }], defaultBranch: 'small' }),
    ).toEqual([{ kind: 'branch', name: 'big' }, { kind: 'branch', name: 'small' }, { kind: 'error' }]);
    const approval = (c: object) => portsOf(NODE_CATALOG.approval, c).map(portKey);
    expect(approval({})).toEqual(['branch:approved', 'branch:rejected']);
    expect(approval({ onTimeout: 'branch', timeoutBranch: 'late' })).toEqual([
      'branch:approved',
      'branch:rejected',
      'branch:late',
    ]);
    expect(approval({ onTimeout: 'reject', timeoutBranch: 'late' })).toEqual(['branch:approved', 'branch:rejected']);
    const guard = (c: object) => portsOf(NODE_CATALOG.guardrail, c).map(portKey);
    expect(guard({})).toEqual(['next', 'branch:flagged', 'error']); // input mode blocks injection by default
    expect(guard({ mode: 'output' })).toEqual(['next', 'error']);
    expect(guard({ mode: 'output', confidenceThreshold: 0 })).toEqual(['next', 'branch:review', 'error']);
    expect(guard({ injection: 'off', pii: 'redact' })).toEqual(['next', 'error']);
  });
});
