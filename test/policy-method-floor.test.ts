// Risk from what a call does, through the real binary: a connector declared `read` that
// DELETEs is warned about by `validate` and `policy`, counts as destructive at run time (so
// it parks for approval and never reaches the loopback ledger unattended), and `show` gives
// the approver the exact call — method, URL, every header (the step's templated Host too,
// the secret masked) and the body.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLedgerServer, type LedgerServer } from './fakes/ledger-server';
import { cli, tempDir } from './helpers/cli';

const TOKEN = 'Bearer floor-test-token-5e1d';
const dir = tempDir('waymark-floor-');
const db = path.join(dir, 'runs.db');
const secretsFile = path.join(dir, 'secrets.env');
let ledger: LedgerServer;
let specFile: string;

beforeAll(async () => {
  ledger = await startLedgerServer();
  writeFileSync(secretsFile, `ORDERS_TOKEN=${TOKEN}\n`);
  specFile = path.join(dir, 'cancel.waymark.json');
  writeFileSync(
    specFile,
    JSON.stringify({
      specVersion: 1,
      id: 'cancel',
      name: 'Cancel order',
      input: { type: 'object', properties: { orderId: { type: 'string' }, tenant: { type: 'string' } } },
      secrets: [{ name: 'ORDERS_TOKEN' }],
      connectors: {
        orders: {
          kind: 'http',
          baseUrl: ledger.url,
          risk: 'read',
          headers: { authorization: { secret: 'ORDERS_TOKEN' } },
        },
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
            headers: { Host: '{{ input.tenant }}.ledger.test', 'x-reason': 'duplicate' },
            body: '{ "orderId": input.orderId }',
          },
        },
        { id: 'end', type: 'end', name: 'End' },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'cancel' },
        { id: 'e2', source: 'cancel', target: 'end' },
      ],
    }),
  );
});
afterAll(async () => {
  await ledger.close();
});

const WARNING =
  /step "Cancel the order" \(cancel\) sends DELETE, which can destroy data, but connector "orders" declares risk "read": it counts as "destructive"/i;

describe('the HTTP method as a risk floor', () => {
  it('validate and policy warn when a declaration sits below what the method does', async () => {
    const v = await cli(['validate', specFile]);
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(WARNING);
    expect(v.stderr).toContain('[$.connectors.orders.risk]');

    const p = await cli(['policy', specFile]);
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/cancel\s+tool\s+\(default\)\s+destructive\s+needs approval/);
    expect(p.stdout).toContain('a DELETE can destroy data: the declared "read" on connector "orders" is below that');
    expect(p.stderr).toMatch(WARNING);
    const j = JSON.parse((await cli(['--json', 'policy', specFile])).stdout);
    expect(j.warnings).toMatchObject([{ code: 'policy.risk-below-method', nodeId: 'cancel' }]);
    expect(j.nodes.find((n: { nodeId: string }) => n.nodeId === 'cancel')).toMatchObject({
      riskClass: 'destructive',
      riskSource: 'method',
      belowFloor: { declared: 'read', source: 'connector', method: 'DELETE', floor: 'destructive' },
    });
  });

  it('parks the DELETE for approval and shows the approver the exact call, secret masked', async () => {
    const before = ledger.requests().length;
    const input = JSON.stringify({ orderId: 'ord_1001', tenant: 'acme' });
    const args = ['--db', db, '--secrets-file', secretsFile];
    const run = await cli([...args, 'run', specFile, '--run-id', 'del1', '--input', input]);
    expect(run.code, run.stderr).toBe(3);
    expect(ledger.requests().slice(before)).toEqual([]);

    const show = await cli([...args, 'show', 'del1']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`call: DELETE ${ledger.url}/orders/ord_1001`);
    expect(show.stdout).toMatch(/^\s+authorization: \[secret:ORDERS_TOKEN\]$/m);
    expect(show.stdout).toMatch(/^\s+Host: acme\.ledger\.test$/m);
    expect(show.stdout).toMatch(/^\s+x-reason: duplicate$/m);
    expect(show.stdout).toMatch(/^\s+idempotency-key: wm-del1-/m);
    expect(show.stdout).toContain('body: {"orderId":"ord_1001"}');
    expect(show.stdout + show.stderr).not.toContain('floor-test-token');

    const json = JSON.parse((await cli([...args, '--json', 'show', 'del1'])).stdout);
    const payload = json.approvals[0].payload;
    expect(payload).toMatchObject({ kind: 'http', method: 'DELETE', url: `${ledger.url}/orders/ord_1001` });
    expect(payload.headers).toMatchObject({
      authorization: '[secret:ORDERS_TOKEN]',
      Host: 'acme.ledger.test',
      'content-type': 'application/json',
    });

    // Approved, the call goes out once, with the real secret (the ledger answers 404: no such route).
    const ok = await cli([...args, 'approve', 'del1', '--as', 'alice']);
    expect(ok.stderr).not.toContain('floor-test-token');
    expect(
      ledger
        .requests()
        .slice(before)
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(['DELETE /orders/ord_1001']);
  });
});
