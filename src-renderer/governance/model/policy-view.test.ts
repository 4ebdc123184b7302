import { describe, expect, it } from 'vitest';
import { refundFixture } from '../../testing/refund-fixture';
import { parsePolicyKey, policyKey, policyViewMap, toneCounts } from './policy-view';
import { setClassChoice } from './zone-policy';

describe('policy view colouring', () => {
  it('colours each node by what it may do unattended, pure nodes neutral', () => {
    const spec = refundFixture();
    const m = policyViewMap(spec);
    expect(m.get('lookup')?.tone).toBe('allow'); // read, outside zones
    expect(m.get('classify')?.tone).toBe('allow'); // llm → draft by default
    expect(m.get('pay')?.tone).toBe('approval'); // payments zone: financial needs approval
    expect(m.get('route')?.tone).toBe('none');
    expect(m.get('start')?.tone).toBe('none');
    expect(m.get('pay')?.rule).toContain('zone "payments" requires approval for "financial"');
    expect(toneCounts(spec)).toEqual({ allow: 2, approval: 1, forbid: 0, none: 5 });
  });

  it('follows policy edits: forbidding financial turns the payment node red', () => {
    const spec = refundFixture();
    const zones = spec.zones.map((z) => ({ ...z, policy: setClassChoice(z.policy, 'financial', 'forbidden') }));
    const next = { ...spec, zones };
    expect(policyViewMap(next).get('pay')).toMatchObject({ tone: 'forbid', riskClass: 'financial', zone: 'payments' });
  });

  it('an unknown risk class counts as destructive (needs approval outside zones)', () => {
    const spec = refundFixture();
    spec.connectors.shop = { kind: 'http', baseUrl: 'https://shop.example.test' };
    expect(policyViewMap(spec).get('lookup')).toMatchObject({ tone: 'approval', riskClass: 'destructive' });
  });

  it('is cached per spec object and compares by value for selectors', () => {
    const spec = refundFixture();
    expect(policyViewMap(spec)).toBe(policyViewMap(spec));
    const copy = { ...spec };
    expect(policyKey(copy, 'pay')).toBe(policyKey(spec, 'pay'));
    expect(parsePolicyKey(policyKey(spec, 'pay'))?.tone).toBe('approval');
    expect(parsePolicyKey(policyKey(spec, 'nope'))).toBeUndefined();
  });
});
