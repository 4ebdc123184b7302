// Design-time policy edits saved through the app are audited: who (the host's OS account, with
// the display name given beside it) and what changed (one line per change), over the real web
// host API; a save that changes no policy adds nothing, and the chain stays intact.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osAccount } from '../src-main/host/os-account';
import { connectClient, startTestHost, type ApiClient, type TestHost } from './helpers/api-client';

const doc = (zonePolicy: object, risk: string, stepName = 'Refund') =>
  JSON.stringify({
    specVersion: 1,
    id: 'payments',
    name: 'Payments',
    zones: [{ id: 'money', name: 'Money', policy: zonePolicy }],
    connectors: { pay: { kind: 'http', baseUrl: 'https://pay.test', risk } },
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      {
        id: 'refund',
        type: 'tool',
        name: stepName,
        zone: 'money',
        config: { connector: 'pay', method: 'POST', path: '/r' },
      },
      { id: 'end', type: 'end', name: 'End' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'refund' },
      { id: 'e2', source: 'refund', target: 'end' },
    ],
  });

let t: TestHost;
let client: ApiClient;
beforeAll(async () => {
  t = await startTestHost();
  client = await connectClient(t.host);
});
afterAll(async () => {
  client?.close();
  await t?.kill();
  if (t) await rm(t.dir, { recursive: true, force: true });
});

const edits = async (file: string) =>
  (await client.ok('audit.list', { kinds: ['policy.edited'] })).filter(
    (e) => (e.payload as { document?: string }).document === file,
  );

describe('policy edits saved through the app are audited', () => {
  it('records who saved and what changed; a save without policy changes adds nothing', async () => {
    const file = path.join(t.dir, `payments-${Date.now()}.waymark.json`);
    const strict = { unattended: ['read'], approval: ['financial', 'write'], forbidden: ['destructive'] };
    expect(await client.ok('documents.save', { path: file, text: doc(strict, 'financial'), by: 'Dana' })).toMatchObject(
      { path: file },
    );
    let entries = await edits(file);
    expect(entries).toHaveLength(1);
    const account = osAccount();
    expect(entries[0]).toMatchObject({
      runId: null,
      kind: 'policy.edited',
      actor: account === 'Dana' ? 'Dana' : `Dana (OS account ${account})`,
      payload: { specId: 'payments', account, by: 'Dana', created: true },
    });
    expect((entries[0]!.payload as { changes: string[] }).changes).toEqual([
      'zone "Money" added (runs unattended: read; needs approval: financial, write; forbidden: destructive)',
      'connector "pay" risk: (new) → financial',
    ]);

    // Loosened: financial runs unattended now, and the connector claims to only read.
    const loose = { unattended: ['read', 'financial'], approval: ['write'], forbidden: [] };
    await client.ok('documents.save', { path: file, text: doc(loose, 'read') });
    entries = await edits(file);
    expect(entries).toHaveLength(2);
    expect(entries[1]!.actor).toBe(account);
    expect((entries[1]!.payload as { changes: string[] }).changes).toEqual([
      'zone "Money" runs unattended: read → read, financial',
      'zone "Money" needs approval: financial, write → write',
      'zone "Money" forbidden: destructive → (none)',
      'connector "pay" risk: financial → read',
    ]);

    // Renaming a step is no policy edit.
    await client.ok('documents.save', { path: file, text: doc(loose, 'read', 'Refund order'), by: 'Dana' });
    expect(await edits(file)).toHaveLength(2);
    expect(await client.ok('audit.verify', {})).toMatchObject({ ok: true });
  });
});
