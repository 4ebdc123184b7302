import { describe, expect, it } from 'vitest';
import { checkPayload } from './payload-check';

const schema = {
  type: 'object',
  required: ['orderId', 'amountCents', 'currency'],
  properties: {
    orderId: { type: 'string' },
    amountCents: { type: 'integer', exclusiveMinimum: 0 },
    currency: { type: 'string' },
    reason: { type: 'string' },
  },
};

describe('checkPayload', () => {
  it('accepts a payload matching the schema and names the path of a bad one', () => {
    expect(checkPayload(schema, { orderId: 'o', amountCents: 9000, currency: 'EUR' })).toBeUndefined();
    expect(checkPayload(schema, { orderId: 'o', amountCents: 0, currency: 'EUR' })).toMatch(/amountCents/);
    expect(checkPayload(schema, { orderId: 'o', amountCents: 1.5, currency: 'EUR' })).toMatch(/amountCents/);
    expect(checkPayload(schema, { orderId: 'o', amountCents: 5 })).toMatch(/currency/);
    expect(checkPayload(undefined, 42)).toBeUndefined();
  });
});
