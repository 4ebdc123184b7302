/**
 * An automatic (policy) gate in the inbox: a connector declared `read` that DELETEs parks
 * for approval (the method's floor), and the approver sees the exact call — method, URL,
 * every header (the step's templated Host too, the secret shown by name, never its value)
 * and the body. Approved, the call reaches a loopback server once, with the real secret.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';
import { openExample, shot } from './run-helpers';

const TOKEN = 'Bearer e2e-call-token-7c2a91';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

function spec(baseUrl: string) {
  return {
    specVersion: 1,
    id: 'cancel-order',
    name: 'Cancel order',
    input: { type: 'object', properties: { orderId: { type: 'string' } } },
    secrets: [{ name: 'ORDERS_TOKEN' }],
    connectors: {
      orders: { kind: 'http', baseUrl, risk: 'read', headers: { authorization: { secret: 'ORDERS_TOKEN' } } },
    },
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      {
        id: 'cancel',
        type: 'tool',
        name: 'Cancel the order',
        config: {
          connector: 'orders',
          method: 'DELETE',
          path: '/orders/{{ input.orderId }}',
          headers: { Host: 'acme.orders.test', 'x-reason': 'duplicate of {{ input.orderId }}' },
          body: '{ "orderId": input.orderId, "notify": true }',
        },
      },
      { id: 'end', type: 'end', name: 'End' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'cancel' },
      { id: 'e2', source: 'cancel', target: 'end' },
    ],
  };
}

test('a policy gate shows the exact HTTP call, secret masked; approved, it is sent once', async ({
  page,
  host,
  pageErrors,
}) => {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"cancelled":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await host.service.dispatch('secrets.set', { name: 'ORDERS_TOKEN', value: TOKEN });
    const started = (await host.service.dispatch('runs.start', {
      text: JSON.stringify(spec(base)),
      input: { orderId: 'ord_77' },
    })) as { result: { runId: string } };
    const runId = started.result.runId;
    expect(seen).toEqual([]);

    // The inbox lists gates across runs, whichever document is open.
    await openExample(page);
    await page.getByTestId('toggle-runs').click();
    await page.getByTestId('runs-tab-approvals').click();
    await page.locator('.wm-inbox__item', { hasText: runId }).click();
    const call = page.getByTestId('approval-call');
    await expect(call).toBeVisible();
    await expect(call.locator('.wm-call__method')).toHaveText('DELETE');
    await expect(page.getByTestId('approval-call-url')).toHaveText(`${base}/orders/ord_77`);
    const headers = page.getByTestId('approval-call-headers');
    await expect(headers.locator('tr', { hasText: 'authorization' })).toContainText('secret ORDERS_TOKEN');
    await expect(headers.locator('tr', { hasText: 'Host' })).toContainText('acme.orders.test');
    await expect(headers.locator('tr', { hasText: 'x-reason' })).toContainText('duplicate of ord_77');
    await expect(call).toContainText('"notify": true');
    await expect(page.getByTestId('approval-detail')).toContainText('a DELETE can destroy data');
    expect(await page.content()).not.toContain('e2e-call-token');

    for (const width of [1280, 1440]) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        await shot(page, `approval-call-${width}-${scheme}`);
      }
    }

    await page.getByTestId('approver-name').pressSequentially('alice');
    await page.getByTestId('approve').click();
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toMatchObject({
      method: 'DELETE',
      url: '/orders/ord_77',
      headers: { authorization: TOKEN, host: 'acme.orders.test', 'x-reason': 'duplicate of ord_77' },
    });
    type Detail = { result: { run: { status: string } } };
    await expect
      .poll(async () => ((await host.service.dispatch('runs.get', { runId })) as Detail).result.run.status)
      .toBe('completed');
    expect(pageErrors).toEqual([]);
  } finally {
    server.close();
  }
});
