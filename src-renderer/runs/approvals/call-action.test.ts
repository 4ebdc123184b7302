import { describe, expect, it } from 'vitest';
import { httpCallOf } from './call-action';

describe('httpCallOf', () => {
  it('reads a policy gate’s call: method, URL, every header with masked secrets named, body', () => {
    const call = httpCallOf({
      kind: 'http',
      connector: 'ledger',
      method: 'DELETE',
      url: 'https://ledger.test/orders/7',
      headers: { Authorization: '[secret:LEDGER_TOKEN]', Host: 'ledger.internal', 'idempotency-key': 'wm-r-1' },
      body: null,
    });
    expect(call).toEqual({
      method: 'DELETE',
      url: 'https://ledger.test/orders/7',
      connector: 'ledger',
      headers: [
        { name: 'Authorization', value: '[secret:LEDGER_TOKEN]', secret: 'LEDGER_TOKEN' },
        { name: 'Host', value: 'ledger.internal' },
        { name: 'idempotency-key', value: 'wm-r-1' },
      ],
      headersShown: true,
      body: null,
    });
  });

  it('says when an older approval recorded no headers, and is undefined for other payloads', () => {
    expect(
      httpCallOf({ kind: 'http', connector: null, method: 'POST', url: 'https://x', body: { a: 1 } }),
    ).toMatchObject({
      headers: [],
      headersShown: false,
      body: { a: 1 },
    });
    expect(httpCallOf({ orderId: 'o1' })).toBeUndefined();
    expect(httpCallOf({ kind: 'llm', messages: [] })).toBeUndefined();
    expect(httpCallOf(null)).toBeUndefined();
  });
});
